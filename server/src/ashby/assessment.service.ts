import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Interviewer } from '../ai/interviewer.js';
import { Interview, InterviewSource, InterviewStatus } from '../interviews/interview.entity.js';
import type { CancelOptions, InterviewService } from '../interviews/interview.service.js';
import type { Logger } from '../platform/logger.js';
import type { PublicUrl } from '../platform/public-url.js';
import type { TaskQueue } from '../platform/queue.js';
import { AshbyError } from './ashby.client.js';
import type { AshbyIntegration } from './ashby-integration.entity.js';
import { AshbyAssessment, StatusPushed } from './assessment.entity.js';
import { AssessmentErrors } from './assessment.errors.js';
import { ASSESSMENT_TYPES, CANCELLED_REASON, assessmentState, buildUpdate, type AssessmentState, type AssessmentType, type AssessmentUpdate } from './assessment-update.js';
import type { IntegrationService } from './integration.service.js';
import { Pushback, PushbackKind, PushbackStatus } from './pushback.entity.js';

/** Task: tell Ashby where a linked assessment stands now (see PushbackService.pushAssessment). */
export const PUSH_ASSESSMENT_UPDATE = 'push-assessment-update';

/** What the partner API answers to start and cancel: Prelim's id and the assessment's state. */
export interface PartnerReply {
  assessmentId: string;
  update: AssessmentUpdate;
}

/**
 * Ashby's assessment partner flow: listing, starting and cancelling Prelim's screening interview
 * as an assessment. Starting creates the interview exactly as a stage change does (one per
 * application, whichever path comes first); status and results go back through assessment.update.
 */
export class AssessmentService {
  constructor(private readonly deps: { integrations: IntegrationService; interviews: InterviewService; queue: TaskQueue; urls: PublicUrl; interviewer: Interviewer }) {}

  list(): AssessmentType[] {
    return ASSESSMENT_TYPES.map((type) => ({ ...type, description: `${type.description} Interviewer: ${this.deps.interviewer.label}.` }));
  }

  /**
   * Starts the assessment for an application: creates and sends the interview unless the
   * application has one (from a stage change, or an earlier start), and links it. A repeated start
   * answers the same assessment id.
   */
  async start(em: EntityManager, integration: AshbyIntegration, input: { assessmentTypeId: string; applicationId: string; candidateEmail: string | null }, log: Logger): Promise<PartnerReply> {
    const type = ASSESSMENT_TYPES.find((t) => t.id === input.assessmentTypeId);
    if (!type) throw AssessmentErrors.unknownType(input.assessmentTypeId, ASSESSMENT_TYPES.map((t) => `${t.name}: ${t.id}`));

    const existing = await em.findOne(Interview, { org: integration.org, ashbyApplicationId: input.applicationId });
    const interview = existing ?? (await this.#createInterview(em, { integration, applicationId: input.applicationId, email: input.candidateEmail?.trim() || null }, log));
    return this.#link(em, { interview, type, log });
  }

  /** Cancels the assessment's interview (in progress too). Cancelling a cancelled one answers the same. */
  async cancel(em: EntityManager, integration: AshbyIntegration, assessmentId: string, log: Logger): Promise<PartnerReply> {
    const assessment = await em.findOne(AshbyAssessment, { id: assessmentId, org: integration.org }, { populate: ['interview'] });
    if (!assessment) throw AssessmentErrors.notFound(assessmentId);

    await this.deps.interviews.cancel(em, assessment.interview, { log, by: 'ashby' });
    await em.refresh(assessment);
    const state = assessmentState({ assessment, interview: assessment.interview, evaluation: null });
    return { assessmentId: assessment.id, update: this.#update(assessment, state) };
  }

  /** Cancel hook, inside the cancelling transaction: records why, and queues the cancelled_reason for Ashby. */
  async recordCancellation(em: EntityManager, interview: Interview, opts: CancelOptions): Promise<void> {
    const reason = opts.reason ?? CANCELLED_REASON[opts.by];
    const linked = await em.nativeUpdate(AshbyAssessment, { interview: interview.id }, { cancelledAt: new Date(), cancelledReason: reason });
    if (linked > 0) await this.#enqueue(em, interview.id, { key: 'cancelled' });
  }

  /** Start hook, inside the starting transaction: Ashby hears Started when the interview is an assessment. */
  recordStart(em: EntityManager, interview: Interview): Promise<void> {
    return queueAssessmentUpdate(em, this.deps.queue, interview.id, { key: 'started' });
  }

  async #createInterview(em: EntityManager, input: { integration: AshbyIntegration; applicationId: string; email: string | null }, log: Logger): Promise<Interview> {
    if (!input.email) throw AssessmentErrors.noEmail();
    try {
      const client = this.deps.integrations.client(input.integration);
      const application = await client.application(input.applicationId);
      // Ashby sent the candidate's email with the start; the application object may lack it.
      const candidate = { ...application.candidate, primaryEmailAddress: application.candidate.primaryEmailAddress ?? { value: input.email } };
      const { interview } = await this.deps.interviews.createForApplication(em, { org: input.integration.org, client, application: { ...application, candidate }, source: InterviewSource.ASSESSMENT, log });
      return interview;
    } catch (error) {
      throw error instanceof AshbyError ? AssessmentErrors.fromAshby(error) : error;
    }
  }

  async #link(em: EntityManager, input: { interview: Interview; type: AssessmentType; log: Logger }): Promise<PartnerReply> {
    const { type } = input;
    const linked = await em.transactional(async (tem) => {
      // Under the interview's row lock, a candidate starting or a cancel at this moment is either
      // seen here or sees the link (and queues its update): the reply and later pushes agree.
      const interview = await tem.findOneOrFail(Interview, input.interview.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const standing = this.deps.interviews.candidateStatus(interview);
      if (standing === 'cancelled') throw AssessmentErrors.cancelled();
      if (standing === 'expired') throw AssessmentErrors.expired();

      const existing = await tem.findOne(AshbyAssessment, { interview });
      if (existing && existing.assessmentTypeId !== type.id) throw AssessmentErrors.otherType(nameOf(existing.assessmentTypeId));
      // The reply carries Invited or Started; a result always follows through assessment.update.
      const state = assessmentState({ assessment: existing, interview, evaluation: null });
      if (existing) return { assessment: existing, interview, state, created: false };

      const statusPushed = state.kind === 'started' ? StatusPushed.STARTED : StatusPushed.INVITED;
      const assessment = tem.create(AshbyAssessment, { org: interview.org, interview, assessmentTypeId: type.id, statusPushed });
      tem.create(Pushback, { interview, kind: PushbackKind.ASSESSMENT_STATUS, status: PushbackStatus.POSTED, ashbyRef: assessment.id, postedAt: assessment.createdAt });
      await tem.flush();
      if (interview.status === InterviewStatus.SCORED) await this.#enqueue(tem, interview.id, { key: 'linked' });
      if (state.kind === 'invited') await this.#enqueue(tem, interview.id, expiryCheck(interview));
      return { assessment, interview, state, created: true };
    });

    if (linked.created) input.log.info({ interviewId: linked.interview.id, assessmentId: linked.assessment.id }, 'assessment started');
    return { assessmentId: linked.assessment.id, update: this.#update(linked.assessment, linked.state, linked.interview) };
  }

  #update(assessment: AshbyAssessment, state: AssessmentState, interview = assessment.interview): AssessmentUpdate {
    return buildUpdate({ assessment, interview, state, interviewUrl: this.deps.urls.interview(interview.id) });
  }

  #enqueue(em: EntityManager, interviewId: string, opts: { key: string; delayMs?: number }): Promise<boolean> {
    return enqueueAssessmentUpdate(em, this.deps.queue, interviewId, opts);
  }
}

/** Queues PUSH_ASSESSMENT_UPDATE, once per event key, when the interview is an Ashby assessment. */
export async function queueAssessmentUpdate(em: EntityManager, queue: TaskQueue, interviewId: string, opts: { key: string }): Promise<void> {
  if ((await em.count(AshbyAssessment, { interview: interviewId })) === 0) return;
  await enqueueAssessmentUpdate(em, queue, interviewId, opts);
}

/** Queues PUSH_ASSESSMENT_UPDATE once per interview and event key. */
export function enqueueAssessmentUpdate(em: EntityManager, queue: TaskQueue, interviewId: string, opts: { key: string; delayMs?: number }): Promise<boolean> {
  return queue.enqueue(em, PUSH_ASSESSMENT_UPDATE, { interviewId }, { key: `assessment:${interviewId}:${opts.key}`, delayMs: opts.delayMs });
}

/**
 * A look at the assessment when its link expires, so that Ashby hears of an expiry too. Keyed by
 * the expiry date: a link extended by a resent invitation gets a look at its new date.
 */
export function expiryCheck(interview: Interview): { key: string; delayMs: number } {
  return { key: `expiry:${interview.expiresAt.getTime()}`, delayMs: Math.max(0, interview.expiresAt.getTime() - Date.now()) };
}

function nameOf(typeId: string): string {
  return ASSESSMENT_TYPES.find((t) => t.id === typeId)?.name ?? `assessment type ${typeId}, which Prelim no longer offers`;
}
