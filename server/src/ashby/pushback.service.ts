import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Interviewer } from '../ai/interviewer.js';
import { Errors } from '../platform/errors.js';
import { publishInterviewChanged } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import type { PublicUrl } from '../platform/public-url.js';
import type { PgPubSub } from '../platform/pubsub.js';
import { PermanentTaskError, RetryLater, type TaskQueue } from '../platform/queue.js';
import { Interview } from '../interviews/interview.entity.js';
import { AnswerScore, Evaluation } from '../scoring/evaluation.entity.js';
import { PUSH_RESULTS } from '../scoring/scoring.service.js';
import type { Org } from '../orgs/org.entity.js';
import { AshbyError, type AshbyClient } from './ashby.client.js';
import { IntegrationStatus } from './ashby-integration.entity.js';
import { AshbyAssessment, StatusPushed } from './assessment.entity.js';
import { enqueueAssessmentUpdate, expiryCheck, queueAssessmentUpdate } from './assessment.service.js';
import { assessmentState, buildUpdate } from './assessment-update.js';
import type { IntegrationService } from './integration.service.js';
import { buildNote } from './note.js';
import { Pushback, PushbackKind, PushbackStatus } from './pushback.entity.js';

const STATUS_PUSHED = { started: StatusPushed.STARTED, cancelled: StatusPushed.CANCELLED } as const;

const AMBIGUOUS_RETRY_MS = 30_000;

/**
 * Posting results to Ashby: the note, and an assessment's status and result. A failure is recorded
 * on the Pushback row (visible to recruiters) and retried with backoff; it never touches the
 * evaluation, which is already stored.
 */
export class PushbackService {
  constructor(private readonly deps: { integrations: IntegrationService; urls: PublicUrl; pubsub: PgPubSub; queue: TaskQueue; interviewer: Interviewer }) {}

  /** Task: post the note for an evaluation, once; an assessment's result goes as a task of its own. */
  async push(em: EntityManager, payload: { evaluationId: string }, log: Logger): Promise<void> {
    const evaluation = await em.findOne(Evaluation, payload.evaluationId, { populate: ['interview', 'interview.candidate', 'interview.job', 'interview.org'] });
    if (!evaluation) return;
    // Queued first and keyed by the evaluation, so a failing note neither holds it back nor repeats it.
    await queueAssessmentUpdate(em, this.deps.queue, evaluation.interview.id, { key: `scored:${evaluation.id}` });
    const pushback = await this.#pushbackFor(em, evaluation, PushbackKind.ASHBY_NOTE);
    if (pushback.status === PushbackStatus.POSTED) return;

    const interview = evaluation.interview;
    const ashbyCandidateId = interview.candidate.ashbyCandidateId;
    if (!ashbyCandidateId) {
      await this.#fail(em, pushback, 'The candidate has no Ashby id, so there is no profile to post to.');
      throw new PermanentTaskError(pushback.lastError!);
    }
    const client = await this.#clientFor(em, pushback, interview.org, 'the note could not be posted');
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
      throw await this.#failed(em, pushback, error, log);
    }
  }

  /**
   * Task: tells Ashby where an assessment stands now (Started, the result, or why it was
   * cancelled) unless Ashby has heard it already. Sending the current state rather than the event
   * that queued the task means a late or repeated task cannot report an older state as news.
   */
  async pushAssessment(em: EntityManager, payload: { interviewId: string }, log: Logger): Promise<void> {
    const assessment = await em.findOne(AshbyAssessment, { interview: payload.interviewId }, { populate: ['interview'] });
    if (!assessment) return;
    const interview = assessment.interview;
    const evaluation = await em.findOne(Evaluation, { interview }, { orderBy: { createdAt: 'desc' } });
    const state = assessmentState({ assessment, interview, evaluation });
    if (state.kind === 'invited') {
      // Not expired yet (a resent invitation extends the link): look again at the new date.
      await enqueueAssessmentUpdate(em, this.deps.queue, interview.id, expiryCheck(interview));
      return;
    }

    const pushback = state.kind === 'completed'
      ? await this.#pushbackFor(em, state.evaluation, PushbackKind.ASSESSMENT_RESULT)
      : await em.findOneOrFail(Pushback, { interview, kind: PushbackKind.ASSESSMENT_STATUS });
    const delivered = state.kind === 'completed' || assessment.statusPushed === STATUS_PUSHED[state.kind];
    if (delivered && pushback.status === PushbackStatus.POSTED) return;

    const client = await this.#clientFor(em, pushback, interview.org, 'the assessment update could not be sent');
    const update = buildUpdate({ assessment, interview, state, interviewUrl: this.deps.urls.interview(interview.id) });
    try {
      pushback.attempts += 1;
      await em.flush();
      await client.updateAssessment(update);
      if (state.kind === 'completed') {
        // The result carries the status as well, so a status update still waiting or failed is answered by it.
        await em.nativeUpdate(Pushback, { interview, kind: PushbackKind.ASSESSMENT_STATUS, status: { $ne: PushbackStatus.POSTED } }, { status: PushbackStatus.POSTED, lastError: null, postedAt: new Date() });
      } else {
        assessment.statusPushed = STATUS_PUSHED[state.kind];
      }
      await this.#posted(em, pushback, assessment.id, log);
    } catch (error) {
      throw await this.#failed(em, pushback, error, log);
    }
  }

  /** Queues another attempt for a failed pushback (the dashboard's Retry button). */
  async retry(em: EntityManager, pushback: Pushback): Promise<Pushback> {
    if (pushback.status === PushbackStatus.POSTED) throw Errors.conflict('This result is already posted to Ashby.');
    await em.transactional(async (tem) => {
      // Only a failed pushback is queued again: a double click (or six) queues one retry, not several.
      const claimed = await tem.nativeUpdate(Pushback, { id: pushback.id, status: PushbackStatus.FAILED }, { status: PushbackStatus.PENDING });
      if (claimed === 0) throw Errors.conflict('A retry of this result is already queued.');
      if (pushback.kind === PushbackKind.ASHBY_NOTE) {
        await this.deps.queue.enqueue(tem, PUSH_RESULTS, { evaluationId: pushback.evaluation!.id }, { key: `push:${pushback.evaluation!.id}:retry:${randomUUID()}` });
      } else {
        await enqueueAssessmentUpdate(tem, this.deps.queue, pushback.interview.id, { key: `retry:${randomUUID()}` });
      }
    });
    await em.refresh(pushback);
    return pushback;
  }

  async #pushbackFor(em: EntityManager, evaluation: Evaluation, kind: PushbackKind): Promise<Pushback> {
    const existing = await em.findOne(Pushback, { evaluation, kind });
    if (existing) return existing;
    try {
      const fork = em.fork();
      const created = fork.create(Pushback, { interview: evaluation.interview.id, evaluation: evaluation.id, kind });
      await fork.flush();
      return em.findOneOrFail(Pushback, created.id);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return em.findOneOrFail(Pushback, { evaluation, kind });
    }
  }

  /** The organisation's Ashby client. Without a connection the pushback fails for good: a retry after reconnecting sends it. */
  async #clientFor(em: EntityManager, pushback: Pushback, org: Org, consequence: string): Promise<AshbyClient> {
    const integration = await this.deps.integrations.find(em, org);
    if (integration?.status === IntegrationStatus.CONNECTED) return this.deps.integrations.client(integration);
    await this.#fail(em, pushback, `Ashby is not connected, so ${consequence}. Reconnect Ashby, then retry.`);
    throw new PermanentTaskError(pushback.lastError!);
  }

  /** Records a failed attempt; returns what the task throws: permanent unless trying again can help. */
  async #failed(em: EntityManager, pushback: Pushback, error: unknown, log: Logger): Promise<Error> {
    const message = error instanceof Error ? error.message : String(error);
    await this.#fail(em, pushback, message);
    log.warn({ pushbackId: pushback.id, kind: pushback.kind, failure: error instanceof AshbyError ? error.failure : 'error' }, 'pushback failed');
    if (error instanceof AshbyError && !error.retryable) return new PermanentTaskError(message);
    // A call that timed out may still be running at Ashby: give it time before the next attempt looks for its note.
    if (error instanceof AshbyError && error.opts.timedOut) return new RetryLater(AMBIGUOUS_RETRY_MS, message);
    return error instanceof Error ? error : new Error(message);
  }

  async #posted(em: EntityManager, pushback: Pushback, ashbyRef: string, log: Logger): Promise<void> {
    Object.assign(pushback, { status: PushbackStatus.POSTED, ashbyRef, postedAt: new Date(), lastError: null });
    await this.#save(em, pushback);
    log.info({ pushbackId: pushback.id, kind: pushback.kind }, 'posted to Ashby');
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
