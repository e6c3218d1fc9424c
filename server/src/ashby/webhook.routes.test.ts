import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_API_KEY, SEEDED_IDS, signWebhookBody } from '../../../scripts/fake-ashby/fake-ashby.js';
import { Interview } from '../interviews/interview.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Task, TaskStatus } from '../platform/task.entity.js';
import { connectAshby, createOrg, eventually, gql, signIn, startHarness, type Harness } from '../test/harness.js';
import { AshbyIntegration, IntegrationStatus, WebhookDelivery } from './ashby-integration.entity.js';

const FIXTURES = new URL('../../../scripts/fake-ashby/fixtures/', import.meta.url);
const fixtureBytes = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const SIGNATURE_EXAMPLE = JSON.parse(fixtureBytes('webhook-signature-example.json').toString('utf8')) as {
  secret: string;
  cases: { bodyFile: string; bodyBytes: number; headers: Record<string, string> }[];
  negativeCases: { why: string; secret?: string; 'Ashby-Signature': string }[];
};

const TRIGGER = 'AI Screening Interview';
const SEEDED_EMAIL = 'priya.okafor@example.com';

const NO_HEADER = "Rejected: the request has no Ashby-Signature header. Set the secret token in Ashby's webhook form to the signing secret Prelim shows.";
const MALFORMED = "Rejected: the Ashby-Signature header is malformed (expected 'sha256=' followed by 64 hex digits).";
const MISMATCH = "Rejected: the signature does not match. The secret token in Ashby's webhook form must equal the signing secret Prelim shows (regenerating the secret changes it).";

let h: Harness;
let cookie: string;
let webhookUrl: string;
/** The signing secret Prelim issued on connecting; beforeEach puts it back. */
let secret: string;

beforeAll(async () => {
  h = await startHarness({ label: 'webhook_routes' });
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
  ({ webhookUrl, signingSecret: secret } = await connectAshby(h, cookie, TRIGGER));
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await queueIdle();
  const em = h.app.services.orm.em.fork();
  await em.getConnection().execute('truncate webhook_delivery, webhook_event_key, task, interview, candidate, job, outbound_email cascade');
  await setIntegration({
    status: IntegrationStatus.CONNECTED,
    apiKeySealed: h.app.services.secrets.encrypt(DEFAULT_API_KEY),
    signingSecretSealed: h.app.services.secrets.encrypt(secret),
    triggerStage: TRIGGER,
    lastPingAt: null,
    lastDeliveryAt: null,
    disconnectedAt: null,
  });
  h.ashby.reset();
  h.mail.messages.length = 0;
});

async function setIntegration(values: Partial<AshbyIntegration>): Promise<void> {
  const em = h.app.services.orm.em.fork();
  const integration = await em.findOneOrFail(AshbyIntegration, { webhookToken: tokenOf(webhookUrl) });
  Object.assign(integration, values);
  await em.flush();
}

async function integrationRow(): Promise<AshbyIntegration> {
  return h.app.services.orm.em.fork().findOneOrFail(AshbyIntegration, { webhookToken: tokenOf(webhookUrl) });
}

function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

interface Answer {
  status: number;
  body: unknown;
}

/** POSTs exactly these bytes to the webhook URL, with exactly these extra headers. */
async function post(bytes: Buffer | string, headers: Record<string, string> = {}, url = webhookUrl): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text
  }
  return { status: response.status, body };
}

/** POSTs the bytes signed with the integration's current secret (or the one given). */
function postSigned(bytes: Buffer | string, signingSecret = secret): Promise<Answer> {
  return post(bytes, { 'ashby-signature': signWebhookBody(signingSecret, bytes) });
}

function stageChangeBytes(applicationId: string, webhookActionId: string = randomUUID(), action: 'candidateStageChange' | 'applicationUpdate' = 'candidateStageChange'): string {
  return JSON.stringify(h.ashby.applicationWebhookBody(applicationId, action, webhookActionId));
}

/** The delivery log, oldest first, with the columns an admin sees. */
async function deliveries() {
  const rows = await h.app.services.orm.em.fork().find(WebhookDelivery, {}, { orderBy: { receivedAt: 'asc', id: 'asc' } });
  return rows.map((d) => ({
    id: d.id,
    action: d.action,
    webhookActionId: d.webhookActionId,
    outcome: d.outcome,
    reason: d.reason,
    httpStatus: d.httpStatus,
    stageSeen: d.stageSeen,
    applicationId: d.applicationId,
    processingResult: d.processingResult,
    processingReason: d.processingReason,
  }));
}

async function count(entity: typeof Interview | typeof Task | typeof Job | typeof WebhookDelivery): Promise<number> {
  return h.app.services.orm.em.fork().count(entity, {});
}

/** Nothing was started: no interview, no queued work, no email. */
async function expectNothingStarted(): Promise<void> {
  expect(await count(Interview)).toBe(0);
  expect(await count(Task)).toBe(0);
  expect(h.mail.messages).toEqual([]);
}

async function queueIdle(): Promise<void> {
  await eventually(async () => (await h.app.services.orm.em.fork().count(Task, { status: { $in: [TaskStatus.QUEUED, TaskStatus.RUNNING] } })) === 0, 'the task queue to be idle');
}

async function processed(deliveryId: string) {
  return eventually(async () => {
    const delivery = await h.app.services.orm.em.fork().findOneOrFail(WebhookDelivery, deliveryId);
    return delivery.processedAt ? delivery : null;
  }, `delivery ${deliveryId} to be processed`);
}

async function interviewIds(): Promise<string[]> {
  return (await h.app.services.orm.em.fork().find(Interview, {})).map((i) => i.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ACCEPTED_REASON = `Accepted: moved into the trigger stage '${TRIGGER}'.`;

/** The columns recorded when a stage change into the trigger stage is accepted. */
function acceptedRow(applicationId: string, webhookActionId: string | null) {
  return { action: 'candidateStageChange', webhookActionId, outcome: 'accepted', reason: ACCEPTED_REASON, httpStatus: 200, stageSeen: TRIGGER, applicationId };
}

describe('ping', () => {
  test('answers a correctly signed ping with 200 and records when it came', async () => {
    const before = Date.now();
    const reply = await postSigned(fixtureBytes('webhook-ping.json'));

    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ping', reason: 'Ping received: Ashby can reach Prelim and the signature matches.' } });
    expect(await deliveries()).toEqual([
      {
        id: expect.any(String),
        action: 'ping',
        webhookActionId: '0d9e7a41-6c2b-4f85-9e13-b7a4c5d2e680',
        outcome: 'ping',
        reason: 'Ping received: Ashby can reach Prelim and the signature matches.',
        httpStatus: 200,
        stageSeen: null,
        applicationId: null,
        processingResult: null,
        processingReason: null,
      },
    ]);
    const lastPingAt = (await integrationRow()).lastPingAt;
    expect(lastPingAt).toBeInstanceOf(Date);
    expect(lastPingAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(lastPingAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    await expectNothingStarted();
  });

  test('refuses an unsigned ping with 401 invalid_signature and leaves lastPingAt empty', async () => {
    const reply = await h.ashby.sendPing({ url: webhookUrl, secret: null });

    expect({ status: reply.status, body: JSON.parse(reply.text) }).toEqual({ status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: NO_HEADER } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: null, webhookActionId: null, outcome: 'invalid_signature', reason: NO_HEADER, httpStatus: 401, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    expect((await integrationRow()).lastPingAt).toBeNull();
    await expectNothingStarted();
  });
});

describe('signature', () => {
  test("accepts the stage change of the contract's signature example and creates its interview", async () => {
    await setIntegration({ signingSecretSealed: h.app.services.secrets.encrypt(SIGNATURE_EXAMPLE.secret) });
    const example = SIGNATURE_EXAMPLE.cases[0]!;
    const bytes = fixtureBytes(example.bodyFile);
    expect(bytes.length).toBe(example.bodyBytes);

    const reply = await post(bytes, { 'ashby-signature': example.headers['Ashby-Signature']! });

    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'accepted', reason: ACCEPTED_REASON } });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ action: 'candidateStageChange', webhookActionId: '5b0f2c8e-9a51-4d7e-b3c4-2e61f0a7d913', outcome: 'accepted', httpStatus: 200, stageSeen: TRIGGER, applicationId: SEEDED_IDS.applicationId });
    const done = await processed(delivery!.id);
    const [interviewId] = await interviewIds();
    expect(done.processingResult).toBe('interview_created');
    expect(done.processingReason).toBe(`Interview created and invitation queued. (interview ${interviewId})`);
    const invite = await h.mail.waitFor((m) => m.to.includes(SEEDED_EMAIL), 10_000);
    expect(invite.subject).toBe('Your screening interview for Senior Backend Engineer (TypeScript) at Brightlane Labs');
    // The candidate data kept for the worker is dropped once it is processed.
    expect(await h.app.services.orm.em.fork().getConnection().execute('select payload from webhook_delivery')).toEqual([{ payload: null }]);
  });

  test("accepts the ping of the contract's signature example", async () => {
    await setIntegration({ signingSecretSealed: h.app.services.secrets.encrypt(SIGNATURE_EXAMPLE.secret) });
    const example = SIGNATURE_EXAMPLE.cases[1]!;
    const bytes = fixtureBytes(example.bodyFile);
    expect(bytes.length).toBe(example.bodyBytes);

    const reply = await post(bytes, { 'ashby-signature': example.headers['Ashby-Signature']! });

    expect(reply.status).toBe(200);
    expect((await deliveries()).map((d) => [d.outcome, d.httpStatus])).toEqual([['ping', 200]]);
    await expectNothingStarted();
  });

  test.each(SIGNATURE_EXAMPLE.negativeCases.map((c) => [c.why, c] as const))("refuses the contract's negative example: %s", async (_why, negative) => {
    await setIntegration({ signingSecretSealed: h.app.services.secrets.encrypt(SIGNATURE_EXAMPLE.secret) });
    const bytes = fixtureBytes(SIGNATURE_EXAMPLE.cases[0]!.bodyFile);
    const expected = negative['Ashby-Signature'].startsWith('sha256=') ? MISMATCH : MALFORMED;

    const reply = await post(bytes, { 'ashby-signature': negative['Ashby-Signature'] });

    expect(reply).toEqual({ status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: expected } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: null, webhookActionId: null, outcome: 'invalid_signature', reason: expected, httpStatus: 401, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });

  const compact = () => fixtureBytes('webhook-signature-example.body.json').toString('utf8');
  const BAD_HEADERS: [string, () => Record<string, string>, string][] = [
    ['no Ashby-Signature header', () => ({}), NO_HEADER],
    ['an empty Ashby-Signature header', () => ({ 'ashby-signature': '' }), NO_HEADER],
    ["'sha256=' with a short hex digest", () => ({ 'ashby-signature': 'sha256=d9b2cb10dab6eef9' }), MALFORMED],
    ["'sha256=' with 64 characters that are not hex", () => ({ 'ashby-signature': `sha256=${'zq'.repeat(32)}` }), MALFORMED],
    ['the right digest as bare hex without the prefix', () => ({ 'ashby-signature': signWebhookBody(secret, compact()).slice('sha256='.length) }), MALFORMED],
    ['a well-formed signature made with another secret', () => ({ 'ashby-signature': signWebhookBody('not-the-signing-secret', compact()) }), MISMATCH],
    ['a valid signature over the pretty-printed body instead of the bytes sent', () => ({ 'ashby-signature': signWebhookBody(secret, JSON.stringify(JSON.parse(compact()), null, 2)) }), MISMATCH],
  ];
  test.each(BAD_HEADERS)('refuses a stage change with %s: 401 and the reason says which', async (_what, headers, reason) => {
    const reply = await post(compact(), headers());

    expect(reply).toEqual({ status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: reason } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: null, webhookActionId: null, outcome: 'invalid_signature', reason, httpStatus: 401, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });
});

describe('payload', () => {
  test('answers 400 invalid_payload to a correctly signed body that is not JSON', async () => {
    const reply = await postSigned('{"action":"candidateStageChange","data":{"application":');

    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: 'The body is not valid JSON.' } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: null, webhookActionId: null, outcome: 'invalid_payload', reason: 'The body is not valid JSON.', httpStatus: 400, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });

  test.each([
    ['an object without action or data', '{"hello":"world"}', 'The body is not an Ashby webhook: action invalid input: expected string, received undefined; data invalid input: expected record, received undefined.'],
    ['data that is not an object', '{"action":"candidateStageChange","webhookActionId":"0b7f5a9e-7b1c-4f53-a1d0-2c5e9f0a1b23","data":"application"}', 'The body is not an Ashby webhook: data invalid input: expected record, received string.'],
    ['a JSON array', '[{"action":"ping"}]', 'The body is not an Ashby webhook: body invalid input: expected object, received array.'],
  ])('answers 400 to valid JSON that is not an Ashby webhook: %s', async (_what, body, reason) => {
    const reply = await postSigned(body);

    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: reason } } });
    expect((await deliveries()).map((d) => [d.outcome, d.httpStatus, d.reason])).toEqual([['invalid_payload', 400, reason]]);
    await expectNothingStarted();
  });

  test('answers 400 to a stage change without an application and names the field', async () => {
    const body = JSON.stringify({ action: 'candidateStageChange', webhookActionId: 'c1d2e3f4-0000-4000-8000-000000000001', data: {} });

    const reply = await postSigned(body);

    const reason = 'The stage change has no usable application: data.application invalid input: expected object, received undefined.';
    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: reason } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: 'candidateStageChange', webhookActionId: 'c1d2e3f4-0000-4000-8000-000000000001', outcome: 'invalid_payload', reason, httpStatus: 400, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });

  test('answers 400 to a stage change whose application has no candidate and names the field', async () => {
    const body = JSON.parse(stageChangeBytes(SEEDED_IDS.applicationId));
    delete body.data.application.candidate;

    const reply = await postSigned(JSON.stringify(body));

    const reason = 'The stage change has no usable application: data.application.candidate invalid input: expected object, received undefined.';
    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: reason } } });
    await expectNothingStarted();
  });
});

describe('hostile bodies', () => {
  test('answers 400, not 500, to a signed body with a NUL character, which Postgres cannot store', async () => {
    const body = stageChangeBytes(SEEDED_IDS.applicationId).replace('"AI Screening Interview"', '"AI Screening\\u0000Interview"');
    const reply = await postSigned(body);
    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: 'The body cannot be processed: it contains NUL characters.' } } });
    expect((await deliveries()).map((d) => d.outcome)).toEqual(['invalid_payload']);
    await expectNothingStarted();
  });

  test('answers 400 to a signed body nested thousands of levels deep', async () => {
    const body = `{"action":"candidateStageChange","data":{"application":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const reply = await postSigned(body);
    expect(reply).toEqual({ status: 400, body: { error: { code: 'INVALID_PAYLOAD', message: 'The body cannot be processed: it is nested more than 64 levels deep.' } } });
    await expectNothingStarted();
  });

  test('keeps at most 20 unsigned requests a minute in the log, and they do not count as activity', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post('{"action":"ping","data":{}}')).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await deliveries()).map((d) => d.outcome)).toEqual(Array(20).fill('invalid_signature'));
    expect((await integrationRow()).lastDeliveryAt).toBeNull();
  });
});

describe('stages and actions', () => {
  const ignored = (stage: string, trigger: string, hint = '') => `Ignored: stage '${stage}' is not the trigger stage '${trigger}'.${hint}`;
  const CASE_HINT = ' The names differ only in letter case, spaces or invisible characters; the match is exact.';

  test('ignores a move into another stage with 200 and says which stages differ', async () => {
    const reply = await postSigned(fixtureBytes('webhook-candidate-stage-change-other-stage.json'));

    const reason = "Ignored: stage 'Hiring Manager Screen' is not the trigger stage 'AI Screening Interview'.";
    expect(reason).toBe(ignored('Hiring Manager Screen', TRIGGER));
    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ignored_stage', reason } });
    expect(await deliveries()).toEqual([
      {
        id: expect.any(String),
        action: 'candidateStageChange',
        webhookActionId: 'e27c4b90-1f5d-4a3e-8c62-9d0b7a1f4e25',
        outcome: 'ignored_stage',
        reason,
        httpStatus: 200,
        stageSeen: 'Hiring Manager Screen',
        applicationId: SEEDED_IDS.applicationId,
        processingResult: null,
        processingReason: null,
      },
    ]);
    await expectNothingStarted();
  });

  test.each(['ai screening interview', 'AI Screening Interview ', 'AI  Screening Interview'])(
    "ignores the stage when the trigger is set to %j and hints that only case or spaces differ",
    async (trigger) => {
      await setIntegration({ triggerStage: trigger });

      const reply = await postSigned(fixtureBytes('webhook-candidate-stage-change.json'));

      const reason = ignored(TRIGGER, trigger, CASE_HINT);
      expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ignored_stage', reason } });
      expect((await deliveries()).map((d) => [d.outcome, d.httpStatus, d.reason, d.stageSeen])).toEqual([['ignored_stage', 200, reason, TRIGGER]]);
      await expectNothingStarted();
    },
  );

  test('ignores every stage change while no trigger stage is set', async () => {
    await setIntegration({ triggerStage: null });

    const reply = await postSigned(fixtureBytes('webhook-candidate-stage-change.json'));

    const reason = "Ignored: no trigger stage is set yet (stage was 'AI Screening Interview'). Choose one in Settings → Integrations → Ashby.";
    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ignored_stage', reason } });
    expect((await deliveries()).map((d) => [d.outcome, d.httpStatus, d.reason, d.stageSeen])).toEqual([['ignored_stage', 200, reason, TRIGGER]]);
    await expectNothingStarted();
  });

  test('ignores other actions with 200 ignored_action, even when the application is in the trigger stage', async () => {
    const actionId = randomUUID();
    const reply = await postSigned(stageChangeBytes(SEEDED_IDS.applicationId, actionId, 'applicationUpdate'));

    const reason = 'Ignored: Prelim acts only on candidateStageChange, this was applicationUpdate.';
    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ignored_action', reason } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: 'applicationUpdate', webhookActionId: actionId, outcome: 'ignored_action', reason, httpStatus: 200, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });
});

describe('duplicates', () => {
  const duplicateReason = (actionId: string) => `Duplicate: this event (webhookActionId ${actionId}) was already accepted; nothing new was done.`;

  async function expectOneInterviewAndOneInvite(email: string): Promise<void> {
    await h.mail.waitFor((m) => m.to.includes(email), 10_000);
    await queueIdle();
    await sleep(1000);
    expect(await count(Interview)).toBe(1);
    expect(h.mail.messages.map((m) => m.to)).toEqual([[email]]);
  }

  test('accepts a redelivered webhookActionId once and answers the repeat 200 duplicate', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Ada Repeat', stageTitle: TRIGGER });
    const actionId = randomUUID();
    const bytes = stageChangeBytes(applicationId, actionId);

    const first = await postSigned(bytes);
    const second = await postSigned(bytes);

    expect(first).toEqual({ status: 200, body: { ok: true, outcome: 'accepted', reason: ACCEPTED_REASON } });
    expect(second).toEqual({ status: 200, body: { ok: true, outcome: 'duplicate', reason: duplicateReason(actionId) } });
    const log = await deliveries();
    expect(log.map((d) => [d.outcome, d.httpStatus, d.webhookActionId, d.applicationId, d.stageSeen])).toEqual([
      ['accepted', 200, actionId, applicationId, TRIGGER],
      ['duplicate', 200, actionId, applicationId, TRIGGER],
    ]);
    await expectOneInterviewAndOneInvite('ada.repeat@example.com');
    expect((await deliveries()).map((d) => d.processingResult)).toEqual(['interview_created', null]);
  });

  test('accepts exactly one of five concurrent deliveries of the same event', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Bo Concurrent', stageTitle: TRIGGER });
    const actionId = randomUUID();
    const bytes = stageChangeBytes(applicationId, actionId);

    const replies = await Promise.all(Array.from({ length: 5 }, () => postSigned(bytes)));

    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.map((r) => (r.body as { outcome: string }).outcome).sort()).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const log = await deliveries();
    const accepted = acceptedRow(applicationId, actionId);
    const duplicate = { ...accepted, outcome: 'duplicate', reason: duplicateReason(actionId) };
    expect(log.filter((d) => d.outcome === 'accepted')).toEqual([expect.objectContaining(accepted)]);
    expect(log.filter((d) => d.outcome === 'duplicate')).toEqual(Array(4).fill(expect.objectContaining({ ...duplicate, processingResult: null })));
    await expectOneInterviewAndOneInvite('bo.concurrent@example.com');
    expect((await deliveries()).filter((d) => d.outcome === 'accepted').map((d) => d.processingResult)).toEqual(['interview_created']);
  });

  test('creates one interview when re-triggered events for one application are processed at the same time', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Hal Race', stageTitle: TRIGGER });

    const replies = await Promise.all(Array.from({ length: 3 }, () => postSigned(stageChangeBytes(applicationId))));

    expect(replies.map((r) => (r.body as { outcome: string }).outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    const results = [];
    for (const delivery of await deliveries()) results.push((await processed(delivery.id)).processingResult);
    expect(results.sort()).toEqual(['interview_created', 'interview_exists', 'interview_exists']);
    await expectOneInterviewAndOneInvite('hal.race@example.com');
    expect(await count(Job)).toBe(1);
  });

  test('deduplicates on the body when a stage change carries no webhookActionId', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Fay Noid', stageTitle: TRIGGER });
    const body = JSON.parse(stageChangeBytes(applicationId));
    delete body.webhookActionId;
    const bytes = JSON.stringify(body);

    const first = await postSigned(bytes);
    const second = await postSigned(bytes);

    expect([(first.body as { outcome: string }).outcome, (second.body as { outcome: string }).outcome]).toEqual(['accepted', 'duplicate']);
    expect((await deliveries()).map((d) => [d.outcome, d.webhookActionId, d.reason])).toEqual([
      ['accepted', null, ACCEPTED_REASON],
      ['duplicate', null, 'Duplicate: this event (same body) was already accepted; nothing new was done.'],
    ]);
    await expectOneInterviewAndOneInvite('fay.noid@example.com');
  });

  test('accepts a re-triggered event for the same application but creates no second interview', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Cy Again', stageTitle: TRIGGER });

    const first = await postSigned(stageChangeBytes(applicationId));
    const [firstDelivery] = await deliveries();
    await processed(firstDelivery!.id);
    const second = await postSigned(stageChangeBytes(applicationId));

    expect([first.status, second.status]).toEqual([200, 200]);
    expect([(first.body as { outcome: string }).outcome, (second.body as { outcome: string }).outcome]).toEqual(['accepted', 'accepted']);
    const log = await deliveries();
    expect(log.map(({ action, webhookActionId, outcome, reason, httpStatus, stageSeen, applicationId }) => ({ action, webhookActionId, outcome, reason, httpStatus, stageSeen, applicationId }))).toEqual([
      acceptedRow(applicationId, log[0]!.webhookActionId),
      acceptedRow(applicationId, log[1]!.webhookActionId),
    ]);
    expect(log[0]!.webhookActionId).not.toBe(log[1]!.webhookActionId);
    const done = await processed(log[1]!.id);
    const [interviewId] = await interviewIds();
    expect(done.processingResult).toBe('interview_exists');
    expect(done.processingReason).toBe(`This application already has an interview; no second one was created. (interview ${interviewId})`);
    await expectOneInterviewAndOneInvite('cy.again@example.com');
  });
});

describe('webhook URL', () => {
  test('answers 404 to an unknown URL token and records nothing', async () => {
    const bytes = fixtureBytes('webhook-candidate-stage-change.json');

    const reply = await post(bytes, { 'ashby-signature': signWebhookBody(secret, bytes) }, `${h.baseUrl}/webhooks/ashby/not-a-token-of-any-integration`);

    expect(reply).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No Prelim integration has this webhook URL. Copy the URL again from Settings → Integrations → Ashby.' } },
    });
    expect(await count(WebhookDelivery)).toBe(0);
    await expectNothingStarted();
  });

  test('answers 410 after Ashby is disconnected, records it and starts no interview', async () => {
    const disconnected = await gql(h.baseUrl, 'mutation { disconnectAshby { status } }', {}, { cookie });
    expect(disconnected.data).toEqual({ disconnectAshby: { status: 'DISCONNECTED' } });

    const reply = await postSigned(fixtureBytes('webhook-candidate-stage-change.json'));

    const reason = 'Refused: Ashby was disconnected in Prelim. Reconnect in Settings → Integrations → Ashby, or delete this webhook in Ashby.';
    expect(reply).toEqual({ status: 410, body: { error: { code: 'DISCONNECTED', message: reason } } });
    expect(await deliveries()).toEqual([
      { id: expect.any(String), action: null, webhookActionId: null, outcome: 'disconnected', reason, httpStatus: 410, stageSeen: null, applicationId: null, processingResult: null, processingReason: null },
    ]);
    await expectNothingStarted();
  });
});

describe('processing', () => {
  test('re-reads the application and skips it when Ashby shows it is no longer in the trigger stage', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Dee Moved', stageTitle: TRIGGER });
    const bytes = stageChangeBytes(applicationId);
    h.ashby.setApplicationStage(applicationId, 'Hiring Manager Screen');

    const reply = await postSigned(bytes);

    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'accepted', reason: ACCEPTED_REASON } });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject(acceptedRow(applicationId, JSON.parse(bytes).webhookActionId));
    const done = await processed(delivery!.id);
    expect(done.processingResult).toBe('skipped');
    expect(done.processingReason).toBe("By the time Prelim processed this event the application was in stage 'Hiring Manager Screen', not the trigger stage 'AI Screening Interview'.");
    expect(h.ashby.calls.filter((c) => c.endpoint === 'application.info').map((c) => c.body)).toEqual([{ applicationId }]);
    await queueIdle();
    expect(await count(Interview)).toBe(0);
    expect(h.mail.messages).toEqual([]);
  });

  test('keeps a delivery while Ashby is failing, says it is retrying, and creates the interview once Ashby answers', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Gus Later', stageTitle: TRIGGER });
    // The client tries three times per task attempt; three 500s fail the first task attempt.
    h.ashby.failNext('application.info', { kind: 'server_error' }, 3);

    await postSigned(stageChangeBytes(applicationId));

    const [delivery] = await deliveries();
    await eventually(async () => (await deliveries())[0]!.processingReason === 'Retrying: Ashby answered application.info with HTTP 500.', 'the retrying reason');
    const done = await processed(delivery!.id);
    expect(done.processingResult).toBe('interview_created');
    await h.mail.waitFor((m) => m.to.includes('gus.later@example.com'), 10_000);
    expect(h.ashby.calls.filter((c) => c.endpoint === 'application.info').map((c) => c.status)).toEqual([500, 500, 500, 200]);
    const tasks = await h.app.services.orm.em.fork().find(Task, { kind: 'start-interview-from-webhook' });
    expect(tasks.map((t) => [t.status, t.attempts])).toEqual([['done', 2]]);
  });

  test('retries a delivery when Ashby sends a garbled reply once, instead of failing it for good', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Gil Garbled', stageTitle: TRIGGER });
    h.ashby.failNext('application.info', { kind: 'bad_json' }, 1);

    await postSigned(stageChangeBytes(applicationId));

    const [delivery] = await deliveries();
    const done = await processed(delivery!.id);
    expect(done.processingResult).toBe('interview_created');
    expect(h.ashby.calls.filter((c) => c.endpoint === 'application.info').map((c) => c.status)).toEqual([200, 200]);
  });

  test('sends nothing when Ashby holds a list of addresses where one email belongs', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Hal Hostile', email: 'hal.hostile@example.com, spy@evil.example', stageTitle: TRIGGER });

    await postSigned(stageChangeBytes(applicationId));

    const [delivery] = await deliveries();
    const done = await processed(delivery!.id);
    expect(done.processingResult).toBe('failed');
    expect(done.processingReason).toBe("The candidate's email address in Ashby is not a single valid address, so no invitation was sent. Correct it in Ashby and move the candidate into the trigger stage again.");
    expect(await count(Interview)).toBe(0);
    expect(h.mail.messages).toEqual([]);
  });

  test('fails the delivery with a clear reason when the candidate has no email, and sends nothing', async () => {
    const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Eve Noemail', email: null, stageTitle: TRIGGER });

    const bytes = stageChangeBytes(applicationId);
    const reply = await postSigned(bytes);

    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'accepted', reason: ACCEPTED_REASON } });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject(acceptedRow(applicationId, JSON.parse(bytes).webhookActionId));
    const done = await processed(delivery!.id);
    expect(done.processingResult).toBe('failed');
    expect(done.processingReason).toBe('The candidate has no email address in Ashby, so no invitation can be sent. Add one in Ashby and move the candidate into the trigger stage again.');
    await queueIdle();
    const tasks = await h.app.services.orm.em.fork().find(Task, {});
    expect(tasks.map((t) => [t.kind, t.status, t.attempts])).toEqual([['start-interview-from-webhook', 'failed', 1]]);
    expect(await count(Interview)).toBe(0);
    expect(await count(Job)).toBe(0);
    expect(h.mail.messages).toEqual([]);
  });
});

describe('body size', () => {
  test('answers 413, not 500, to a body over 1 MB and records nothing', async () => {
    const bytes = JSON.stringify({ action: 'ping', data: { webhookActionType: 'ping', padding: 'x'.repeat(1024 * 1024) } });

    const reply = await postSigned(bytes);

    expect(reply).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } } });
    expect(await count(WebhookDelivery)).toBe(0);
    await expectNothingStarted();
  });

  test("reads a signed body above the server's 256 KB default and below 1 MB", async () => {
    const bytes = JSON.stringify({ action: 'ping', data: { webhookActionType: 'ping', padding: 'x'.repeat(600 * 1024) } });

    const reply = await postSigned(bytes);

    expect(reply).toEqual({ status: 200, body: { ok: true, outcome: 'ping', reason: 'Ping received: Ashby can reach Prelim and the signature matches.' } });
  });
});
