import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import {
  ALL_SCOPES,
  DEFAULT_API_KEY,
  SEEDED_IDS,
  signWebhookBody,
  startFakeAshby,
  type FakeAshby,
  type Fault,
} from './fake-ashby.js';

// Answers are read as loosely typed JSON; the assertions pin their exact shape.
type Json = any;

const REQUEST_ID = /^01J[0-9A-HJKMNP-TV-Z]{23}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const { applicationId: APPLICATION_ID, candidateId: CANDIDATE_ID, jobId: JOB_ID } = SEEDED_IDS;

function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function fixture(name: string): Json {
  return JSON.parse(fixtureText(name));
}

/** A fixture error envelope, with the per-request id left open. */
function fixtureError(name: string): Json {
  const expected = fixture(name);
  return { ...expected, errorInfo: { ...expected.errorInfo, requestId: expect.stringMatching(REQUEST_ID) } };
}

function errorEnvelope(code: string, message: string): Json {
  const requestId = expect.stringMatching(REQUEST_ID);
  return { success: false, errors: [code], errorInfo: { code, message, requestId } };
}

function basicAuth(key: string, password = ''): string {
  return `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`;
}

let fake: FakeAshby;

beforeAll(async () => {
  fake = await startFakeAshby();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

interface PostOptions {
  key?: string | null;
  authorization?: string;
  contentType?: string;
  raw?: string;
  method?: string;
}

async function post(endpoint: string, body: unknown = {}, options: PostOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
  };
  const key = options.key === undefined ? DEFAULT_API_KEY : options.key;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (key !== null) headers.authorization = basicAuth(key);

  const method = options.method ?? 'POST';
  const response = await fetch(`${fake.url}/${endpoint}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : (options.raw ?? JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseOrNull(text) };
}

async function results(endpoint: string, body: unknown = {}): Promise<Json> {
  return (await post(endpoint, body)).json.results;
}

function parseOrNull(text: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function createNote(note: unknown, extra: object = {}): Promise<Answer> {
  return post('candidate.createNote', { candidateId: CANDIDATE_ID, note, ...extra });
}

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const receivers: Server[] = [];

afterEach(async () => {
  const closing = receivers.splice(0).map((server) => new Promise((done) => server.close(done)));
  await Promise.all(closing);
});

/** A stand-in for our webhook route: records each request and answers the next queued status. */
async function startReceiver(
  statuses: number[] = [],
  answer = 'ok',
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ headers: request.headers, body: Buffer.concat(chunks) });
    response.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' });
    response.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receivers.push(server);
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/webhooks/ashby/tok`, received };
}

function parseBody(request: Received): Json {
  return JSON.parse(request.body.toString('utf8'));
}

describe('auth', () => {
  test('answers 401 when the Authorization header is missing', async () => {
    const answer = await post('apiKey.info', {}, { key: null });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="Ashby API"');
    expect(answer.json).toEqual(
      errorEnvelope('unauthenticated', 'Missing API key: use HTTP Basic auth with the API key as the username and an empty password'),
    );
  });

  test('answers 401 for a Bearer token, since Ashby takes Basic only', async () => {
    const answer = await post('apiKey.info', {}, { authorization: `Bearer ${DEFAULT_API_KEY}` });

    expect(answer.status).toBe(401);
  });

  test('answers 403 for a removed key and for a non-empty password', async () => {
    fake.addApiKey('second-key');
    expect((await post('apiKey.info', {}, { key: 'second-key' })).status).toBe(200);

    fake.removeApiKey('second-key');
    const removed = await post('apiKey.info', {}, { key: 'second-key' });
    const withPassword = await post('apiKey.info', {}, { authorization: basicAuth(DEFAULT_API_KEY, 'x') });

    expect(removed.status).toBe(403);
    expect(removed.json).toEqual(
      errorEnvelope('invalid_api_key', 'The API key is invalid or has been deactivated'),
    );
    expect(withPassword.status).toBe(403);
  });

  test('answers 403 missing_endpoint_permission, as in the fixture, for a missing scope', async () => {
    fake.addApiKey('read-only', ['candidatesRead']);

    const request = fixture('create-note-request.json');
    const answer = await post('candidate.createNote', request, { key: 'read-only' });

    expect(answer.status).toBe(403);
    expect(answer.json).toEqual(fixtureError('error-missing-permission.json'));
    expect(fake.notes).toEqual([]);
  });

  test('apiKey.info returns the scopes of the calling key', async () => {
    fake.addApiKey('reader', ['candidatesRead', 'apiKeysRead']);

    const answer = await post('apiKey.info', {}, { key: 'reader' });

    expect(answer.json).toEqual({
      success: true,
      results: {
        title: 'AI Screening Integration',
        createdAt: '2025-02-20T11:05:33.201Z',
        scopes: ['candidatesRead', 'apiKeysRead'],
      },
    });
    expect((await results('apiKey.info')).scopes).toEqual(ALL_SCOPES);
  });

  test('refuses apiKey.info to a valid key without apiKeysRead, which can still list plans', async () => {
    fake.addApiKey('no-key-scope', ['candidatesRead', 'interviewsRead']);

    const info = await post('apiKey.info', {}, { key: 'no-key-scope' });
    const plans = await post('interviewPlan.list', { limit: 1 }, { key: 'no-key-scope' });

    expect(info.status).toBe(403);
    expect(info.json.errorInfo.message).toBe('The API key does not have the apiKeysRead permission required for this endpoint');
    expect(plans.status).toBe(200);
  });
});

describe('request shape', () => {
  test('answers 405 for anything but POST', async () => {
    const answer = await post('candidate.info', {}, { method: 'GET' });

    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.json).toEqual(
      errorEnvelope('method_not_allowed', 'Ashby endpoints are called with POST; got GET'),
    );
  });

  test('answers 404 for an unknown endpoint', async () => {
    const answer = await post('candidate.delete', { id: CANDIDATE_ID });

    expect(answer.status).toBe(404);
    expect(answer.json).toEqual(errorEnvelope('not_found', 'No Ashby endpoint named "candidate.delete"'));
  });

  test('answers 415 when Content-Type is not application/json', async () => {
    const answer = await post('candidate.info', { id: CANDIDATE_ID }, { contentType: 'text/plain' });

    expect(answer.status).toBe(415);
    expect(answer.json).toEqual(
      errorEnvelope('unsupported_media_type', 'Content-Type must be application/json; got text/plain'),
    );
  });

  test('accepts application/json with a charset parameter', async () => {
    const contentType = 'application/json; charset=utf-8';

    const answer = await post('candidate.info', { id: CANDIDATE_ID }, { contentType });

    expect(answer.status).toBe(200);
  });

  test('answers 400 for a body that is not JSON, invalid_input for JSON that is not an object', async () => {
    const broken = await post('candidate.info', null, { raw: '{"id": ' });
    const array = await post('candidate.info', [CANDIDATE_ID]);

    expect(broken.status).toBe(400);
    expect(broken.json).toEqual(errorEnvelope('invalid_input', 'The request body is not valid JSON'));
    expect(array.status).toBe(200);
    expect(array.json).toEqual(errorEnvelope('invalid_input', 'request body: expected a JSON object'));
  });

  test('records every call with its key, parsed body, status and success flag', async () => {
    await post('candidate.info', { id: CANDIDATE_ID });
    await post('candidate.info', { id: UNKNOWN_ID });
    await post('job.info', null, { raw: 'nope', key: null });

    const at = expect.any(Date);
    const apiKey = DEFAULT_API_KEY;
    expect(fake.calls).toEqual([
      { endpoint: 'candidate.info', apiKey, body: { id: CANDIDATE_ID }, status: 200, success: true, at },
      { endpoint: 'candidate.info', apiKey, body: { id: UNKNOWN_ID }, status: 200, success: false, at },
      { endpoint: 'job.info', apiKey: null, body: null, status: 401, success: false, at },
    ]);
  });
});

describe('read endpoints', () => {
  test.each([
    ['application.info', { applicationId: APPLICATION_ID }, 'application-info.json'],
    ['candidate.info', { id: CANDIDATE_ID }, 'candidate-info.json'],
    ['job.info', { id: JOB_ID }, 'job-info.json'],
    ['jobPosting.info', { jobPostingId: SEEDED_IDS.jobPostingId }, 'job-posting-info.json'],
    ['jobPosting.list', {}, 'job-posting-list.json'],
    ['interviewStage.list', { interviewPlanId: SEEDED_IDS.interviewPlanId }, 'interview-stage-list.json'],
    ['jobInterviewPlan.info', { jobId: JOB_ID }, 'job-interview-plan-info.json'],
  ])('%s answers the seeded fixture', async (endpoint, body, file) => {
    const answer = await post(endpoint, body);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(fixture(file));
  });

  test.each([
    [
      'candidate.info',
      { candidateId: CANDIDATE_ID },
      'id: expected a non-empty string; got nothing (this endpoint takes "id", not "candidateId")',
    ],
    [
      'job.info',
      { jobId: JOB_ID },
      'id: expected a non-empty string; got nothing (this endpoint takes "id", not "jobId")',
    ],
    [
      'application.info',
      { id: APPLICATION_ID },
      'applicationId: expected a non-empty string; got nothing (this endpoint takes "applicationId", not "id")',
    ],
    [
      'jobPosting.info',
      { id: SEEDED_IDS.jobPostingId },
      'jobPostingId: expected a non-empty string; got nothing (this endpoint takes "jobPostingId", not "id")',
    ],
    ['interviewStage.list', {}, 'interviewPlanId: expected a non-empty string; got nothing'],
  ])('%s refuses the wrong field name with invalid_input', async (endpoint, body, message) => {
    const answer = await post(endpoint, body);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(errorEnvelope('invalid_input', message));
  });

  test.each([
    ['application.info', { applicationId: UNKNOWN_ID }, 'application_not_found', 'Application not found'],
    ['candidate.info', { id: UNKNOWN_ID }, 'candidate_not_found', 'Candidate not found'],
    ['job.info', { id: UNKNOWN_ID }, 'job_not_found', 'Job not found'],
    ['jobPosting.info', { jobPostingId: UNKNOWN_ID }, 'job_posting_not_found', 'Job posting not found'],
    [
      'interviewStage.list',
      { interviewPlanId: UNKNOWN_ID },
      'interview_plan_not_found',
      'Interview plan not found',
    ],
    ['jobInterviewPlan.info', { jobId: UNKNOWN_ID }, 'job_not_found', 'Job not found'],
  ])('%s answers HTTP 200 with %s for an unknown id', async (endpoint, body, code, message) => {
    const answer = await post(endpoint, body);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(errorEnvelope(code, message));
  });

  test('the application.info error matches the fixture error envelope', async () => {
    const answer = await post('application.info', { applicationId: UNKNOWN_ID });

    expect(answer.json).toEqual(fixtureError('error-response.json'));
  });

  test('job.info carries no description; the posting does', async () => {
    const job = await results('job.info', { id: JOB_ID });
    const posting = await results('jobPosting.info', { jobPostingId: job.jobPostingIds[0] });

    expect(Object.keys(job).filter((key) => /description/i.test(key))).toEqual([]);
    expect(posting.descriptionParts.descriptionBody.plain).toMatch(/^Brightlane Labs builds routing/);
  });
});

describe('interviewPlan.list pagination', () => {
  const plans = fixture('interview-plan-list.json').results;
  const syncToken = expect.any(String);

  test('returns every plan in one page by default, with a sync token', async () => {
    const answer = await post('interviewPlan.list');

    expect(answer.json).toEqual({ success: true, results: plans, moreDataAvailable: false, syncToken });
  });

  test('with limit 1 returns two pages joined by nextCursor, then a sync token', async () => {
    const first = (await post('interviewPlan.list', { limit: 1 })).json;
    const second = (await post('interviewPlan.list', { limit: 1, cursor: first.nextCursor })).json;

    const nextCursor = expect.any(String);
    expect(first).toEqual({ success: true, results: [plans[0]], moreDataAvailable: true, nextCursor });
    expect(second).toEqual({ success: true, results: [plans[1]], moreDataAvailable: false, syncToken });
  });

  test('an incremental sync with the sync token returns nothing new', async () => {
    const full = (await post('interviewPlan.list')).json;

    const incremental = (await post('interviewPlan.list', { syncToken: full.syncToken })).json;

    expect(incremental).toEqual({
      success: true,
      results: [],
      moreDataAvailable: false,
      syncToken: full.syncToken,
    });
  });

  test.each([
    [{ limit: 101 }, 'invalid_input', 'limit: expected an integer from 1 to 100; got 101'],
    [{ limit: 0 }, 'invalid_input', 'limit: expected an integer from 1 to 100; got 0'],
    [
      { cursor: 'bm90LWEtY3Vyc29y' },
      'invalid_next_cursor',
      'The cursor is not one this endpoint issued; restart the listing without a cursor',
    ],
    [
      { syncToken: 'c3luYy10b2tlbi1leGFtcGxl' },
      'sync_token_invalid',
      'The sync token is not one this endpoint issued; drop it and run a full sync',
    ],
  ])('refuses %j with %s', async (body, code, message) => {
    expect((await post('interviewPlan.list', body)).json).toEqual(errorEnvelope(code, message));
  });
});

describe('candidate.createNote', () => {
  test('stores the fixture HTML note unchanged and answers like the fixture', async () => {
    const request = fixture('create-note-request.json');
    const expected = fixture('create-note-response.json').results;

    const answer = await post('candidate.createNote', request);

    const { id, createdAt } = answer.json.results;
    expect(answer.json).toEqual({ success: true, results: { ...expected, id, createdAt } });
    expect(fake.notes).toEqual([
      {
        id,
        candidateId: CANDIDATE_ID,
        type: 'text/html',
        value: request.note.value,
        content: expected.content,
        sendNotifications: false,
        isPrivate: false,
        createdAt,
      },
    ]);
  });

  test('stores a plain-string note as text/plain, content as sent', async () => {
    const request = fixture('create-note-request-plain.json');

    await post('candidate.createNote', request);

    const note = request.note;
    expect(fake.notes[0]).toMatchObject({ type: 'text/plain', value: note, content: note });
  });

  test('strips every tag outside the allowed subset but keeps its text', async () => {
    const value =
      '<h1>Result</h1><p>Score <strong>4</strong><br/>of 5</p>' +
      '<table><tr><td>cell</td></tr></table>' +
      '<b class="x">bold</b> <i>it</i> <u>u</u> <em>em</em><!-- hidden -->' +
      '<a href="https://example.com/t?a=1&b=2" target="_blank" onclick="x()">link</a>' +
      '<a href="javascript:alert(1)">bad</a><ul><li>one</li></ul><ol><li>two</li></ol>' +
      '<pre><code>x &lt; y</code></pre><script>s()</script><span style="a>b">kept</span>';

    await createNote({ type: 'text/html', value });

    expect(fake.notes[0].content).toBe(
      'ResultScore 4of 5cell<b>bold</b> <i>it</i> <u>u</u> em' +
        '<a href="https://example.com/t?a=1&b=2">link</a><a>bad</a>' +
        '<ul><li>one</li></ul><ol><li>two</li></ol>' +
        '<pre><code>x &lt; y</code></pre>s()kept',
    );
  });

  test('records sendNotifications, isPrivate and a backdated createdAt', async () => {
    const createdAt = '2025-03-06T18:43:05.612Z';

    await createNote('hello', { sendNotifications: true, isPrivate: true, createdAt });

    expect(fake.notes[0]).toMatchObject({ sendNotifications: true, isPrivate: true, createdAt });
  });

  test('answers candidate_not_found for an unknown candidate and stores nothing', async () => {
    const answer = await post('candidate.createNote', { candidateId: UNKNOWN_ID, note: 'hi' });

    expect(answer.json).toEqual(errorEnvelope('candidate_not_found', 'Candidate not found'));
    expect(fake.notes).toEqual([]);
  });

  const NOTE_SHAPE = 'note: expected a non-empty string or { "type": "text/plain" | "text/html", "value": string }';

  test.each([
    [{ candidateId: CANDIDATE_ID }, `${NOTE_SHAPE}; got nothing`],
    [
      { candidateId: CANDIDATE_ID, note: { type: 'text/markdown', value: '**x**' } },
      `${NOTE_SHAPE}; got {"type":"text/markdown","value":"**x**"}`,
    ],
    [
      { id: CANDIDATE_ID, note: 'x' },
      'candidateId: expected a non-empty string; got nothing (this endpoint takes "candidateId", not "id")',
    ],
  ])('refuses %j with invalid_input', async (body, message) => {
    const answer = await post('candidate.createNote', body);

    expect(answer.json).toEqual(errorEnvelope('invalid_input', message));
    expect(fake.notes).toEqual([]);
  });
});

describe('candidate.listNotes', () => {
  function contents(page: Json): string[] {
    return page.results.map((note: Json) => note.content);
  }

  test('lists a candidate\'s notes newest first, across pages', async () => {
    await createNote('oldest', { createdAt: '2025-01-01T00:00:00.000Z' });
    await createNote('newest', { createdAt: '2025-01-03T00:00:00.000Z' });
    await createNote('middle', { createdAt: '2025-01-02T00:00:00.000Z' });
    const other = fake.addCandidateApplication();
    await post('candidate.createNote', { candidateId: other.candidateId, note: 'someone else' });

    const request = { candidateId: CANDIDATE_ID, limit: 2 };
    const first = (await post('candidate.listNotes', request)).json;
    const second = (await post('candidate.listNotes', { ...request, cursor: first.nextCursor })).json;

    expect([contents(first), first.moreDataAvailable]).toEqual([['newest', 'middle'], true]);
    expect([contents(second), second.moreDataAvailable]).toEqual([['oldest'], false]);
    expect(second.results[0]).toEqual({
      id: fake.notes[0].id,
      createdAt: '2025-01-01T00:00:00.000Z',
      isPrivate: false,
      content: 'oldest',
      author: fixture('create-note-response.json').results.author,
    });
  });

  test('orders notes created at the same instant by creation, newest first', async () => {
    for (const note of ['first', 'second', 'third']) {
      await createNote(note, { createdAt: '2025-01-01T00:00:00.000Z' });
    }

    const page = (await post('candidate.listNotes', { candidateId: CANDIDATE_ID })).json;

    expect(contents(page)).toEqual(['third', 'second', 'first']);
  });

  test('an incremental sync returns only notes added since the sync token', async () => {
    await createNote('before');
    const full = (await post('candidate.listNotes', { candidateId: CANDIDATE_ID })).json;
    await createNote('after');

    const request = { candidateId: CANDIDATE_ID, syncToken: full.syncToken };
    const incremental = (await post('candidate.listNotes', request)).json;

    expect(contents(incremental)).toEqual(['after']);
  });

  test('refuses a cursor issued by another endpoint', async () => {
    const plans = (await post('interviewPlan.list', { limit: 1 })).json;

    const request = { candidateId: CANDIDATE_ID, cursor: plans.nextCursor };
    const answer = await post('candidate.listNotes', request);

    expect(answer.json.errorInfo.code).toBe('invalid_next_cursor');
  });
});

describe('assessment.update', () => {
  test.each(['started', 'completed', 'cancelled'])('accepts the %s fixture and records it', async (kind) => {
    const body = fixture(`assessment-update-request-${kind}.json`);

    const answer = await post('assessment.update', body);

    expect(answer.json).toEqual(fixture('assessment-update-response.json'));
    expect(fake.assessmentUpdates).toEqual([body]);
  });

  const completed = fixture('assessment-update-request-completed.json');
  const passedAsText = { identifier: 'passed', label: 'Passed', type: 'boolean_success', value: 'yes' };

  test.each([
    [
      'camelCase field names',
      {
        assessmentId: completed.assessment_id,
        timestamp: completed.timestamp,
        assessmentStatus: completed.assessment_status,
      },
      'request body: unknown field(s) "assessmentId", "assessmentStatus"; allowed: assessment_id, timestamp, assessment_status, assessment_profile_url, assessment_result, cancelled_reason, metadata (assessment.update is snake_case); assessment_id: expected a UUID string; got nothing; assessment_status: expected an AssessmentData object; got nothing (required unless cancelled_reason is sent)',
    ],
    [
      'a capitalised data type',
      { ...completed, assessment_result: { ...completed.assessment_result, type: 'Score' } },
      'assessment_result.type: expected one of numeric_score, numeric_duration_minutes, url, string, boolean_success; got "Score"',
    ],
    [
      'a timestamp in seconds',
      { ...completed, timestamp: 1741206857 },
      'timestamp: expected integer milliseconds since the Unix epoch (e.g. 1741206857512); got 1741206857',
    ],
    [
      'an ISO timestamp',
      { ...completed, timestamp: '2025-03-05T20:34:17.512Z' },
      'timestamp: expected integer milliseconds since the Unix epoch (e.g. 1741206857512); got "2025-03-05T20:34:17.512Z"',
    ],
    [
      'a slug instead of a UUID assessment id',
      { ...completed, assessment_id: 'itv_7Q2mX9' },
      'assessment_id: expected a UUID string; got "itv_7Q2mX9"',
    ],
    [
      'a result without a profile URL',
      { ...completed, assessment_profile_url: undefined },
      'assessment_profile_url: expected an AssessmentData object; got nothing (required with assessment_result)',
    ],
    [
      'a value that does not fit its type',
      { ...completed, metadata: [passedAsText] },
      'metadata[0].value: does not fit type "boolean_success"; got "yes"',
    ],
  ])('refuses %s with invalid_input', async (_case, body, message) => {
    const answer = await post('assessment.update', body);

    expect(answer.json).toEqual(errorEnvelope('invalid_input', message));
    expect(fake.assessmentUpdates).toEqual([]);
  });
});

describe('assessment.addCompletedToCandidate', () => {
  test('accepts the camelCase fixture and answers like the response fixture', async () => {
    const body = fixture('assessment-add-completed-request.json');

    const answer = await post('assessment.addCompletedToCandidate', body);

    expect(answer.json).toEqual(fixture('assessment-add-completed-response.json'));
    expect(fake.completedAssessments).toEqual([body]);
  });

  test('refuses snake_case assessment fields', async () => {
    const body = fixture('assessment-add-completed-request.json');
    const { assessmentTypeId, ...rest } = body.assessment;
    const assessment = { ...rest, assessment_type_id: assessmentTypeId };

    const answer = await post('assessment.addCompletedToCandidate', { ...body, assessment });

    expect(answer.json).toEqual(
      errorEnvelope(
        'invalid_input',
        'assessment: unknown field(s) "assessment_type_id"; allowed: assessmentTypeId, assessmentId, assessmentName, result, metadata (assessment.addCompletedToCandidate is camelCase); assessment.assessmentTypeId: expected a UUID string; got nothing',
      ),
    );
    expect(fake.completedAssessments).toEqual([]);
  });

  test('answers candidate_not_found for an unknown candidate', async () => {
    const body = { ...fixture('assessment-add-completed-request.json'), candidateId: UNKNOWN_ID };

    const answer = await post('assessment.addCompletedToCandidate', body);

    expect(answer.json).toEqual(errorEnvelope('candidate_not_found', 'Candidate not found'));
  });
});

describe('webhook.create', () => {
  test('records the body and answers the created webhook', async () => {
    const body = {
      webhookType: 'candidateStageChange',
      requestUrl: 'https://prelim.example.com/webhooks/ashby/tok',
      secretToken: 's3cret',
    };

    const answer = await post('webhook.create', body);

    expect(answer.json).toEqual({
      success: true,
      results: { id: expect.any(String), enabled: true, ...body },
    });
    expect(fake.webhooksCreated).toEqual([body]);
  });

  test('refuses an unknown webhook type', async () => {
    const body = { webhookType: 'stageChange', requestUrl: 'https://x.example.com', secretToken: 's' };

    const answer = await post('webhook.create', body);

    expect(answer.json.errorInfo.code).toBe('invalid_input');
    expect(answer.json.errorInfo.message).toMatch(/^webhookType: expected one of applicationSubmit, /);
    expect(fake.webhooksCreated).toEqual([]);
  });
});

describe('seeded data helpers', () => {
  test('a candidate added without email has no primary email and no addresses', async () => {
    const added = fake.addCandidateApplication({ candidateName: 'Ana Lima', email: null });
    const { applicationId, candidateId } = added;

    const candidate = await results('candidate.info', { id: candidateId });
    const application = await results('application.info', { applicationId });

    expect(candidate).toMatchObject({
      name: 'Ana Lima',
      primaryEmailAddress: null,
      emailAddresses: [],
      applicationIds: [applicationId],
      profileUrl: `https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/${candidateId}`,
    });
    expect(application.candidate).toEqual({
      id: candidateId,
      name: 'Ana Lima',
      primaryEmailAddress: null,
      primaryPhoneNumber: null,
    });
    expect(application.currentInterviewStage.title).toBe('Application Review');
    expect(application.job.id).toBe(JOB_ID);
  });

  test('a candidate added with an email and a stage carries both', async () => {
    const stageTitle = 'AI Screening Interview';
    const { applicationId } = fake.addCandidateApplication({ email: 'ana@example.com', stageTitle });

    const application = await results('application.info', { applicationId });

    expect(application.candidate.primaryEmailAddress).toEqual({
      value: 'ana@example.com',
      type: 'Personal',
      isPrimary: true,
    });
    expect(application.currentInterviewStage.id).toBe('191669ed-6b79-4138-9b7b-b27e9c1ca52a');
  });

  test('a job added with a description gets a posting carrying it; null means no posting', async () => {
    const descriptionPlain = 'Build pipelines.\n\nOwn the warehouse.';
    const posted = fake.addJob({ title: 'Data Engineer', descriptionPlain });
    const unposted = fake.addJob({ title: 'Internal Tools Engineer', descriptionPlain: null });

    const job = await results('job.info', { id: posted.jobId });
    const posting = await results('jobPosting.info', { jobPostingId: job.jobPostingIds[0] });
    const list = await results('jobPosting.list');

    expect(posting).toMatchObject({
      title: 'Data Engineer',
      jobId: posted.jobId,
      descriptionPlain,
      descriptionHtml:
        '<p style="min-height:1.5em">Build pipelines.</p><p style="min-height:1.5em">Own the warehouse.</p>',
      descriptionParts: {
        descriptionOpening: null,
        descriptionBody: { plain: descriptionPlain },
        descriptionClosing: null,
      },
    });
    expect(list.map((item: Json) => item.jobId)).toEqual([JOB_ID, posted.jobId]);
    expect((await results('job.info', { id: unposted.jobId })).jobPostingIds).toEqual([]);
    expect((await results('jobInterviewPlan.info', { jobId: unposted.jobId })).jobId).toBe(unposted.jobId);
  });

  test('setApplicationStage moves the application and refuses a stage outside the plan', async () => {
    fake.setApplicationStage(APPLICATION_ID, 'Hiring Manager Screen');

    const application = await results('application.info', { applicationId: APPLICATION_ID });

    expect(application.currentInterviewStage.title).toBe('Hiring Manager Screen');
    expect(application.applicationHistory.map((entry: Json) => entry.title)).toEqual([
      'Application Review',
      'AI Screening Interview',
      'Hiring Manager Screen',
    ]);
    expect(() => fake.setApplicationStage(APPLICATION_ID, 'Phone Screen')).toThrow(
      'no stage titled "Phone Screen" in interview plan e9639034-0416-4708-8ef0-6db550405b25',
    );
  });

  test('the seeded application\'s webhook body is the fixture, byte for byte once serialised', () => {
    const expected = fixture('webhook-candidate-stage-change.json');

    const actionId = expected.webhookActionId;
    const body = fake.applicationWebhookBody(APPLICATION_ID, 'candidateStageChange', actionId);

    expect(body).toEqual(expected);
    expect(JSON.stringify(body)).toBe(fixtureText('webhook-signature-example.body.json'));
  });

  test('reset restores the seeded data and clears records and faults', async () => {
    const { jobId } = fake.addJob({ title: 'Temp' });
    await createNote('x');
    fake.setApplicationStage(APPLICATION_ID, 'Offer');
    fake.failNext('*', { kind: 'server_error' });

    fake.reset();

    expect([fake.calls, fake.notes]).toEqual([[], []]);
    expect((await post('job.info', { id: jobId })).json.errorInfo.code).toBe('job_not_found');
    expect(await results('application.info', { applicationId: APPLICATION_ID })).toEqual(
      fixture('application-info.json').results,
    );
  });
});

describe('faults', () => {
  test('rate_limited answers 429 with Retry-After and the fixture body', async () => {
    fake.failNext('candidate.info', { kind: 'rate_limited', retryAfterSeconds: 7 });
    fake.failNext('candidate.info', { kind: 'rate_limited' });

    const first = await post('candidate.info', { id: CANDIDATE_ID });
    const second = await post('candidate.info', { id: CANDIDATE_ID });

    expect(first.status).toBe(429);
    expect([first.headers.get('retry-after'), second.headers.get('retry-after')]).toEqual(['7', '1']);
    expect(first.json).toEqual(fixtureError('error-rate-limited.json'));
  });

  test('server_error answers 500 with the envelope; unavailable answers 503 with HTML', async () => {
    fake.failNext('candidate.info', { kind: 'server_error' });
    fake.failNext('candidate.info', { kind: 'unavailable' });

    const error = await post('candidate.info', { id: CANDIDATE_ID });
    const unavailable = await post('candidate.info', { id: CANDIDATE_ID });

    expect(error.status).toBe(500);
    expect(error.json).toEqual(errorEnvelope('internal_server_error', 'Internal server error'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(unavailable.text).toContain('<h1>503 Service Unavailable</h1>');
  });

  test('success_false answers HTTP 200 with the given code and message', async () => {
    const fault: Fault = { kind: 'success_false', code: 'invalid_input', message: 'Note too long' };
    fake.failNext('candidate.createNote', fault);
    fake.failNext('candidate.createNote', { kind: 'success_false', code: 'next_cursor_expired' });

    const first = await createNote('x');
    const second = await createNote('x');

    expect(first.status).toBe(200);
    expect(first.json).toEqual(errorEnvelope('invalid_input', 'Note too long'));
    expect(second.json).toEqual(
      errorEnvelope('next_cursor_expired', 'Injected next_cursor_expired from the fake Ashby'),
    );
    expect(fake.notes).toEqual([]);
  });

  test('delay answers normally after the delay', async () => {
    fake.failNext('candidate.info', { kind: 'delay', ms: 120 });
    const started = Date.now();

    const answer = await post('candidate.info', { id: CANDIDATE_ID });

    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(answer.json).toEqual(fixture('candidate-info.json'));
  });

  test('hang never answers until close(), which drops the connection', async () => {
    const hanging = await startFakeAshby();
    hanging.failNext('candidate.info', { kind: 'hang' });

    const request = fetch(`${hanging.url}/candidate.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(DEFAULT_API_KEY) },
      body: JSON.stringify({ id: CANDIDATE_ID }),
    });
    const outcome = request.then(
      () => 'answered',
      () => 'dropped',
    );
    const beforeClose = await Promise.race([outcome, sleep(150).then(() => 'waiting')]);
    await hanging.close();

    expect([beforeClose, await outcome]).toEqual(['waiting', 'dropped']);
    expect(hanging.calls).toMatchObject([{ endpoint: 'candidate.info', status: 0 }]);
  });

  test('bad_json answers 200 with a body that is not JSON', async () => {
    fake.failNext('job.info', { kind: 'bad_json' });

    const answer = await post('job.info', { id: JOB_ID });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  test('wrong_shape answers success with results missing required fields', async () => {
    fake.failNext('candidate.info', { kind: 'wrong_shape' });
    fake.failNext('interviewPlan.list', { kind: 'wrong_shape' });

    const info = (await post('candidate.info', { id: CANDIDATE_ID })).json;
    const list = (await post('interviewPlan.list')).json;

    expect(info).toEqual({ success: true, results: { id: expect.any(String) } });
    expect(list).toEqual({ success: true, results: [{ id: expect.any(String) }] });
  });

  test('a fault lasts for the given number of calls to its endpoint only; "*" matches any', async () => {
    fake.failNext('candidate.info', { kind: 'server_error' }, 2);

    const statuses = [];
    for (const endpoint of ['job.info', 'candidate.info', 'candidate.info', 'candidate.info']) {
      statuses.push((await post(endpoint, { id: CANDIDATE_ID })).status);
    }
    fake.failNext('*', { kind: 'server_error' });
    statuses.push((await post('apiKey.info')).status, (await post('apiKey.info')).status);

    expect(statuses).toEqual([200, 500, 500, 200, 500, 200]);
  });
});

describe('sending webhooks', () => {
  const signatureExample = fixture('webhook-signature-example.json');
  const signedCases: [string, Json][] = signatureExample.cases.map((example: Json) => [
    example.bodyFile,
    example,
  ]);

  test.each(signedCases)('signs %s with the fixture secret to the expected header', (file, example) => {
    const bytes = readFileSync(new URL(`./fixtures/${file}`, import.meta.url));

    expect(bytes.length).toBe(example.bodyBytes);
    expect(signWebhookBody(signatureExample.secret, bytes)).toBe(example.headers['Ashby-Signature']);
  });

  test('reproduces the fixture\'s negative cases: another secret, pretty-printed bytes', async () => {
    const [wrongSecret, prettyPrinted] = signatureExample.negativeCases;
    const compact = fixtureText('webhook-signature-example.body.json');
    const pretty = JSON.stringify(JSON.parse(compact), null, 2);
    const receiver = await startReceiver();

    await fake.sendWebhook({ url: receiver.url, secret: signatureExample.secret, body: pretty });

    expect(signWebhookBody(wrongSecret.secret, compact)).toBe(wrongSecret['Ashby-Signature']);
    expect(receiver.received[0].body.toString('utf8')).toBe(pretty);
    expect(receiver.received[0].headers['ashby-signature']).toBe(prettyPrinted['Ashby-Signature']);
  });

  test('sends a string body as given, signed over exactly those bytes', async () => {
    const receiver = await startReceiver();
    const bytes = fixtureText('webhook-signature-example.body.json');

    const secret = signatureExample.secret;
    const answer = await fake.sendWebhook({ url: receiver.url, secret, body: bytes });

    expect(answer).toEqual({ status: 200, text: 'ok' });
    expect(receiver.received[0].body.toString('utf8')).toBe(bytes);
    expect(receiver.received[0].headers).toMatchObject({
      'ashby-signature': signatureExample.cases[0].headers['Ashby-Signature'],
      'content-type': 'application/json',
      'user-agent': 'AshbyWebhooks/1.0 (fake-ashby)',
    });
  });

  test('serialises an object once and signs the bytes it sends', async () => {
    const receiver = await startReceiver();
    const body = { action: 'applicationUpdate', data: { application: { name: 'Zoë Ångström' } } };

    await fake.sendWebhook({ url: receiver.url, secret: 'k', body });

    const { body: received, headers } = receiver.received[0];
    expect(received.toString('utf8')).toBe(JSON.stringify(body));
    expect(headers['ashby-signature']).toBe(signWebhookBody('k', received));
  });

  test('sends no signature without a secret, and an overriding signature verbatim', async () => {
    const receiver = await startReceiver();

    await fake.sendWebhook({ url: receiver.url, secret: null, body: {} });
    await fake.sendWebhook({ url: receiver.url, secret: 'k', body: {}, signature: 'sha256=beef' });

    const signatures = receiver.received.map((request) => request.headers['ashby-signature']);
    expect(signatures).toEqual([undefined, 'sha256=beef']);
  });

  test('sends a signed ping', async () => {
    const receiver = await startReceiver();

    await fake.sendPing({ url: receiver.url, secret: 'k' });

    const [ping] = receiver.received;
    expect(parseBody(ping)).toEqual({
      action: 'ping',
      webhookActionId: expect.any(String),
      data: { webhookActionType: 'ping' },
    });
    expect(ping.headers['ashby-signature']).toBe(signWebhookBody('k', ping.body));
  });

  test('refuses to send anywhere but this machine', async () => {
    const url = 'https://prelim.example.com/webhooks/ashby/tok';

    await expect(fake.sendWebhook({ url, secret: 'k', body: {} })).rejects.toThrow(
      'fake Ashby only sends to http://127.0.0.1 or localhost; refused https://prelim.example.com',
    );
  });
});

describe('deliverStageChange', () => {
  test('moves the application, then sends both webhooks under one webhookActionId', async () => {
    const receiver = await startReceiver();
    const { applicationId } = fake.addCandidateApplication({ candidateName: 'Ana Lima' });
    const stageTitle = 'AI Screening Interview';

    const url = receiver.url;
    const delivery = await fake.deliverStageChange({ url, secret: 'k', applicationId, stageTitle });

    const bodies = receiver.received.map(parseBody);
    const summary = bodies.map((body) => [
      body.action,
      body.webhookActionId,
      body.data.application.currentInterviewStage.title,
    ]);
    expect(summary).toEqual([
      ['candidateStageChange', delivery.webhookActionId, stageTitle],
      ['applicationUpdate', delivery.webhookActionId, stageTitle],
    ]);
    expect(delivery.attempts).toEqual([
      { action: 'candidateStageChange', status: 200 },
      { action: 'applicationUpdate', status: 200 },
    ]);
    for (const request of receiver.received) {
      expect(request.headers['ashby-signature']).toBe(signWebhookBody('k', request.body));
    }
    const expected = fake.applicationWebhookBody(applicationId) as Json;
    expect(bodies[0].data.application).toEqual(expected.data.application);
  });

  test('stops retrying on 401', async () => {
    const receiver = await startReceiver([401, 401]);

    const delivery = await fake.deliverStageChange({
      url: receiver.url,
      secret: 'wrong',
      applicationId: APPLICATION_ID,
      stageTitle: 'AI Screening Interview',
      webhookActionId: 'fixed-action-id',
    });

    expect(delivery).toEqual({
      webhookActionId: 'fixed-action-id',
      attempts: [
        { action: 'candidateStageChange', status: 401 },
        { action: 'applicationUpdate', status: 401 },
      ],
    });
    expect(receiver.received).toHaveLength(2);
  });

  test('retries on 500 with the same bytes and signature until accepted', async () => {
    const receiver = await startReceiver([500, 503, 200, 200]);

    const delivery = await fake.deliverStageChange({
      url: receiver.url,
      secret: 'k',
      applicationId: APPLICATION_ID,
      stageTitle: 'Technical Interview',
      retryDelaysMs: [1, 1, 1],
    });

    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200, 200]);
    const [first, second, third] = receiver.received;
    expect([second.body.equals(first.body), third.body.equals(first.body)]).toEqual([true, true]);
    expect(third.headers['ashby-signature']).toBe(first.headers['ashby-signature']);
  });

  test('gives up after 10 attempts and counts a refused connection as status 0', async () => {
    const receiver = await startReceiver(Array(20).fill(500));
    const closed = await startReceiver();
    await new Promise((done) => receivers.pop()?.close(done));

    const failing = await fake.deliverStageChange({
      url: receiver.url,
      secret: 'k',
      applicationId: APPLICATION_ID,
      stageTitle: 'Final Round',
      retryDelaysMs: Array(12).fill(0),
    });
    const unreachable = await fake.deliverStageChange({
      url: closed.url,
      secret: 'k',
      applicationId: APPLICATION_ID,
      stageTitle: 'Offer',
      retryDelaysMs: [0],
    });

    const stageChanges = failing.attempts.filter((attempt) => attempt.action === 'candidateStageChange');
    expect(stageChanges).toHaveLength(10);
    expect(receiver.received).toHaveLength(20);
    expect(unreachable.attempts.map((attempt) => attempt.status)).toEqual([0, 0, 0, 0]);
  });
});

describe('callPartner', () => {
  const startRequest = fixture('assessment-start-request.json');

  test.each([
    ['basic' as const, basicAuth('partner-key')],
    ['bearer' as const, 'Bearer partner-key'],
  ])('posts to <baseUrl>/<endpoint> with %s auth and returns the answer', async (auth, header) => {
    const receiver = await startReceiver([200], fixtureText('assessment-start-response.json'));
    const baseUrl = receiver.url.replace('/webhooks/ashby/tok', '/ashby/assessment/org-1/');

    const answer = await fake.callPartner({
      baseUrl,
      endpoint: 'assessment.start',
      body: startRequest,
      partnerKey: 'partner-key',
      auth,
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(fixture('assessment-start-response.json'));
    expect(receiver.received[0].headers.authorization).toBe(header);
    expect(parseBody(receiver.received[0])).toEqual(startRequest);
  });

  test('sends a string body byte for byte, so a partner can be given bad JSON', async () => {
    const receiver = await startReceiver([400], '{"message":"bad"}');

    const answer = await fake.callPartner({
      baseUrl: receiver.url,
      endpoint: 'assessment.start',
      body: '{"assessment_type_id":',
      partnerKey: 'partner-key',
    });

    expect(answer).toMatchObject({ status: 400, json: { message: 'bad' } });
    expect(receiver.received[0].body.toString('utf8')).toBe('{"assessment_type_id":');
    expect(receiver.received[0].headers['content-type']).toBe('application/json');
  });

  test('sends no Authorization header without a partner key', async () => {
    const receiver = await startReceiver([401], '{"message":"unauthorized"}');

    const answer = await fake.callPartner({
      baseUrl: receiver.url,
      endpoint: 'assessment.list',
      body: {},
      partnerKey: null,
    });

    expect(answer).toMatchObject({ status: 401, json: { message: 'unauthorized' } });
    expect(receiver.received[0].headers.authorization).toBeUndefined();
  });
});

describe('control routes', () => {
  test('serve notes and send a ping only when enabled', async () => {
    const controlled = await startFakeAshby({ controlRoutes: true });
    const receiver = await startReceiver();
    try {
      const ping = await fetch(`${controlled.url}/_fake/ping`, {
        method: 'POST',
        body: JSON.stringify({ url: receiver.url, secret: 'k' }),
      });
      const notes = await fetch(`${controlled.url}/_fake/notes`);
      const unknown = await fetch(`${controlled.url}/_fake/nothing`);
      const disabled = await fetch(`${fake.url}/_fake/notes`);

      expect(await ping.json()).toEqual({ status: 200, text: 'ok' });
      expect(receiver.received).toHaveLength(1);
      expect([notes.status, await notes.json()]).toEqual([200, []]);
      expect(unknown.status).toBe(404);
      expect(disabled.status).toBe(405);
    } finally {
      await controlled.close();
    }
  });

  test('stage-change delivers both webhooks for the seeded application', async () => {
    const controlled = await startFakeAshby({ controlRoutes: true });
    const receiver = await startReceiver();
    try {
      const answer = await fetch(`${controlled.url}/_fake/stage-change`, {
        method: 'POST',
        body: JSON.stringify({ url: receiver.url, secret: 'k', stageTitle: 'AI Screening Interview' }),
      });
      const missing = await fetch(`${controlled.url}/_fake/stage-change`, { method: 'POST', body: '{}' });

      expect((await answer.json()).attempts).toEqual([
        { action: 'candidateStageChange', status: 200 },
        { action: 'applicationUpdate', status: 200 },
      ]);
      expect(parseBody(receiver.received[0]).data.application.id).toBe(APPLICATION_ID);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({ error: '"url" is required (a non-empty string)' });
    } finally {
      await controlled.close();
    }
  });
});
