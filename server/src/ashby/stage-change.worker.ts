import type { EntityManager } from '@mikro-orm/postgresql';
import { InterviewSource } from '../interviews/interview.entity.js';
import type { InterviewService } from '../interviews/interview.service.js';
import type { Logger } from '../platform/logger.js';
import { PermanentTaskError } from '../platform/queue.js';
import { AshbyError, applicationSchema } from './ashby.client.js';
import { IntegrationStatus, ProcessingResult, WebhookDelivery } from './ashby-integration.entity.js';
import type { IntegrationService } from './integration.service.js';
import { compareStage } from './webhook.routes.js';

/**
 * Task for an accepted stage-change delivery: re-reads the application from Ashby (signatures carry
 * no timestamp, so a replayed or delayed event must still match the application's current stage),
 * then creates the interview. The outcome is written back on the delivery for the troubleshooting log.
 */
export class StageChangeWorker {
  constructor(private readonly deps: { integrations: IntegrationService; interviews: InterviewService }) {}

  async run(em: EntityManager, payload: { deliveryId: string }, ctx: { log: Logger; isLastAttempt: boolean }): Promise<void> {
    const delivery = await em.findOne(WebhookDelivery, payload.deliveryId, { populate: ['payload', 'integration', 'integration.org'] });
    if (!delivery || delivery.processedAt) return;
    const integration = delivery.integration;
    if (integration.status !== IntegrationStatus.CONNECTED) {
      return this.#finish(em, delivery, ProcessingResult.SKIPPED, 'Ashby was disconnected before the interview could be created.');
    }

    const parsed = applicationSchema.safeParse((delivery.payload as { data?: { application?: unknown } } | null)?.data?.application);
    if (!parsed.success) return this.#finish(em, delivery, ProcessingResult.FAILED, 'The stored delivery has no readable application.');

    try {
      const client = this.deps.integrations.client(integration);
      const application = await client.application(parsed.data.id);
      const stage = application.currentInterviewStage?.title ?? null;
      if (compareStage(stage, integration.triggerStage) !== null) {
        return this.#finish(em, delivery, ProcessingResult.SKIPPED, `By the time Prelim processed this event the application was in stage '${stage ?? ''}', not the trigger stage '${integration.triggerStage ?? ''}'.`);
      }
      const { interview, created } = await this.deps.interviews.createForApplication(em, { org: integration.org, client, application, source: InterviewSource.STAGE_CHANGE, log: ctx.log });
      return this.#finish(
        em,
        delivery,
        created ? ProcessingResult.INTERVIEW_CREATED : ProcessingResult.INTERVIEW_EXISTS,
        created ? 'Interview created and invitation queued.' : 'This application already has an interview; no second one was created.',
        interview.id,
      );
    } catch (error) {
      const reason = failureReason(error);
      if (error instanceof PermanentTaskError || isPermanent(error) || ctx.isLastAttempt) {
        await this.#finish(em, delivery, ProcessingResult.FAILED, reason);
        throw error instanceof PermanentTaskError ? error : new PermanentTaskError(reason);
      }
      delivery.processingReason = `Retrying: ${reason}`;
      await em.flush();
      throw error;
    }
  }

  async #finish(em: EntityManager, delivery: WebhookDelivery, result: ProcessingResult, reason: string, interviewId?: string): Promise<void> {
    delivery.processingResult = result;
    delivery.processingReason = interviewId ? `${reason} (interview ${interviewId})` : reason;
    delivery.processedAt = new Date();
    // The application data was only needed for this step.
    delivery.payload = null;
    await em.flush();
  }
}

/**
 * Ashby has already had its 200 for this delivery and will not send it again, so only failures
 * that retrying cannot fix end it: a rejected key or permission, or an application that is gone.
 * A garbled reply or an unexpected error code may be passing, and is retried with backoff.
 */
function isPermanent(error: unknown): boolean {
  if (!(error instanceof AshbyError)) return false;
  if (error.failure === 'invalid_key' || error.failure === 'missing_key' || error.failure === 'missing_permission') return true;
  return error.failure === 'api_error' && (error.opts.code?.endsWith('_not_found') === true || error.opts.code === 'invalid_input');
}

function failureReason(error: unknown): string {
  if (error instanceof AshbyError) {
    if (error.failure === 'invalid_key' || error.failure === 'missing_key') return 'Ashby rejected the stored API key. Paste a valid key in Settings → Integrations → Ashby.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
