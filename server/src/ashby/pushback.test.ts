import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_API_KEY, type RecordedNote } from '../../../scripts/fake-ashby/fake-ashby.js';
import { NOTE_ALLOWED_TAGS } from '../../../scripts/fake-ashby/note-html.js';
import { defaultBrain, type Brain } from '../../../scripts/fake-openai/fake-openai.js';
import { lastUserText, readTag } from '../../../scripts/fake-openai/text.js';
import { Interview, InterviewStatus } from '../interviews/interview.entity.js';
import { AnswerScore, Evaluation } from '../scoring/evaluation.entity.js';
import { CandidateClient, connectAshby, createOrg, eventually, gql, inviteCandidate, signIn, startHarness, type Harness, type InvitedCandidate } from '../test/harness.js';
import { Pushback, PushbackStatus } from './pushback.entity.js';

// Posting results to Ashby (DESIGN.md "Exactly once"): failures are recorded and retried, and
// the candidate ends up with one note, never two. Interviews run through the fake model; its
// summary quotes the candidate's first answer as it appears in the prompt, as a model would.

const ANSWERS = [
  'For example, I led the migration of our order pipeline to idempotent queue consumers in 2023, which cut duplicate charges to zero.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index.',
  'I write REST and GraphQL APIs with clear error codes and versioned, documented endpoints.',
  'Not much to add on that one; I have not done it in production.',
];
// Every answer has twelve words or more, so the fake model asks no follow-up and each question gets one answer.

/** The default brain, except that the summary quotes the first candidate line verbatim. */
const quotingBrain: Brain = (request) => {
  const format = request.response_format;
  if (format?.type !== 'json_schema' || format.json_schema.name !== 'interview_summary') return defaultBrain(request);
  const transcript = readTag(lastUserText(request), 'transcript') ?? '';
  const firstAnswer = /^Candidate: (.*)$/m.exec(transcript)?.[1] ?? '';
  return JSON.stringify({ summary: `The candidate opened with: "${firstAnswer}"`, strengths: [], concerns: [] });
};

/**
 * A pass-through in front of the fake Ashby that can lose one reply: the request reaches Ashby
 * and takes effect, and the caller gets a 500. The fake itself fails before acting.
 */
interface LossyFront {
  url: string;
  target: string;
  loseNextReply(endpoint: string): void;
  close(): Promise<void>;
}

async function startLossyFront(): Promise<LossyFront> {
  let lose: string | null = null;
  const front: LossyFront = {
    url: '',
    target: '',
    loseNextReply: (endpoint) => void (lose = endpoint),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${front.target}${request.url}`, {
      method: request.method,
      headers: { authorization: request.headers.authorization ?? '', 'content-type': request.headers['content-type'] ?? '', accept: request.headers.accept ?? '' },
      body: request.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    const body = await upstream.text();
    if (lose !== null && request.url === `/${lose}`) {
      lose = null;
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, errors: ['internal_server_error'], errorInfo: { code: 'internal_server_error', message: 'Internal server error' } }));
      return;
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return front;
}

let h: Harness;
let front: LossyFront;
let cookie: string;
let webhook: { webhookUrl: string; signingSecret: string };

beforeAll(async () => {
  front = await startLossyFront();
  h = await startHarness({ label: 'pushback', model: 'openai', openai: { brain: quotingBrain }, env: { ASHBY_API_URL: front.url } });
  front.target = h.ashby.url;
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
  webhook = await connectAshby(h, cookie);
});
afterAll(async () => {
  await h?.close();
  await front?.close();
});

/** Invites a candidate and answers every question; resolves when the interview has finished. */
async function completeInterview(answers = ANSWERS, beforeLastAnswer?: () => void): Promise<InvitedCandidate> {
  const invited = await inviteCandidate(h, webhook);
  const tab = await CandidateClient.open(h.baseUrl, invited.token);
  try {
    expect(await tab.emit('start')).toEqual({ ok: true });
    const count = Number(/Question 1 of (\d+)/.exec((await tab.nextQuestion(0)).text)![1]);
    for (let i = 0; i < count; i++) {
      await tab.nextQuestion(i);
      if (i === count - 1) beforeLastAnswer?.();
      expect(await tab.answer(answers[i % answers.length]!)).toEqual({ seq: 2 * i + 2 });
    }
    await tab.until(() => tab.statuses.includes('finished'), 'the interview to finish');
    return invited;
  } finally {
    tab.close();
  }
}

async function pushbackOf(interviewId: string) {
  const pushback = await h.app.services.orm.em.fork().findOne(Pushback, { interview: interviewId });
  return pushback && { id: pushback.id, status: pushback.status, attempts: pushback.attempts, lastError: pushback.lastError, ashbyRef: pushback.ashbyRef };
}

function pushbackIs(interviewId: string, status: PushbackStatus, timeoutMs = 15_000) {
  return eventually(async () => {
    const pushback = await pushbackOf(interviewId);
    return pushback?.status === status ? pushback : null;
  }, `the pushback to be ${status}`, timeoutMs, 25);
}

async function scoredResult(interviewId: string) {
  const em = h.app.services.orm.em.fork();
  const interview = await em.findOneOrFail(Interview, interviewId);
  const evaluation = await em.findOneOrFail(Evaluation, { interview: interviewId });
  const answerScores = await em.count(AnswerScore, { evaluation });
  return { status: interview.status, evaluationId: evaluation.id, overallScore: evaluation.overallScore, answerScores };
}

function notesFor(candidateId: string): RecordedNote[] {
  return h.ashby.notes.filter((n) => n.candidateId === candidateId);
}

function callsTo(endpoint: string, candidateId: string) {
  return h.ashby.calls.filter((c) => c.endpoint === endpoint && (c.body as { candidateId?: string } | null)?.candidateId === candidateId);
}

async function pushTask(evaluationId: string) {
  const rows = await h.app.services.orm.em.fork().getConnection().execute<{ status: string; attempts: number }[]>(
    `select status, attempts from task where kind = 'push-results' and payload->>'evaluationId' = ? order by created_at`,
    [evaluationId],
  );
  return rows.map((r) => ({ status: r.status, attempts: r.attempts }));
}

async function retryPushback(id: string) {
  return gql(h.baseUrl, 'mutation($id: ID!) { retryPushback(id: $id) { id status } }', { id }, { cookie });
}

describe('when Ashby fails', () => {
  test('a server error is recorded on the pushback, the result stays stored, and the queue posts the note once', async () => {
    // A failed write is not repeated inside the call (Ashby may have applied it): the queue retries.
    h.ashby.failNext('candidate.createNote', { kind: 'server_error' }, 1);
    const invited = await completeInterview();

    const failed = await pushbackIs(invited.interviewId, PushbackStatus.FAILED);
    expect(failed).toEqual({ id: expect.any(String), status: PushbackStatus.FAILED, attempts: 1, lastError: 'Ashby answered candidate.createNote with HTTP 500.', ashbyRef: null });
    const result = await scoredResult(invited.interviewId);
    expect(result).toEqual({ status: InterviewStatus.SCORED, evaluationId: expect.any(String), overallScore: expect.any(Number), answerScores: 4 });

    const posted = await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    const notes = notesFor(invited.candidateId);
    expect(notes).toHaveLength(1);
    expect(posted).toEqual({ id: failed.id, status: PushbackStatus.POSTED, attempts: 2, lastError: null, ashbyRef: notes[0]!.id });
    expect(callsTo('candidate.createNote', invited.candidateId).map((c) => c.status)).toEqual([500, 200]);
    // Before posting again, the retry looked for a note the failed call might have created.
    expect(callsTo('candidate.listNotes', invited.candidateId)).toHaveLength(1);
    expect(await pushTask(result.evaluationId)).toEqual([{ status: 'done', attempts: 2 }]);
  });

  test('each server error on the note costs one queue attempt, never a blind repeat inside the call', async () => {
    h.ashby.failNext('candidate.createNote', { kind: 'server_error' }, 2);
    const invited = await completeInterview();

    const posted = await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    expect(posted).toMatchObject({ status: PushbackStatus.POSTED, attempts: 3, lastError: null });
    expect(callsTo('candidate.createNote', invited.candidateId).map((c) => c.status)).toEqual([500, 500, 200]);
    expect(notesFor(invited.candidateId)).toHaveLength(1);
  });

  test('Retry pressed six times at once queues one retry and posts one note', async () => {
    h.ashby.failNext('candidate.createNote', { kind: 'success_false', code: 'invalid_input', message: 'Rejected once' });
    const invited = await completeInterview();
    const failed = await pushbackIs(invited.interviewId, PushbackStatus.FAILED);

    const replies = await Promise.all(Array.from({ length: 6 }, () => retryPushback(failed.id)));
    const outcomes = replies.map((r) => r.errors?.[0]?.extensions?.code ?? r.data?.retryPushback.status).sort();
    expect(outcomes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'PENDING']);
    expect(replies.find((r) => r.errors)?.errors?.[0]?.message).toBe('A retry of this result is already queued.');

    await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(notesFor(invited.candidateId)).toHaveLength(1);
  });

  test('a missing permission fails the pushback without retrying, and retryPushback posts it once', async () => {
    h.ashby.failNext('candidate.createNote', { kind: 'success_false', code: 'missing_endpoint_permission', message: 'The API key does not have the candidatesWrite permission required for this endpoint' });
    const invited = await completeInterview();

    const failed = await pushbackIs(invited.interviewId, PushbackStatus.FAILED);
    expect(failed).toEqual({ id: expect.any(String), status: PushbackStatus.FAILED, attempts: 1, lastError: 'The Ashby API key lacks the permission candidate.createNote needs (candidatesWrite).', ashbyRef: null });
    const { evaluationId } = await scoredResult(invited.interviewId);
    await eventually(async () => (await pushTask(evaluationId))[0]?.status === 'failed', 'the task to fail for good');
    // Longer than the queue's first backoff: nothing tries again on its own.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await pushbackOf(invited.interviewId)).toEqual(failed);
    expect(callsTo('candidate.createNote', invited.candidateId)).toHaveLength(1);

    const retried = await retryPushback(failed.id);
    expect(retried).toMatchObject({ status: 200, errors: undefined, data: { retryPushback: { id: failed.id, status: 'PENDING' } } });
    const posted = await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    const notes = notesFor(invited.candidateId);
    expect(notes).toHaveLength(1);
    expect(posted).toEqual({ id: failed.id, status: PushbackStatus.POSTED, attempts: 2, lastError: null, ashbyRef: notes[0]!.id });
  });

  test('a revoked API key fails the pushback; once the key works again, retryPushback posts it once', async () => {
    const invited = await completeInterview(ANSWERS, () => h.ashby.removeApiKey(DEFAULT_API_KEY));

    const failed = await pushbackIs(invited.interviewId, PushbackStatus.FAILED);
    h.ashby.addApiKey(DEFAULT_API_KEY);
    expect(failed).toEqual({ id: expect.any(String), status: PushbackStatus.FAILED, attempts: 1, lastError: 'Ashby rejected the API key: it is wrong or has been deactivated.', ashbyRef: null });
    expect(notesFor(invited.candidateId)).toEqual([]);

    expect((await retryPushback(failed.id)).data).toEqual({ retryPushback: { id: failed.id, status: 'PENDING' } });
    const posted = await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    expect(notesFor(invited.candidateId)).toHaveLength(1);
    expect(posted.attempts).toBe(2);

    const again = await retryPushback(failed.id);
    expect(again.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['CONFLICT', 'This result is already posted to Ashby.']]);
    expect(notesFor(invited.candidateId)).toHaveLength(1);
  });

  // A lost reply is ambiguous: the note may exist. The client must not repeat the write blindly,
  // and the next attempt looks for the note before posting again.
  test('a note stored by Ashby whose reply was lost is not posted a second time', async () => {
    front.loseNextReply('candidate.createNote');
    const invited = await completeInterview();

    await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    expect(notesFor(invited.candidateId)).toHaveLength(1);
  });
});

describe('the note', () => {
  // The model sees the transcript escaped for its tags; a summary quoting the candidate must
  // still reach the note escaped exactly once.
  test("carries the candidate's words escaped exactly once, in Ashby's allowed tags only", async () => {
    const risky = '<script>alert(1)</script> & "quotes" — I led a migration in 2023 for example.';
    const invited = await completeInterview([risky, ...ANSWERS.slice(1)]);

    await pushbackIs(invited.interviewId, PushbackStatus.POSTED);
    const [note] = notesFor(invited.candidateId);
    expect(note!.type).toBe('text/html');
    const tags = [...note!.value.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(tags.filter((t) => !NOTE_ALLOWED_TAGS.has(t))).toEqual([]);
    expect(note!.content).toBe(note!.value);
    expect(note!.value).not.toContain('<script>');
    expect(note!.value).not.toMatch(/&amp;(lt|gt|amp|quot|#39);/);
    expect(note!.value).toContain('<ul><li>The candidate opened with: &quot;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; — I led a migration in 2023 for example.&quot;</li></ul>');
  });
});
