import type { EntityManager } from '@mikro-orm/postgresql';
import type { Interviewer, TranscriptLine } from '../ai/interviewer.js';
import { ModelUnavailableError, PROMPT_VERSION } from '../ai/interviewer.js';
import { Interview, InterviewStatus, Message, MessageKind, MessageRole } from '../interviews/interview.entity.js';
import { questionsFor } from '../interviews/interview.service.js';
import { Question } from '../jobs/job.entity.js';
import { publishInterviewChanged } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import type { PgPubSub } from '../platform/pubsub.js';
import { RetryLater, type TaskQueue } from '../platform/queue.js';
import { EVIDENCE_REQUIRED_ABOVE, scoreAnswerChecked } from './answer-check.js';
import { AnswerScore, Evaluation } from './evaluation.entity.js';
import { overallScore, recommend } from './recommendation.js';

export const PUSH_RESULTS = 'push-results';

/** The longest a model server's Retry-After may postpone scoring by; longer requests are retried after this. */
export const SCORING_RETRY_CEILING_MS = 10 * 60_000;

/**
 * Scores a completed interview: each answer on its rubric, checked in code, then the overall result
 * in code. Nothing is stored until every answer and the summary are in, so a failure part-way
 * leaves no partial evaluation; the task is retried (honouring the model server's Retry-After up to
 * a ceiling) and a rescore writes a complete new evaluation beside the old ones.
 */
export class ScoringService {
  constructor(private readonly deps: { interviewer: Interviewer; queue: TaskQueue; pubsub: PgPubSub }) {}

  /** Task: idempotent — an interview already scored by this run's key is left alone. */
  async score(em: EntityManager, payload: { interviewId: string; rescore?: boolean }, log: Logger): Promise<void> {
    try {
      await this.#score(em, payload, log);
    } catch (error) {
      if (error instanceof ModelUnavailableError && error.retryAfterMs !== null) {
        throw new RetryLater(Math.min(Math.max(error.retryAfterMs, 1000), SCORING_RETRY_CEILING_MS), error.message);
      }
      throw error;
    }
  }

  async #score(em: EntityManager, payload: { interviewId: string; rescore?: boolean }, log: Logger): Promise<void> {
    const interview = await em.findOne(Interview, payload.interviewId, { populate: ['job', 'org'] });
    if (!interview) return;
    if (interview.status === InterviewStatus.SCORED && !payload.rescore) return;
    if (interview.status !== InterviewStatus.COMPLETED && interview.status !== InterviewStatus.SCORED) return;

    const questions = await questionsFor(em, interview);
    const messages = await em.find(Message, { interview }, { orderBy: { seq: 'asc' }, populate: ['question'] });
    const scored: { question: Question; score: number; rationale: string; evidence: string[]; weight: number }[] = [];
    for (const question of questions) {
      const answer = answerTo(question, messages);
      const result = answer
        ? await scoreAnswerChecked(this.deps.interviewer, { question: question.text, competency: question.competency, rubric: question.rubric, answer })
        : { score: 1, rationale: 'No answer was given to this question.', evidence: [] };
      scored.push({ question, score: result.score, rationale: result.rationale, evidence: result.evidence, weight: question.weight });
    }

    const transcript: TranscriptLine[] = messages.map((m) => ({ role: m.role === MessageRole.INTERVIEWER ? 'interviewer' : 'candidate', text: m.text }));
    const overall = overallScore(scored);
    const summary = await this.deps.interviewer.summarize({ jobTitle: interview.job.title, transcript, scores: scored.map((s) => ({ competency: s.question.competency, score: s.score })) });

    await em.transactional(async (tem) => {
      // The status change doubles as the guard against two runs of this task both writing an evaluation.
      const from = payload.rescore ? [InterviewStatus.COMPLETED, InterviewStatus.SCORED] : [InterviewStatus.COMPLETED];
      const changed = await tem.nativeUpdate(Interview, { id: interview.id, status: { $in: from }, ...(payload.rescore ? {} : { scoredAt: null }) }, { status: InterviewStatus.SCORED, scoredAt: new Date() });
      if (changed === 0) return;
      const evaluation = tem.create(Evaluation, {
        interview: interview.id,
        overallScore: overall,
        recommendation: recommend(overall),
        summary,
        model: this.deps.interviewer.modelName,
        promptVersion: PROMPT_VERSION,
        settings: { ...this.deps.interviewer.settings, evidenceRequiredAbove: EVIDENCE_REQUIRED_ABOVE },
      });
      for (const s of scored) {
        tem.create(AnswerScore, { evaluation, question: s.question.id, questionText: s.question.text, score: s.score, weight: s.weight, rationale: s.rationale, evidence: s.evidence });
      }
      await tem.flush();
      await this.deps.queue.enqueue(tem, PUSH_RESULTS, { evaluationId: evaluation.id }, { key: `push:${evaluation.id}` });
      await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: InterviewStatus.SCORED });
      log.info({ interviewId: interview.id, evaluationId: evaluation.id, overall }, 'interview scored');
    });
  }
}

/**
 * Everything the candidate answered to a question, replies to its follow-up included, or null.
 * Role questions and off-topic messages asked while it was open are not part of the answer.
 */
export function answerTo(question: Question, messages: Message[]): string | null {
  const parts = messages.filter((m) => m.role === MessageRole.CANDIDATE && m.kind === MessageKind.ANSWER && m.question?.id === question.id).map((m) => m.text.trim());
  return parts.length > 0 ? parts.join('\n') : null;
}
