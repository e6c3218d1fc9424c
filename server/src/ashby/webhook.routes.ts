import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Orm } from '../platform/db.js';
import { findJsonProblem } from '../platform/json-input.js';
import type { TaskQueue } from '../platform/queue.js';
import { applicationSchema } from './ashby.client.js';
import { AshbyIntegration, DeliveryOutcome, IntegrationStatus, WebhookDelivery, WebhookEventKey } from './ashby-integration.entity.js';
import type { IntegrationService } from './integration.service.js';

export const START_FROM_WEBHOOK = 'start-interview-from-webhook';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const MAX_REJECTED_PER_MINUTE = 20;
const MAX_NESTING = 64;

const envelopeSchema = z.object({
  action: z.string().min(1),
  webhookActionId: z.string().min(1).max(200).nullish(),
  data: z.record(z.string(), z.unknown()),
});

interface Verdict {
  outcome: DeliveryOutcome;
  httpStatus: number;
  reason: string;
  action?: string | null;
  webhookActionId?: string | null;
  stageSeen?: string | null;
  applicationId?: string | null;
}

/**
 * POST /webhooks/ashby/:token — Ashby's webhook deliveries. The signature is checked over the
 * exact bytes received before anything in the body is read; every delivery is recorded with its
 * outcome; accepted stage changes are deduplicated and handed to the queue in one transaction,
 * and the reply goes out at once. Status codes follow Ashby's retry rules: 200 for anything
 * valid (including ignored and duplicate), 401 for a bad signature, 404 for an unknown URL and
 * 410 after a disconnect (Ashby stops retrying those), 400 for an unreadable body, 5xx only
 * when the delivery could not be stored, so that Ashby tries again.
 */
export async function webhookRoutes(app: FastifyInstance, opts: { orm: Orm; queue: TaskQueue; integrations: IntegrationService }): Promise<void> {
  // Raw bytes for this plugin's routes only: the HMAC is over the body exactly as sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post<{ Params: { token: string } }>('/webhooks/ashby/:token', async (request, reply) => {
    const em = opts.orm.em.fork();
    const integration = await em.findOne(AshbyIntegration, { webhookToken: request.params.token });
    if (!integration) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No Prelim integration has this webhook URL. Copy the URL again from Settings → Integrations → Ashby.' } });
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = await receive(em, { integration, raw, signature: request.headers['ashby-signature'], integrations: opts.integrations, queue: opts.queue });
    request.log.info({ integrationId: integration.id, outcome: verdict.outcome, action: verdict.action ?? null }, 'webhook delivery');
    return answer(reply, verdict);
  });
}

async function receive(
  em: EntityManager,
  input: { integration: AshbyIntegration; raw: Buffer; signature: string | string[] | undefined; integrations: IntegrationService; queue: TaskQueue },
): Promise<Verdict> {
  const { integration, raw } = input;
  if (integration.status !== IntegrationStatus.CONNECTED) {
    return record(em, integration, { outcome: DeliveryOutcome.DISCONNECTED, httpStatus: 410, reason: 'Refused: Ashby was disconnected in Prelim. Reconnect in Settings → Integrations → Ashby, or delete this webhook in Ashby.' }, { touch: false });
  }

  const signatureProblem = checkSignature(raw, input.signature, input.integrations.signingSecret(integration));
  if (signatureProblem) {
    // Anyone who learns the URL can send unsigned requests: keep enough of them to troubleshoot, not all.
    const recent = await em.count(WebhookDelivery, { integration, outcome: DeliveryOutcome.INVALID_SIGNATURE, receivedAt: { $gt: new Date(Date.now() - 60_000) } });
    const verdict = { outcome: DeliveryOutcome.INVALID_SIGNATURE, httpStatus: 401, reason: signatureProblem };
    return recent >= MAX_REJECTED_PER_MINUTE ? verdict : record(em, integration, verdict, { touch: false });
  }

  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return record(em, integration, { outcome: DeliveryOutcome.INVALID_PAYLOAD, httpStatus: 400, reason: 'The body is not valid JSON.' });
  }
  const shapeProblem = findJsonProblem(body, MAX_NESTING);
  if (shapeProblem) {
    const what = shapeProblem === 'nul' ? 'it contains NUL characters' : `it is nested more than ${MAX_NESTING} levels deep`;
    return record(em, integration, { outcome: DeliveryOutcome.INVALID_PAYLOAD, httpStatus: 400, reason: `The body cannot be processed: ${what}.` });
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return record(em, integration, { outcome: DeliveryOutcome.INVALID_PAYLOAD, httpStatus: 400, reason: `The body is not an Ashby webhook: ${describe(envelope.error)}.` });
  }
  const { action, webhookActionId = null } = envelope.data;

  if (action === 'ping') {
    integration.lastPingAt = new Date();
    return record(em, integration, { outcome: DeliveryOutcome.PING, httpStatus: 200, reason: 'Ping received: Ashby can reach Prelim and the signature matches.', action, webhookActionId });
  }
  if (action !== 'candidateStageChange') {
    return record(em, integration, { outcome: DeliveryOutcome.IGNORED_ACTION, httpStatus: 200, reason: `Ignored: Prelim acts only on candidateStageChange, this was ${action}.`, action, webhookActionId });
  }

  const parsed = applicationSchema.safeParse((envelope.data.data as { application?: unknown }).application);
  if (!parsed.success) {
    return record(em, integration, { outcome: DeliveryOutcome.INVALID_PAYLOAD, httpStatus: 400, reason: `The stage change has no usable application: ${describe(parsed.error, 'data.application')}.`, action, webhookActionId });
  }
  const application = parsed.data;
  const stage = application.currentInterviewStage?.title ?? null;
  const base = { action, webhookActionId, stageSeen: stage, applicationId: application.id };

  const stageProblem = compareStage(stage, integration.triggerStage);
  if (stageProblem) {
    return record(em, integration, { ...base, outcome: DeliveryOutcome.IGNORED_STAGE, httpStatus: 200, reason: stageProblem });
  }

  return accept(em, { integration, raw, body, verdict: { ...base, outcome: DeliveryOutcome.ACCEPTED, httpStatus: 200, reason: `Accepted: moved into the trigger stage '${stage}'.` }, queue: input.queue });
}

/** Returns why the signature is not acceptable, or null when it matches. */
function checkSignature(raw: Buffer, header: string | string[] | undefined, secret: string | null): string | null {
  if (!secret) return 'Rejected: this integration has no signing secret. Regenerate one in Settings → Integrations → Ashby.';
  if (header === undefined || header === '') return "Rejected: the request has no Ashby-Signature header. Set the secret token in Ashby's webhook form to the signing secret Prelim shows.";
  const value = Array.isArray(header) ? header[0] ?? '' : header;
  const match = SIGNATURE.exec(value.trim());
  if (!match) return "Rejected: the Ashby-Signature header is malformed (expected 'sha256=' followed by 64 hex digits).";
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(match[1]!, 'hex');
  if (!timingSafeEqual(expected, given)) {
    return "Rejected: the signature does not match. The secret token in Ashby's webhook form must equal the signing secret Prelim shows (regenerating the secret changes it).";
  }
  return null;
}

/** Null when the stage is exactly the trigger stage; otherwise the reason it is ignored. */
export function compareStage(stage: string | null, trigger: string | null): string | null {
  if (trigger === null) return `Ignored: no trigger stage is set yet (stage was '${stage ?? ''}'). Choose one in Settings → Integrations → Ashby.`;
  if (stage === trigger) return null;
  const hint = stage !== null && normalise(stage) === normalise(trigger) ? ' The names differ only in letter case, spaces or invisible characters; the match is exact.' : '';
  return `Ignored: stage '${stage ?? ''}' is not the trigger stage '${trigger}'.${hint}`;
}

function normalise(name: string): string {
  return name.replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

async function accept(em: EntityManager, input: { integration: AshbyIntegration; raw: Buffer; body: unknown; verdict: Verdict; queue: TaskQueue }): Promise<Verdict> {
  const { integration, verdict } = input;
  // Ashby shares one webhookActionId across the events one change fires, and reuses it on retries.
  const key = verdict.webhookActionId ? `action:${verdict.webhookActionId}` : `body:${createHash('sha256').update(input.raw).digest('hex')}`;
  try {
    return await em.transactional(async (tem) => {
      const delivery = newDelivery(tem, integration, verdict);
      delivery.payload = input.body;
      tem.create(WebhookEventKey, { integration, key, delivery });
      await tem.flush();
      await input.queue.enqueue(tem, START_FROM_WEBHOOK, { deliveryId: delivery.id }, { key: `webhook:${delivery.id}` });
      await tem.nativeUpdate(AshbyIntegration, { id: integration.id }, { lastDeliveryAt: new Date() });
      return verdict;
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return record(em, integration, { ...verdict, outcome: DeliveryOutcome.DUPLICATE, reason: `Duplicate: this event (${key.split(':')[0] === 'action' ? `webhookActionId ${verdict.webhookActionId}` : 'same body'}) was already accepted; nothing new was done.` });
  }
}

/** Stores the delivery; `touch: false` for requests not proven to come from Ashby, which must not look like activity. */
async function record(em: EntityManager, integration: AshbyIntegration, verdict: Verdict, opts: { touch?: boolean } = {}): Promise<Verdict> {
  newDelivery(em, integration, verdict);
  if (opts.touch ?? true) integration.lastDeliveryAt = new Date();
  await em.flush();
  return verdict;
}

function newDelivery(em: EntityManager, integration: AshbyIntegration, verdict: Verdict): WebhookDelivery {
  return em.create(WebhookDelivery, {
    integration,
    action: verdict.action ?? null,
    webhookActionId: verdict.webhookActionId ?? null,
    outcome: verdict.outcome,
    reason: verdict.reason,
    httpStatus: verdict.httpStatus,
    stageSeen: verdict.stageSeen ?? null,
    applicationId: verdict.applicationId ?? null,
    payload: null,
  });
}

function answer(reply: FastifyReply, verdict: Verdict) {
  const ok = verdict.httpStatus < 300;
  return reply.code(verdict.httpStatus).send(ok ? { ok: true, outcome: verdict.outcome, reason: verdict.reason } : { error: { code: verdict.outcome.toUpperCase(), message: verdict.reason } });
}

function describe(error: z.ZodError, prefix?: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path].filter(Boolean).join('.') || 'body'} ${i.message.toLowerCase()}`)
    .join('; ');
}
