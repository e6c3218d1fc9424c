import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_API_KEY, startFakeAshby, type FakeAshby } from '../../../scripts/fake-ashby/fake-ashby.js';
import { AshbyClient, AshbyError } from './ashby.client.js';

const APPLICATION_ID = '586115ce-2dbd-49e2-8ec7-b29d770354d9';
let ashby: FakeAshby;

beforeAll(async () => {
  ashby = await startFakeAshby();
});
beforeEach(() => ashby.reset());
afterAll(() => ashby.close());

const client = (opts: Partial<ConstructorParameters<typeof AshbyClient>[0]> = {}) => new AshbyClient({ baseUrl: ashby.url, apiKey: DEFAULT_API_KEY, retries: 2, maxRetryWaitMs: 2000, ...opts });

async function failure(promise: Promise<unknown>): Promise<AshbyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AshbyError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('AshbyClient', () => {
  test('reads an application and sends Basic auth with the key as user name and the documented headers', async () => {
    const application = await client().application(APPLICATION_ID);
    expect(application.currentInterviewStage?.title).toBe('AI Screening Interview');
    const call = ashby.calls.at(-1)!;
    expect({ endpoint: call.endpoint, apiKey: call.apiKey, body: call.body }).toEqual({ endpoint: 'application.info', apiKey: DEFAULT_API_KEY, body: { applicationId: APPLICATION_ID } });
  });

  test('an error sent as HTTP 200 with success:false is an api_error carrying Ashby’s code', async () => {
    const error = await failure(client().application('00000000-0000-4000-8000-000000000000'));
    expect({ failure: error.failure, code: error.opts.code, retryable: error.retryable }).toEqual({ failure: 'api_error', code: 'application_not_found', retryable: false });
  });

  test('a wrong key (403) and a missing permission (403 missing_endpoint_permission) are told apart', async () => {
    expect((await failure(client({ apiKey: 'not-a-key' }).apiKeyInfo())).failure).toBe('invalid_key');
    ashby.addApiKey('read-only', ['candidatesRead']);
    const error = await failure(client({ apiKey: 'read-only' }).job('8d74f2d8-0ba7-4891-b596-786a5837dc0a'));
    expect(error.failure).toBe('missing_permission');
    expect(error.message).toBe('The Ashby API key lacks the permission job.info needs (jobsRead).');
  });

  test('429 is retried after Retry-After and then succeeds', async () => {
    ashby.failNext('candidate.info', { kind: 'rate_limited', retryAfterSeconds: 1 });
    const started = Date.now();
    const candidate = await client().candidate('8f1f13df-61fe-461a-a3a7-f4d316cfa017');
    expect(candidate.name).toBe('Priya Okafor');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(ashby.calls.filter((c) => c.endpoint === 'candidate.info').map((c) => c.status)).toEqual([429, 200]);
  });

  test('a Retry-After longer than the wait limit is left to the task queue', async () => {
    ashby.failNext('candidate.info', { kind: 'rate_limited', retryAfterSeconds: 3600 });
    const error = await failure(client().candidate('8f1f13df-61fe-461a-a3a7-f4d316cfa017'));
    expect({ failure: error.failure, retryAfterMs: error.opts.retryAfterMs, retryable: error.retryable }).toEqual({ failure: 'rate_limited', retryAfterMs: 3_600_000, retryable: true });
    expect(ashby.calls.filter((c) => c.endpoint === 'candidate.info')).toHaveLength(1);
  });

  test('5xx is retried, then reported as unavailable and ambiguous', async () => {
    ashby.failNext('*', { kind: 'server_error' }, 3);
    const error = await failure(client().apiKeyInfo());
    expect({ failure: error.failure, ambiguous: error.opts.ambiguous }).toEqual({ failure: 'unavailable', ambiguous: true });
    expect(ashby.calls.map((c) => c.status)).toEqual([500, 500, 500]);
  });

  test('a reply that is not JSON, or not the documented shape, is a bad_response', async () => {
    ashby.failNext('apiKey.info', { kind: 'bad_json' });
    expect((await failure(client().apiKeyInfo())).failure).toBe('bad_response');
    ashby.failNext('application.info', { kind: 'wrong_shape' });
    const error = await failure(client().application(APPLICATION_ID));
    expect(error.failure).toBe('bad_response');
    expect(error.message).toMatch(/^Ashby's reply to application\.info is not in the documented shape/);
  });

  test('a call that never answers times out as unavailable', async () => {
    ashby.failNext('apiKey.info', { kind: 'hang' });
    const error = await failure(client({ timeoutMs: 300, retries: 0 }).apiKeyInfo());
    expect(error.failure).toBe('unavailable');
    expect(error.message).toBe('Ashby did not answer apiKey.info within 300 ms');
  });

  test('stage names are the distinct titles across active plans, in plan order', async () => {
    expect(await client().stageNames()).toEqual(['New Lead', 'Application Review', 'AI Screening Interview', 'Hiring Manager Screen', 'Technical Interview', 'Final Round', 'Offer', 'Hired', 'Archived']);
  });
});

describe('AshbyClient against a hostile or broken server', () => {
  let server: import('node:http').Server;
  let base: string;
  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = () => {};

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('does not follow a redirect (it would re-send the request body elsewhere)', async () => {
    const hits: string[] = [];
    handler = (req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/apiKey.info') res.writeHead(307, { location: `${base}/elsewhere` }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"results":{"title":"redirected"}}');
    };
    const error = await failure(new AshbyClient({ baseUrl: base, apiKey: 'k' }).apiKeyInfo());
    expect(error.failure).toBe('bad_response');
    expect(error.message).toBe('Ashby answered apiKey.info with a redirect (HTTP 307), which its API never does; check ASHBY_API_URL.');
    expect(hits).toEqual(['/apiKey.info']);
  });

  test('stops reading a reply larger than 5 MB', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":true,"results":{"title":"');
      const chunk = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end('"}}');
    };
    const error = await failure(new AshbyClient({ baseUrl: base, apiKey: 'k', retries: 0 }).apiKeyInfo());
    expect({ failure: error.failure, message: error.message }).toEqual({ failure: 'bad_response', message: "Ashby's reply to apiKey.info is larger than 5 MB or was cut off." });
  });

  test('stops paging when a cursor comes back a second time', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, results: [{ id: `p${calls}`, title: 'Plan', isArchived: false }], moreDataAvailable: true, nextCursor: 'same' }));
    };
    const error = await failure(new AshbyClient({ baseUrl: base, apiKey: 'k' }).interviewPlans());
    expect(error.message).toBe('Ashby repeated a page cursor for interviewPlan.list.');
    expect(calls).toBe(2);
  });
});
