import type { Rubric } from '../jobs/job.entity.js';

/** Bumped whenever a prompt or the built-in scorer changes, so evaluations say how they were made. */
export const PROMPT_VERSION = 'screen-2026-12-a';

export interface GeneratedQuestion {
  text: string;
  competency: string;
  rubric: Rubric;
  /** 1 (nice to have) to 3 (essential). */
  weight: number;
}

export interface ScoredAnswer {
  score: number;
  rationale: string;
  evidence: string[];
}

export type SpeakInput =
  | { kind: 'open'; orgName: string; jobTitle: string; candidateFirstName: string; question: string; questionNumber: number; questionCount: number }
  | { kind: 'next'; question: string; questionNumber: number; questionCount: number; previousAnswer: string }
  | { kind: 'close'; orgName: string; candidateFirstName: string };

export interface TranscriptLine {
  role: 'interviewer' | 'candidate';
  text: string;
}

/**
 * What conducts and scores interviews: an OpenAI-compatible model, or the built-in scripted
 * interviewer. The conversation's structure (which question, when to end) is decided in code;
 * the interviewer only words it, so nothing a candidate writes can skip or reorder questions.
 */
export interface Interviewer {
  /** Shown to candidates and recruiters, and written into the Ashby note. */
  readonly label: string;
  readonly isBuiltIn: boolean;
  /** Stored on every evaluation. */
  readonly modelName: string;
  readonly settings: Record<string, unknown>;
  generateQuestions(job: { title: string; description: string | null }): Promise<GeneratedQuestion[]>;
  /** Streams the reply: onText receives the whole text so far after each piece. Returns the final text. */
  speak(input: SpeakInput, onText: (textSoFar: string) => void): Promise<string>;
  scoreAnswer(input: { question: string; competency: string; rubric: Rubric; answer: string }): Promise<ScoredAnswer>;
  summarize(input: { jobTitle: string; transcript: TranscriptLine[]; scores: { competency: string; score: number }[] }): Promise<string>;
}

export class ModelOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelOutputError';
  }
}
