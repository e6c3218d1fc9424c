import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Interviewer } from '../ai/interviewer.js';
import type { AshbyApplication, AshbyClient } from '../ashby/ashby.client.js';
import { Job, Question } from '../jobs/job.entity.js';
import { inviteEmail, type Mailer } from '../mail/mailer.js';
import { EmailStatus, OutboundEmail } from '../mail/outbound-email.entity.js';
import { Org } from '../orgs/org.entity.js';
import { DomainError } from '../platform/errors.js';
import { publishInterviewChanged } from '../platform/events.js';
import type { Logger } from '../platform/logger.js';
import type { PublicUrl } from '../platform/public-url.js';
import type { PgPubSub } from '../platform/pubsub.js';
import { PermanentTaskError, type TaskQueue } from '../platform/queue.js';
import { hashToken, type SecretBox } from '../platform/secrets.js';
import { SCORE_INTERVIEW, type InterviewRoom } from './conversation.service.js';
import { Candidate, Interview, InterviewSource, InterviewStatus } from './interview.entity.js';
import { InterviewErrors } from './interview.errors.js';

export const SEND_INVITE = 'send-invite';

/** What the candidate's page is told about the interview's state. */
export type CandidateStatus = 'not_started' | 'in_progress' | 'finished' | 'expired' | 'cancelled';

const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const RESEND_WINDOW_S = 15 * 60;
const MAX_RESENDS = 3;
const SINGLE_EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export interface InterviewServiceDeps {
  secrets: SecretBox;
  urls: PublicUrl;
  queue: TaskQueue;
  pubsub: PgPubSub;
  interviewer: Interviewer;
  mailer: Mailer;
  linkDays: number;
  /** The candidate's open pages, told when the hiring team cancels. */
  room?: InterviewRoom;
}

/** Who cancels an interview, and why; passed on to the cancel hooks. */
export interface CancelOptions {
  log: Logger;
  /** 'recruiter' from the dashboard; 'ashby' when Ashby cancelled it (e.g. the assessment was cancelled there). */
  by: 'recruiter' | 'ashby';
  reason?: string;
}

/**
 * Runs inside the cancelling transaction, after the status changed and before commit, so work it
 * queues (such as telling Ashby) commits or rolls back with the cancellation. Throwing aborts it.
 */
export type CancelHook = (em: EntityManager, interview: Interview, opts: CancelOptions) => Promise<void>;

/** Statuses an interview can be cancelled from: not finished, not already cancelled. */
const CANCELLABLE = [InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS, InterviewStatus.EXPIRED];
/** Statuses whose candidate may still use the link, so it can be emailed again. */
const RESENDABLE = [InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS, InterviewStatus.EXPIRED];
const SCORABLE = [InterviewStatus.COMPLETED, InterviewStatus.SCORED];

/** Creating interviews from Ashby applications, mirroring jobs, candidate links and invitations. */
export class InterviewService {
  readonly #cancelHooks: CancelHook[] = [];

  constructor(readonly deps: InterviewServiceDeps) {}

  /** Registers work to do whenever an interview is cancelled, whoever cancels it. */
  onCancel(hook: CancelHook): void {
    this.#cancelHooks.push(hook);
  }

  /**
   * Cancels an interview that has not finished: the candidate's link then shows "cancelled",
   * starting and answering are refused, and pending invitation emails are not sent. Resolves
   * false, changing nothing, when it was already cancelled; a finished interview is a CONFLICT.
   */
  async cancel(em: EntityManager, interview: Interview, opts: CancelOptions): Promise<boolean> {
    if (interview.status === InterviewStatus.CANCELLED) return false;
    if (!CANCELLABLE.includes(interview.status)) throw InterviewErrors.notCancellable(interview.status);

    const cancelled = await em.transactional(async (tem) => {
      // Guarded by status, so a candidate finishing at this moment wins or loses cleanly.
      const changed = await tem.nativeUpdate(Interview, { id: interview.id, status: { $in: CANCELLABLE } }, { status: InterviewStatus.CANCELLED });
      if (changed === 0) return false;
      for (const hook of this.#cancelHooks) await hook(tem, interview, opts);
      await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: InterviewStatus.CANCELLED });
      return true;
    });
    const now = (await em.refresh(interview))!.status;
    if (!cancelled) {
      if (now === InterviewStatus.CANCELLED) return false;
      throw InterviewErrors.notCancellable(now);
    }
    this.deps.room?.emit(interview.id, 'status', { status: 'cancelled' });
    opts.log.info({ interviewId: interview.id, by: opts.by }, 'interview cancelled');
    return true;
  }

  /**
   * Emails the candidate's link again, as the next numbered invitation. A link whose date has
   * passed gets another linkDays, so the email never offers a dead link.
   */
  async resendInvite(em: EntityManager, interview: Interview, log: Logger): Promise<Interview> {
    if (!RESENDABLE.includes(interview.status)) throw InterviewErrors.notResendable(interview.status);

    const n = await em.transactional(async (tem) => {
      const { status, expiresAt } = await this.#lock(tem, interview.id);
      if (!RESENDABLE.includes(status)) throw InterviewErrors.notResendable(status);
      const rows = await tem.getConnection().execute<{ n: number }[]>(
        `select coalesce(max((payload->>'n')::int), 0) as n from task where kind = ? and payload->>'interviewId' = ?`,
        [SEND_INVITE, interview.id], 'all', tem.getTransactionContext(),
      );
      const next = Number(rows[0]!.n) + 1;
      const now = new Date();
      // A few resends per interview in a window: a candidate's mailbox is not a retry loop.
      const recent = await tem.getConnection().execute<{ n: string }[]>(
        `select count(*) as n from task where kind = ? and payload->>'interviewId' = ? and (payload->>'n')::int > 1 and created_at > now() - (? * interval '1 second')`,
        [SEND_INVITE, interview.id, RESEND_WINDOW_S], 'all', tem.getTransactionContext(),
      );
      if (Number(recent[0]!.n) >= MAX_RESENDS) {
        throw new DomainError('RATE_LIMITED', `This candidate was already sent ${MAX_RESENDS} invitations in the last ${RESEND_WINDOW_S / 60} minutes; wait before sending another.`);
      }
      const reopened = status === InterviewStatus.EXPIRED ? InterviewStatus.INVITED : status;
      if (expiresAt <= now || reopened !== status) {
        await tem.nativeUpdate(Interview, { id: interview.id }, { expiresAt: new Date(now.getTime() + this.deps.linkDays * 24 * 3600 * 1000), status: reopened });
      }
      await this.deps.queue.enqueue(tem, SEND_INVITE, { interviewId: interview.id, n: next }, { key: `invite:${interview.id}:${next}` });
      await publishInterviewChanged(this.deps.pubsub, tem, { orgId: interview.org.id, interviewId: interview.id, jobId: interview.job.id, status: reopened });
      return next;
    });
    await em.refresh(interview);
    log.info({ interviewId: interview.id, n }, 'invitation queued again');
    return interview;
  }

  /** Scores a completed interview again; the new evaluation becomes current and its note is posted to Ashby. */
  async rescore(em: EntityManager, interview: Interview, log: Logger): Promise<Interview> {
    if (!SCORABLE.includes(interview.status)) throw InterviewErrors.notScorable(interview.status);

    await em.transactional(async (tem) => {
      // The row lock serialises two clicks, so the second sees the first one's task and refuses.
      const { status } = await this.#lock(tem, interview.id);
      if (!SCORABLE.includes(status)) throw InterviewErrors.notScorable(status);
      const pending = await tem.getConnection().execute<{ count: string }[]>(
        `select count(*) from task where kind = ? and status in ('queued', 'running') and payload->>'interviewId' = ?`,
        [SCORE_INTERVIEW, interview.id], 'all', tem.getTransactionContext(),
      );
      if (Number(pending[0]!.count) > 0) throw InterviewErrors.scoringUnderWay();
      await this.deps.queue.enqueue(tem, SCORE_INTERVIEW, { interviewId: interview.id, rescore: true }, { key: `score:${interview.id}:rescore:${randomUUID()}` });
    });
    log.info({ interviewId: interview.id }, 'interview queued for re-scoring');
    return interview;
  }

  /**
   * Creates the interview for an Ashby application unless one exists (whichever path started it),
   * mirroring the job and candidate as needed, and queues the invitation in the same transaction.
   */
  async createForApplication(em: EntityManager, input: { org: Org; client: AshbyClient; application: AshbyApplication; source: InterviewSource; log: Logger }): Promise<{ interview: Interview; created: boolean }> {
    const { org, client, application } = input;
    const existing = await em.findOne(Interview, { org, ashbyApplicationId: application.id });
    if (existing) return { interview: existing, created: false };

    const ashbyCandidate = await client.candidate(application.candidate.id);
    const email = ashbyCandidate.primaryEmailAddress?.value ?? application.candidate.primaryEmailAddress?.value ?? null;
    if (!email) throw new PermanentTaskError('The candidate has no email address in Ashby, so no invitation can be sent. Add one in Ashby and move the candidate into the trigger stage again.');

    // Ashby's data is input like any other: one plain address (a list would copy the link to others), an http(s) profile link.
    if (!SINGLE_EMAIL.test(email)) throw new PermanentTaskError('The candidate\'s email address in Ashby is not a single valid address, so no invitation was sent. Correct it in Ashby and move the candidate into the trigger stage again.');

    const job = await this.ensureJob(em, { org, client, ashbyJobId: application.job.id, title: application.job.title, postingId: application.appliedViaJobPostingId ?? null, log: input.log });
    const profileUrl = ashbyCandidate.profileUrl && /^https?:\/\//i.test(ashbyCandidate.profileUrl) ? ashbyCandidate.profileUrl : null;
    const candidate = await this.#upsertCandidate(em, org, { ashbyCandidateId: ashbyCandidate.id, name: ashbyCandidate.name, email, profileUrl });

    try {
      const interview = await em.transactional(async (tem) => {
        const created = this.#newInterview(tem, { org, job, candidate, applicationId: application.id, source: input.source });
        await tem.flush();
        await this.deps.queue.enqueue(tem, SEND_INVITE, { interviewId: created.id, n: 1 }, { key: `invite:${created.id}:1` });
        await publishInterviewChanged(this.deps.pubsub, tem, { orgId: org.id, interviewId: created.id, jobId: job.id, status: created.status });
        return created;
      });
      input.log.info({ interviewId: interview.id, jobId: job.id }, 'interview created');
      return { interview, created: true };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const raced = await em.fork().findOneOrFail(Interview, { org: org.id, ashbyApplicationId: application.id });
      return { interview: raced, created: false };
    }
  }

  /** The job mirrored from Ashby, with its questions generated from the posting's description on first sight. */
  async ensureJob(em: EntityManager, input: { org: Org; client: AshbyClient; ashbyJobId: string; title: string; postingId: string | null; log: Logger }): Promise<Job> {
    const existing = await em.findOne(Job, { org: input.org, ashbyJobId: input.ashbyJobId });
    if (existing) return existing;

    const ashbyJob = await input.client.job(input.ashbyJobId);
    const postingId = input.postingId ?? ashbyJob.jobPostingIds?.[0] ?? null;
    // Unposted jobs have no description in Ashby; questions then come from the title alone.
    const posting = postingId ? await input.client.jobPosting(postingId) : null;
    const description = posting?.descriptionPlain ?? null;
    const descriptionBody = posting?.descriptionParts?.descriptionBody?.plain ?? description;
    const questions = await this.deps.interviewer.generateQuestions({ title: ashbyJob.title, description: descriptionBody });

    try {
      return await em.transactional(async (tem) => {
        const job = tem.create(Job, { org: input.org, ashbyJobId: ashbyJob.id, title: ashbyJob.title, description, descriptionBody, questionsGeneratedBy: this.deps.interviewer.label });
        questions.forEach((q, i) => tem.create(Question, { job, position: i + 1, text: q.text, competency: q.competency, rubric: q.rubric, weight: q.weight }));
        await tem.flush();
        input.log.info({ jobId: job.id, questions: questions.length }, 'job mirrored from Ashby');
        return job;
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return em.fork().findOneOrFail(Job, { org: input.org.id, ashbyJobId: input.ashbyJobId });
    }
  }

  /** The candidate's link token. Derived, not stored: only its hash is in the database. */
  linkToken(interview: Interview): string {
    return this.deps.secrets.deriveToken('interview-link', interview.id, String(interview.linkVersion));
  }

  candidateLink(interview: Interview): string {
    return this.deps.urls.candidateLink(this.linkToken(interview));
  }

  async findByToken(em: EntityManager, token: unknown): Promise<Interview | null> {
    if (typeof token !== 'string' || !LINK_TOKEN.test(token)) return null;
    return em.findOne(Interview, { linkTokenHash: hashToken(token) }, { populate: ['job', 'candidate', 'org'] });
  }

  candidateStatus(interview: Interview, now = new Date()): CandidateStatus {
    switch (interview.status) {
      case InterviewStatus.INVITED:
        return interview.expiresAt <= now ? 'expired' : 'not_started';
      case InterviewStatus.IN_PROGRESS:
        return 'in_progress';
      case InterviewStatus.COMPLETED:
      case InterviewStatus.SCORED:
        return 'finished';
      case InterviewStatus.EXPIRED:
        return 'expired';
      case InterviewStatus.CANCELLED:
        return 'cancelled';
    }
  }

  /** Task: sends invitation n of an interview once; a retry after success does nothing. */
  async sendInvite(em: EntityManager, payload: { interviewId: string; n: number }, log: Logger): Promise<void> {
    const interview = await em.findOne(Interview, payload.interviewId, { populate: ['candidate', 'job', 'org'] });
    if (!interview) return;
    if (interview.status === InterviewStatus.CANCELLED || interview.status === InterviewStatus.EXPIRED) return;
    const email = interview.candidate.email;
    if (!email) throw new PermanentTaskError('The candidate has no email address');

    const dedupeKey = `invite:${interview.id}:${payload.n}`;
    let outbound = await em.findOne(OutboundEmail, { dedupeKey });
    if (outbound?.status === EmailStatus.SENT) return;
    outbound ??= em.create(OutboundEmail, { interview, kind: 'invite', dedupeKey });
    outbound.attempts += 1;
    await em.flush();

    const content = inviteEmail({
      candidateName: interview.candidate.name,
      orgName: interview.org.name,
      jobTitle: interview.job.title,
      link: this.candidateLink(interview),
      expiresAt: interview.expiresAt,
      isBuiltIn: this.deps.interviewer.isBuiltIn,
    });
    try {
      outbound.providerMessageId = await this.deps.mailer.send({ to: email, ...content });
      outbound.status = EmailStatus.SENT;
      outbound.sentAt = new Date();
      outbound.lastError = null;
      log.info({ interviewId: interview.id, outboundEmailId: outbound.id }, 'invitation sent');
    } catch (error) {
      outbound.status = EmailStatus.FAILED;
      outbound.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      await em.flush();
    }
  }

  /** Locks the interview's row for the rest of the transaction and returns where it stands now. */
  async #lock(em: EntityManager, interviewId: string): Promise<{ status: InterviewStatus; expiresAt: Date }> {
    const rows = await em.getConnection().execute<{ status: InterviewStatus; expires_at: Date }[]>(
      'select status, expires_at from interview where id = ? for update',
      [interviewId], 'all', em.getTransactionContext(),
    );
    return { status: rows[0]!.status, expiresAt: new Date(rows[0]!.expires_at) };
  }

  #newInterview(em: EntityManager, input: { org: Org; job: Job; candidate: Candidate; applicationId: string | null; source: InterviewSource }): Interview {
    const interview = em.create(Interview, {
      org: input.org,
      job: input.job,
      candidate: input.candidate,
      ashbyApplicationId: input.applicationId,
      source: input.source,
      linkTokenHash: 'pending',
      expiresAt: new Date(Date.now() + this.deps.linkDays * 24 * 3600 * 1000),
    });
    interview.linkTokenHash = hashToken(this.linkToken(interview));
    return interview;
  }

  async #upsertCandidate(em: EntityManager, org: Org, data: { ashbyCandidateId: string; name: string; email: string; profileUrl: string | null }): Promise<Candidate> {
    const existing = await em.findOne(Candidate, { org, ashbyCandidateId: data.ashbyCandidateId });
    if (existing) {
      Object.assign(existing, { name: data.name, email: data.email, profileUrl: data.profileUrl ?? existing.profileUrl });
      await em.flush();
      return existing;
    }
    try {
      // A fork, so a lost race leaves this unit of work clean.
      const fork = em.fork();
      const candidate = fork.create(Candidate, { org: org.id, ...data });
      await fork.flush();
      return em.findOneOrFail(Candidate, candidate.id);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return em.findOneOrFail(Candidate, { org, ashbyCandidateId: data.ashbyCandidateId });
    }
  }
}

/** The questions an interview asks, in order: its snapshot once started, else the job's current ones. */
export async function questionsFor(em: EntityManager, interview: Interview): Promise<Question[]> {
  if (interview.questionIds) {
    const byId = new Map((await em.find(Question, { id: { $in: interview.questionIds } })).map((q) => [q.id, q]));
    return interview.questionIds.map((id) => byId.get(id)).filter((q): q is Question => q !== undefined);
  }
  return em.find(Question, { job: interview.job, archivedAt: null }, { orderBy: { position: 'asc' } });
}
