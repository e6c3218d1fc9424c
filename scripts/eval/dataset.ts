import { readFileSync } from 'node:fs';
import type { Rubric } from '../../server/src/jobs/job.entity.js';

export interface EvalQuestion {
  id: string;
  competency: string;
  text: string;
  rubric: Rubric;
}

export interface EvalSample {
  id: string;
  question: string;
  language: string;
  /** The expert grade on the question's rubric, 1–5. */
  grade: number;
  tags: string[];
  answer: string;
}

export interface Dataset {
  questions: EvalQuestion[];
  samples: EvalSample[];
}

export const DATASET_PATH = new URL('./samples.json', import.meta.url);

export function loadDataset(path: URL = DATASET_PATH): Dataset {
  return JSON.parse(readFileSync(path, 'utf8')) as Dataset;
}
