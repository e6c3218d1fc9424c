import type { JobDetailQuery, QuestionInput } from '$lib/gql/graphql';

export type JobDetail = NonNullable<JobDetailQuery['job']>;
export type JobQuestion = JobDetail['questions'][number];

/** The rubric's scale: the scorer rates each answer 1 to 5. */
export const RUBRIC_LEVELS = [1, 2, 3, 4, 5] as const;

export const WEIGHTS = [
  { value: 1, label: '1 — nice to have' },
  { value: 2, label: '2 — important' },
  { value: 3, label: '3 — essential' },
] as const;

export const RUBRIC_LEVEL_HINTS: Record<number, string> = {
  1: 'Poor',
  2: 'Weak',
  3: 'Adequate',
  4: 'Good',
  5: 'Excellent',
};

/** What the question editor edits: every rubric level as its own text. */
export interface QuestionDraft {
  text: string;
  competency: string;
  weight: number;
  rubric: Record<number, string>;
}

export function emptyDraft(): QuestionDraft {
  return { text: '', competency: '', weight: 1, rubric: Object.fromEntries(RUBRIC_LEVELS.map((level) => [level, ''])) };
}

export function draftOf(question: JobQuestion): QuestionDraft {
  const rubric = Object.fromEntries(RUBRIC_LEVELS.map((level) => [level, question.rubric.find((r) => r.level === level)?.description ?? '']));
  return { text: question.text, competency: question.competency, weight: question.weight, rubric };
}

export function toQuestionInput(draft: QuestionDraft): QuestionInput {
  return {
    text: draft.text.trim(),
    competency: draft.competency.trim(),
    weight: draft.weight,
    rubric: RUBRIC_LEVELS.map((level) => ({ level, description: draft.rubric[level]!.trim() })),
  };
}
