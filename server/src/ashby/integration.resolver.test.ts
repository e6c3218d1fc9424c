import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_API_KEY } from '../../../scripts/fake-ashby/fake-ashby.js';
import { createOrg, gql, signIn, startHarness, type GqlReply, type Harness } from '../test/harness.js';

const INTEGRATION_FIELDS = 'id status webhookUrl signingSecret apiKeyLast4 apiKeyTitle triggerStage connectedAt disconnectedAt lastPingAt';
const CONNECT = `mutation($k: String!) { connectAshby(apiKey: $k) { ${INTEGRATION_FIELDS} } }`;
const SET_TRIGGER = 'mutation($n: String!) { setTriggerStage(name: $n) { triggerStage } }';
const REGENERATE = `mutation { regenerateSigningSecret { ${INTEGRATION_FIELDS} } }`;
const DISCONNECT = `mutation { disconnectAshby { ${INTEGRATION_FIELDS} } }`;

const KEY_TITLE = 'AI Screening Integration';
const SIGNING_SECRET = /^[A-Za-z0-9_-]{43}$/;
const REJECTED_KEY = 'Ashby rejected this API key. Check that you copied the whole key and that it is still active in Ashby (Admin → API Keys).';
const MISMATCH = "Rejected: the signature does not match. The secret token in Ashby's webhook form must equal the signing secret Prelim shows (regenerating the secret changes it).";

let h: Harness;
let cookie: string;

beforeAll(async () => {
  h = await startHarness({ label: 'integration_resolver' });
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
  h.ashby.addApiKey('key-without-write-0003', ['candidatesRead', 'jobsRead', 'apiKeysRead']);
  h.ashby.addApiKey('key-no-keys-read-0004', ['candidatesRead', 'candidatesWrite', 'jobsRead', 'interviewsRead']);
  h.ashby.addApiKey('key-reads-only-0005', ['candidatesRead', 'candidatesWrite', 'jobsRead']);
  h.ashby.addApiKey('rotated-key-0002');
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await h.app.services.orm.em.fork().getConnection().execute('truncate ashby_integration cascade');
  h.ashby.reset();
});

type Integration = {
  id: string;
  status: string;
  webhookUrl: string;
  signingSecret: string | null;
  apiKeyLast4: string | null;
  apiKeyTitle: string | null;
  triggerStage: string | null;
  connectedAt: string;
  disconnectedAt: string | null;
  lastPingAt: string | null;
};

async function op<T = Record<string, Integration>>(query: string, variables: Record<string, unknown> = {}): Promise<GqlReply<T>> {
  return gql<T>(h.baseUrl, query, variables, { cookie });
}

async function connect(apiKey = DEFAULT_API_KEY): Promise<Integration> {
  const reply = await op(CONNECT, { k: apiKey });
  expect(reply.errors).toBeUndefined();
  return reply.data!.connectAshby!;
}

/** The error as a client sees it: code, message and the extensions beside the code. */
function errorsOf(reply: GqlReply<unknown>) {
  return reply.errors?.map((e) => ({ message: e.message, extensions: e.extensions }));
}

/** The ashby_integration rows exactly as stored, read with SQL rather than through the ORM. */
async function storedRows(): Promise<Record<string, unknown>[]> {
  return h.app.services.orm.em.fork().getConnection().execute('select * from ashby_integration');
}

function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

async function ping(webhookUrl: string, secret: string): Promise<number> {
  return (await h.ashby.sendPing({ url: webhookUrl, secret })).status;
}

describe('connectAshby refuses keys that will not work', () => {
  test('refuses a key Ashby does not know with an actionable BAD_USER_INPUT and stores nothing', async () => {
    const reply = await op(CONNECT, { k: 'wrong-key-9999' });

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toEqual([{ message: REJECTED_KEY, extensions: { code: 'BAD_USER_INPUT', fields: { apiKey: 'rejected by Ashby' } } }]);
    expect(h.ashby.calls.map((c) => [c.endpoint, c.apiKey, c.status])).toEqual([['apiKey.info', 'wrong-key-9999', 403]]);
    expect(await storedRows()).toEqual([]);
  });

  test('refuses a pasted key with spaces inside before calling Ashby', async () => {
    const reply = await op(CONNECT, { k: 'fake-ashby key-0001' });

    expect(errorsOf(reply)).toEqual([
      {
        message: 'The Ashby API key looks wrong: paste the key exactly as Ashby shows it (no spaces).',
        extensions: { code: 'BAD_USER_INPUT', fields: { apiKey: 'expected a single token without spaces' } },
      },
    ]);
    expect(h.ashby.calls).toEqual([]);
    expect(await storedRows()).toEqual([]);
  });

  test('names every permission the key lacks', async () => {
    const reply = await op(CONNECT, { k: 'key-without-write-0003' });

    expect(errorsOf(reply)).toEqual([
      {
        message: 'This Ashby API key lacks permissions Prelim needs: candidatesWrite, interviewsRead. In Ashby, open Admin → API Keys, enable them on the key and paste it again.',
        extensions: { code: 'BAD_USER_INPUT', fields: { apiKey: 'missing candidatesWrite, interviewsRead' } },
      },
    ]);
    expect(await storedRows()).toEqual([]);
  });

  test('connects a key without apiKeysRead by checking it with a call Prelim needs anyway', async () => {
    const integration = await connect('key-no-keys-read-0004');

    expect(integration).toMatchObject({ status: 'CONNECTED', apiKeyLast4: '0004', apiKeyTitle: null });
    expect(h.ashby.calls.map((c) => [c.endpoint, c.status])).toEqual([
      ['apiKey.info', 403],
      ['interviewPlan.list', 200],
    ]);
    expect(await storedRows()).toHaveLength(1);
  });

  test('refuses a key without apiKeysRead when the fallback check lacks its permission too', async () => {
    const reply = await op(CONNECT, { k: 'key-reads-only-0005' });

    expect(errorsOf(reply)).toEqual([
      {
        message: 'The Ashby API key lacks the permission interviewPlan.list needs (interviewsRead). In Ashby, open Admin → API Keys and enable it on the key.',
        extensions: { code: 'BAD_USER_INPUT', fields: { apiKey: 'missing permission' } },
      },
    ]);
    expect(await storedRows()).toEqual([]);
  });

  test('answers UPSTREAM_UNAVAILABLE when Ashby keeps failing, after retrying, and stores nothing', async () => {
    h.ashby.failNext('*', { kind: 'server_error' }, 3);

    const reply = await op(CONNECT, { k: DEFAULT_API_KEY });

    expect(errorsOf(reply)).toEqual([
      { message: 'Ashby could not be reached, so Prelim could not check the API key. Try again shortly.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } },
    ]);
    expect(h.ashby.calls.map((c) => [c.endpoint, c.status])).toEqual([
      ['apiKey.info', 500],
      ['apiKey.info', 500],
      ['apiKey.info', 500],
    ]);
    expect(await storedRows()).toEqual([]);
  });

  test('answers UPSTREAM_UNAVAILABLE at once when Ashby rate limits for longer than a request should wait', async () => {
    h.ashby.failNext('*', { kind: 'rate_limited', retryAfterSeconds: 60 });

    const reply = await op(CONNECT, { k: DEFAULT_API_KEY });

    expect(errorsOf(reply)).toEqual([
      { message: 'Ashby is rate limiting requests, so Prelim could not check the API key. Try again in a minute.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } },
    ]);
    expect(h.ashby.calls.map((c) => [c.endpoint, c.status])).toEqual([['apiKey.info', 429]]);
    expect(await storedRows()).toEqual([]);
  });
});

describe('connecting twice at once', () => {
  // Product bug: IntegrationService.connect (integration.service.ts, the find-then-create in
  // connect()) does not catch the unique violation on ashby_integration.org_id when two requests
  // create the row at once, so the losers get INTERNAL_SERVER_ERROR; STYLE.md asks services to turn
  // 23505 into CONFLICT (or the second request could simply rotate the key on the winner's row).
  test('a double-submitted connect never answers Internal server error and leaves one integration', async () => {
    const outcomes: string[] = [];
    // Several rounds, because the first requests on a cold connection pool may happen to serialise.
    for (let round = 0; round < 3; round++) {
      await h.app.services.orm.em.fork().getConnection().execute('truncate ashby_integration cascade');
      // Ashby answers all five key checks together, so the five requests reach the insert together.
      h.ashby.failNext('apiKey.info', { kind: 'delay', ms: 300 }, 5);

      const replies = await Promise.all(Array.from({ length: 5 }, () => op(CONNECT, { k: DEFAULT_API_KEY })));

      const rows = await storedRows();
      expect(rows).toHaveLength(1);
      outcomes.push(...replies.map((r) => (r.errors ? String(r.errors[0]!.extensions?.code) : r.data!.connectAshby!.id === rows[0]!.id ? 'connected' : 'other row')));
    }
    expect(outcomes.filter((o) => o !== 'connected' && o !== 'CONFLICT')).toEqual([]);
  });
});

describe('a connected integration', () => {
  test('returns the webhook URL and signing secret and stores the key only sealed', async () => {
    const integration = await connect();

    expect(integration).toMatchObject({
      status: 'CONNECTED',
      webhookUrl: expect.stringMatching(new RegExp(`^${h.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/webhooks/ashby/[A-Za-z0-9_-]{32}$`)),
      signingSecret: expect.stringMatching(SIGNING_SECRET),
      apiKeyLast4: '0001',
      apiKeyTitle: KEY_TITLE,
      triggerStage: null,
      disconnectedAt: null,
      lastPingAt: null,
    });
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(DEFAULT_API_KEY);
    expect(stored).not.toContain(integration.signingSecret!);
    expect(row.api_key_last4).toBe('0001');
    expect(row.webhook_token).toBe(tokenOf(integration.webhookUrl));
    expect(h.app.services.secrets.decrypt(row.api_key_sealed as string)).toBe(DEFAULT_API_KEY);
    expect(h.app.services.secrets.decrypt(row.signing_secret_sealed as string)).toBe(integration.signingSecret);
    expect(await ping(integration.webhookUrl, integration.signingSecret!)).toBe(200);
  });

  test('rotating the key keeps the webhook URL and signing secret', async () => {
    const first = await connect();

    const rotated = await connect('rotated-key-0002');

    expect(rotated).toMatchObject({ id: first.id, webhookUrl: first.webhookUrl, signingSecret: first.signingSecret, connectedAt: first.connectedAt, apiKeyLast4: '0002', status: 'CONNECTED' });
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(h.app.services.secrets.decrypt(rows[0]!.api_key_sealed as string)).toBe('rotated-key-0002');
    expect(JSON.stringify(rows[0])).not.toContain('rotated-key-0002');
    expect(await ping(first.webhookUrl, first.signingSecret!)).toBe(200);
  });

  test('regenerateSigningSecret issues a new secret; signatures made with the old one are refused', async () => {
    const first = await connect();
    expect(await ping(first.webhookUrl, first.signingSecret!)).toBe(200);

    const reply = await op(REGENERATE);

    const regenerated = reply.data!.regenerateSigningSecret!;
    expect(regenerated).toMatchObject({ id: first.id, webhookUrl: first.webhookUrl, signingSecret: expect.stringMatching(SIGNING_SECRET), lastPingAt: null });
    expect(regenerated.signingSecret).not.toBe(first.signingSecret);
    const old = await h.ashby.sendPing({ url: first.webhookUrl, secret: first.signingSecret });
    expect({ status: old.status, body: JSON.parse(old.text) }).toEqual({ status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: MISMATCH } } });
    expect(await ping(first.webhookUrl, regenerated.signingSecret!)).toBe(200);
  });

  test('ashbyStages lists the distinct stage names of the active interview plans in plan order', async () => {
    await connect();
    h.ashby.calls.length = 0;

    const reply = await op<{ ashbyStages: string[] }>('query { ashbyStages }');

    expect(reply.errors).toBeUndefined();
    expect(reply.data!.ashbyStages).toEqual(['New Lead', 'Application Review', 'AI Screening Interview', 'Hiring Manager Screen', 'Technical Interview', 'Final Round', 'Offer', 'Hired', 'Archived']);
    expect(h.ashby.calls.map((c) => [c.endpoint, c.body])).toEqual([
      ['interviewPlan.list', { includeArchived: false, limit: 100 }],
      ['interviewStage.list', { interviewPlanId: 'e9639034-0416-4708-8ef0-6db550405b25', limit: 100 }],
      ['interviewStage.list', { interviewPlanId: '7c3e1a9b-5d2f-4e68-8b40-a1f6d9c2e357', limit: 100 }],
    ]);
  });

  test('ashbyStages answers CONFLICT before Ashby is connected', async () => {
    const reply = await op('query { ashbyStages }');

    expect(errorsOf(reply)).toEqual([{ message: 'Ashby is not connected for this organisation. Connect it in Settings → Integrations → Ashby first.', extensions: { code: 'CONFLICT' } }]);
  });

  test.each([
    ['an empty name', ''],
    ['a name of spaces only', '   '],
    ['a name of 201 characters', 'x'.repeat(201)],
  ])('setTriggerStage refuses %s with BAD_USER_INPUT and keeps the stored stage', async (_what, name) => {
    await connect();
    await op(SET_TRIGGER, { n: 'AI Screening Interview' });

    const reply = await op(SET_TRIGGER, { n: name });

    expect(errorsOf(reply)).toEqual([
      { message: 'The trigger stage must be a stage name of 1 to 200 characters.', extensions: { code: 'BAD_USER_INPUT', fields: { name: 'expected a stage name' } } },
    ]);
    expect((await storedRows())[0]!.trigger_stage).toBe('AI Screening Interview');
  });

  test.each([
    ['a trailing space', 'AI Screening Interview '],
    ['a leading space and lower case', ' ai screening interview'],
    ['200 characters', 'y'.repeat(200)],
  ])('setTriggerStage stores a name with %s exactly as given', async (_what, name) => {
    await connect();

    const reply = await op(SET_TRIGGER, { n: name });

    expect(reply.data).toEqual({ setTriggerStage: { triggerStage: name } });
    expect((await storedRows())[0]!.trigger_stage).toBe(name);
  });

  test('disconnecting erases the key and secret; reconnecting keeps the URL and issues a new secret', async () => {
    const first = await connect();

    const disconnected = await op(DISCONNECT);

    expect(disconnected.data!.disconnectAshby).toMatchObject({ id: first.id, status: 'DISCONNECTED', webhookUrl: first.webhookUrl, signingSecret: null, disconnectedAt: expect.any(String) });
    expect(await storedRows()).toEqual([expect.objectContaining({ status: 'disconnected', api_key_sealed: null, signing_secret_sealed: null })]);
    expect(await ping(first.webhookUrl, first.signingSecret!)).toBe(410);

    const reconnected = await connect();

    expect(reconnected).toMatchObject({ id: first.id, status: 'CONNECTED', webhookUrl: first.webhookUrl, signingSecret: expect.stringMatching(SIGNING_SECRET), disconnectedAt: null });
    expect(reconnected.signingSecret).not.toBe(first.signingSecret);
    expect(await ping(first.webhookUrl, first.signingSecret!)).toBe(401);
    expect(await ping(first.webhookUrl, reconnected.signingSecret!)).toBe(200);
  });
});
