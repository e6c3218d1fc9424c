import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Interviewer } from '../ai/interviewer.js';
import { Errors } from '../platform/errors.js';
import { publishInterviewChanged } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import type { PublicUrl } from '../platform/public-url.js';
import type { PgPubSub } from '../platform/pubsub.js';
import { PermanentTaskError, type TaskQueue } from '../platform/queue.js';
import { Interview } from '../interviews/interview.entity.js';
import { AnswerScore, Evaluation } from '../scoring/evaluation.entity.js';
import { PUSH_RESULTS } from '../scoring/scoring.service.js';
import { AshbyError } from './ashby.client.js';
import { IntegrationStatus } from './ashby-integration.entity.js';
import type { IntegrationService } from './integration.service.js';
import { buildNote } from './note.js';
import { Pushback, PushbackKind, PushbackStatus } from './pushback.entity.js';

/**
 * Posting results to Ashby. A failure is recorded on the Pushback row (visible to recruiters) and
 * retried with backoff; it never touches the evaluation, which is already stored.
 */
export class PushbackService {
  constructor(private readonly deps: { integrations: IntegrationService; urls: PublicUrl; pubsub: PgPubSub; queue: TaskQueue; interviewer: Interviewer }) {}

  /** Task: post the note for an evaluation, once. */
  async push(em: EntityManager, payload: { evaluationId: string }, log: Logger): Promise<void> {
    const evaluation = await em.findOne(Evaluation, payload.evaluationId, { populate: ['interview', 'interview.candidate', 'interview.job', 'interview.org'] });
    if (!evaluation) return;
    const pushback = await this.#pushbackFor(em, evaluation);
    if (pushback.status === PushbackStatus.POSTED) return;

    const interview = evaluation.interview;
    const integration = await this.deps.integrations.find(em, interview.org);
    const ashbyCandidateId = interview.candidate.ashbyCandidateId;
    if (!integration || integration.status !== IntegrationStatus.CONNECTED || !ashbyCandidateId) {
      await this.#fail(em, pushback, !ashbyCandidateId ? 'The candidate has no Ashby id, so there is no profile to post to.' : 'Ashby is not connected, so the note could not be posted. Reconnect Ashby, then retry.');
      throw new PermanentTaskError(pushback.lastError!);
    }
    const client = this.deps.integrations.client(integration);
    const transcriptUrl = this.deps.urls.interview(interview.id);

    try {
      // A timed-out earlier attempt may have created the note after all: look for it before posting again.
      if (pushback.attempts > 0) {
        const notes = await client.listNotes(ashbyCandidateId);
        const earlier = notes.find((n) => n.content?.includes(transcriptUrl) && n.content.includes(evaluation.overallScore.toFixed(1)));
        if (earlier) return await this.#posted(em, pushback, earlier.id, log);
      }
      pushback.attempts += 1;
      await em.flush();

      const answers = await em.find(AnswerScore, { evaluation }, { populate: ['question'], orderBy: { question: { position: 'asc' } } });
      const html = buildNote({
        jobTitle: interview.job.title,
        overallScore: evaluation.overallScore,
        recommendation: evaluation.recommendation,
        summary: evaluation.summary,
        completedAt: interview.completedAt,
        interviewerLabel: evaluation.model === this.deps.interviewer.modelName ? this.deps.interviewer.label : evaluation.model,
        answers: answers.map((a) => ({ competency: a.question?.competency ?? a.questionText, score: a.score })),
        transcriptUrl,
      });
      const note = await client.createNote({ candidateId: ashbyCandidateId, html });
      await this.#posted(em, pushback, note.id, log);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.#fail(em, pushback, message);
      log.warn({ pushbackId: pushback.id, failure: error instanceof AshbyError ? error.failure : 'error' }, 'note pushback failed');
      if (error instanceof AshbyError && !error.retryable) throw new PermanentTaskError(message);
      throw error;
    }
  }

  /** Queues another attempt for a failed pushback (the dashboard's Retry button). */
  async retry(em: EntityManager, pushback: Pushback): Promise<Pushback> {
    if (pushback.status === PushbackStatus.POSTED) throw Errors.conflict('This result is already posted to Ashby.');
    await em.transactional(async (tem) => {
      await tem.nativeUpdate(Pushback, { id: pushback.id }, { status: PushbackStatus.PENDING });
      await this.deps.queue.enqueue(tem, PUSH_RESULTS, { evaluationId: pushback.evaluation.id }, { key: `push:${pushback.evaluation.id}:retry:${randomUUID()}` });
    });
    await em.refresh(pushback);
    return pushback;
  }

  async #pushbackFor(em: EntityManager, evaluation: Evaluation): Promise<Pushback> {
    const existing = await em.findOne(Pushback, { evaluation, kind: PushbackKind.ASHBY_NOTE });
    if (existing) return existing;
    try {
      const fork = em.fork();
      const created = fork.create(Pushback, { interview: evaluation.interview.id, evaluation: evaluation.id, kind: PushbackKind.ASHBY_NOTE });
      await fork.flush();
      return em.findOneOrFail(Pushback, created.id);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return em.findOneOrFail(Pushback, { evaluation, kind: PushbackKind.ASHBY_NOTE });
    }
  }

  async #posted(em: EntityManager, pushback: Pushback, ashbyRef: string, log: Logger): Promise<void> {
    Object.assign(pushback, { status: PushbackStatus.POSTED, ashbyRef, postedAt: new Date(), lastError: null });
    await this.#save(em, pushback);
    log.info({ pushbackId: pushback.id }, 'note posted to Ashby');
  }

  async #fail(em: EntityManager, pushback: Pushback, message: string): Promise<void> {
    Object.assign(pushback, { status: PushbackStatus.FAILED, lastError: message });
    await this.#save(em, pushback);
  }

  /** Stores the pushback's state and tells the dashboards. */
  async #save(em: EntityManager, pushback: Pushback): Promise<void> {
    await em.flush();
    const interview = await em.findOneOrFail(Interview, pushback.interview.id);
    await publishInterviewChanged(this.deps.pubsub, em, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: interview.status });
  }
}
