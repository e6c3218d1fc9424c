import type { Rubric } from '../jobs/job.entity.js';

/** Bumped whenever a prompt or the built-in scorer changes, so evaluations say how they were made. */
export const PROMPT_VERSION = 'screen-2026-12-b';

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

export interface ScoreInput {
  question: string;
  competency: string;
  rubric: Rubric;
  answer: string;
}

/** What the candidate's latest message is, as far as the conversation is concerned. */
export type ReplyType = 'answer' | 'role_question' | 'off_topic' | 'abusive';

export const REPLY_TYPES: readonly ReplyType[] = ['answer', 'role_question', 'off_topic', 'abusive'];

export interface ReplyAssessment {
  type: ReplyType;
  /** Only meaningful for an answer: it is thin or vague enough to deserve one probing question. */
  needsFollowUp: boolean;
  /** The probing question to ask, when one is needed. Code checks it before it is used. */
  followUpQuestion: string | null;
}

export interface AssessInput {
  /** The question (or follow-up) the candidate is replying to. */
  question: string;
  /** Everything the candidate wrote since the interviewer last spoke. */
  message: string;
}

/**
 * One interviewer message, decided in code; the interviewer only words it. `say` fields are
 * written by code and reach the candidate verbatim, whatever the model adds around them.
 */
export type SpeakInput =
  | { kind: 'open'; orgName: string; jobTitle: string; candidateFirstName: string; question: string; questionNumber: number; questionCount: number }
  | { kind: 'next'; question: string; questionNumber: number; questionCount: number }
  | { kind: 'follow_up'; followUp: string; questionNumber: number; questionCount: number }
  | { kind: 'role_answer'; roleQuestion: string; jobDescription: string; currentQuestion: string; questionNumber: number; questionCount: number }
  | { kind: 'redirect'; reason: 'off_topic' | 'abusive'; currentQuestion: string; questionNumber: number; questionCount: number }
  | { kind: 'close'; orgName: string; candidateFirstName: string };

export interface SpeakOptions {
  /** Receives the whole text so far after each piece. */
  onText: (textSoFar: string) => void;
  /** Aborts the reply (a newer message made it obsolete). */
  signal?: AbortSignal;
}

export interface TranscriptLine {
  role: 'interviewer' | 'candidate';
  text: string;
}

/**
 * What conducts and scores interviews: an OpenAI-compatible model, or the built-in scripted
 * interviewer. The conversation's structure (which question, follow-up or not, when to end) is
 * decided in code; the interviewer only words it and classifies replies within a closed set, so
 * nothing a candidate writes can skip, reorder or end questions.
 */
export interface Interviewer {
  /** Shown to candidates and recruiters, and written into the Ashby note. */
  readonly label: string;
  readonly isBuiltIn: boolean;
  /** Stored on every evaluation. */
  readonly modelName: string;
  readonly settings: Record<string, unknown>;
  generateQuestions(job: { title: string; description: string | null }): Promise<GeneratedQuestion[]>;
  /** Classifies the candidate's latest message and says whether an answer needs a follow-up. */
  assessReply(input: AssessInput): Promise<ReplyAssessment>;
  /** Streams the reply through onText. Returns the final text. */
  speak(input: SpeakInput, options: SpeakOptions): Promise<string>;
  scoreAnswer(input: ScoreInput): Promise<ScoredAnswer>;
  summarize(input: { jobTitle: string; transcript: TranscriptLine[]; scores: { competency: string; score: number }[] }): Promise<string>;
}

export type OutputProblem = 'refusal' | 'cut_off' | 'invalid_json' | 'schema_mismatch' | 'empty' | 'no_choices';

/** The model answered, but not with something usable: a refusal, a cut-off reply, invalid or mismatched JSON. */
export class ModelOutputError extends Error {
  constructor(
    readonly problem: OutputProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ModelOutputError';
  }
}

export type UnavailableReason = 'rate_limited' | 'server_error' | 'timeout' | 'connection' | 'rejected';

/**
 * The model server could not be used just now (after the client's own quick retries). Says how
 * long the server asked us to wait, when it did, so the caller can schedule the next attempt.
 */
export class ModelUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

/** The reply was abandoned on purpose (a newer message made it obsolete); not a failure. */
export class ReplyAbortedError extends Error {
  constructor() {
    super('The reply was abandoned because a newer message arrived');
    this.name = 'ReplyAbortedError';
  }
}
