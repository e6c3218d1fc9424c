import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CandidateClient, connectAshby, createOrg, eventually, inviteCandidate, signIn, startHarness, tasksFor, whenIdle, type Harness, type InvitedCandidate } from '../test/harness.js';
import { Interview, InterviewStatus, Message } from './interview.entity.js';

// The chat protocol (DESIGN.md "Chat protocol") on real parts: socket.io, Postgres, the queue
// and the fake OpenAI-compatible model, whose chunk delay and scripted faults let a test catch
// a reply while it is still being written.

const INVALID_LINK = "This interview link isn't valid. Check that you copied the whole link from your email.";
const NOT_IN_PROGRESS = 'This interview is not in progress, so the message was not saved. Reload the page to see where things stand.';
const EXPIRED = 'This interview link has expired. Reply to your invitation email if you would still like to take part.';
const INTERVIEWER = { builtIn: false, label: 'AI interviewer (fake-model)' };

let h: Harness;
let webhook: { webhookUrl: string; signingSecret: string };
const tabs: CandidateClient[] = [];

beforeAll(async () => {
  h = await startHarness({ label: 'conversation', model: 'openai' });
  await createOrg(h);
  webhook = await connectAshby(h, await signIn(h.baseUrl));
});
afterAll(async () => {
  for (const tab of tabs) tab.close();
  await h?.close();
});

async function openTab(token: unknown, baseUrl = h.baseUrl): Promise<CandidateClient> {
  const tab = await CandidateClient.open(baseUrl, token);
  tabs.push(tab);
  return tab;
}

/** A new candidate whose interview has begun: the greeting with question 1 has arrived. */
async function startedInterview(): Promise<{ invited: InvitedCandidate; tab: CandidateClient }> {
  const invited = await inviteCandidate(h, webhook);
  const tab = await openTab(invited.token);
  expect(await tab.emit('start')).toEqual({ ok: true });
  await tab.nextQuestion(0);
  return { invited, tab };
}

async function storedMessages(interviewId: string) {
  const messages = await h.app.services.orm.em.fork().find(Message, { interview: interviewId }, { orderBy: { seq: 'asc' }, populate: ['question'] });
  return messages.map((m) => ({ seq: m.seq, role: m.role, kind: m.kind, text: m.text, clientId: m.clientId, questionId: m.question?.id ?? null }));
}

function loadInterview(interviewId: string): Promise<Interview> {
  return h.app.services.orm.em.fork().findOneOrFail(Interview, interviewId);
}

async function linkInfo(token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${h.baseUrl}/api/interview-link/${token}`);
  return { status: response.status, body: await response.json() };
}

describe('starting', () => {
  test('opening the link and connecting change nothing; the interview waits for start', async () => {
    const invited = await inviteCandidate(h, webhook);

    // A mail scanner fetching the link, twice, then the candidate's page connecting.
    for (let i = 0; i < 2; i++) {
      const info = await linkInfo(invited.token);
      expect(info).toEqual({
        status: 200,
        body: { status: 'not_started', orgName: 'Brightlane Labs', jobTitle: 'Senior Backend Engineer (TypeScript)', candidateFirstName: 'Sam', questionCount: 4, estimatedMinutes: 20, expiresAt: expect.any(String), interviewer: INTERVIEWER },
      });
    }
    const tab = await openTab(invited.token);
    expect(tab.state).toEqual({ status: 'not_started', messages: [], pendingReply: null, notice: null, awaitingReply: false, questionCount: 4, interviewer: INTERVIEWER });

    expect(await whenIdle(h, invited.interviewId)).toEqual([{ kind: 'send-invite', key: `invite:${invited.interviewId}:1`, status: 'done', attempts: 1 }]);
    const interview = await loadInterview(invited.interviewId);
    expect({ status: interview.status, startedAt: interview.startedAt, lastSeq: interview.lastSeq }).toEqual({ status: InterviewStatus.INVITED, startedAt: null, lastSeq: 0 });
    expect(await storedMessages(invited.interviewId)).toEqual([]);
    expect(tab.messages).toEqual([]);
  });

  test('start pressed in two tabs at once gives one greeting and one interviewer turn', async () => {
    const invited = await inviteCandidate(h, webhook);
    const [first, second] = [await openTab(invited.token), await openTab(invited.token)];

    expect(await Promise.all([first.emit('start'), second.emit('start')])).toEqual([{ ok: true }, { ok: true }]);
    await first.nextQuestion(0);
    await second.nextQuestion(0);
    const tasks = await whenIdle(h, invited.interviewId);

    const stored = await storedMessages(invited.interviewId);
    expect(stored).toEqual([{ seq: 1, role: 'interviewer', kind: 'question', text: expect.stringContaining('Question 1 of 4: '), clientId: null, questionId: expect.any(String) }]);
    expect(first.messages).toEqual([{ seq: 1, role: 'interviewer', kind: 'question', text: stored[0]!.text, questionNumber: 1 }]);
    expect(second.messages).toEqual(first.messages);
    expect(tasks.filter((t) => t.kind === 'interviewer-turn')).toEqual([{ kind: 'interviewer-turn', key: `turn:${invited.interviewId}:0`, status: 'done', attempts: 1 }]);
    expect((await loadInterview(invited.interviewId)).status).toBe(InterviewStatus.IN_PROGRESS);
  });
});

describe('answers', () => {
  test('an answer before start is refused with a message for the candidate and nothing is stored', async () => {
    const invited = await inviteCandidate(h, webhook);
    const tab = await openTab(invited.token);

    expect(await tab.answer('I would like to skip ahead.')).toEqual({ error: { code: 'CONFLICT', message: NOT_IN_PROGRESS } });

    expect(await storedMessages(invited.interviewId)).toEqual([]);
    const interview = await loadInterview(invited.interviewId);
    expect({ status: interview.status, lastSeq: interview.lastSeq }).toEqual({ status: InterviewStatus.INVITED, lastSeq: 0 });
  });

  test('malformed answers are refused as BAD_USER_INPUT and nothing is stored', async () => {
    const { invited, tab } = await startedInterview();
    const clientId = crypto.randomUUID();

    const acks = {
      spaces: await tab.emit('answer', { clientId: 'has some spaces', text: 'An answer.' }),
      short: await tab.emit('answer', { clientId: 'abc', text: 'An answer.' }),
      empty: await tab.emit('answer', { clientId, text: '' }),
      blank: await tab.emit('answer', { clientId, text: ' \n\t ' }),
      tooLong: await tab.emit('answer', { clientId, text: 'x'.repeat(8001) }),
      missingClientId: await tab.emit('answer', { text: 'An answer.' }),
      textNotString: await tab.emit('answer', { clientId, text: 42 }),
      stringPayload: await tab.emit('answer', 'An answer.'),
      numberPayload: await tab.emit('answer', 42),
      noPayload: await tab.emit('answer'),
    };

    expect(Object.fromEntries(Object.entries(acks).map(([k, ack]) => [k, ack.error?.code]))).toEqual({
      spaces: 'BAD_USER_INPUT', short: 'BAD_USER_INPUT', empty: 'BAD_USER_INPUT', blank: 'BAD_USER_INPUT', tooLong: 'BAD_USER_INPUT',
      missingClientId: 'BAD_USER_INPUT', textNotString: 'BAD_USER_INPUT', stringPayload: 'BAD_USER_INPUT', numberPayload: 'BAD_USER_INPUT', noPayload: 'BAD_USER_INPUT',
    });
    expect([acks.spaces, acks.short, acks.empty, acks.blank, acks.tooLong].map((a) => a.error.message)).toEqual([
      'clientId must be a string of 8 to 64 letters, digits, - or _, made once per message',
      'clientId must be a string of 8 to 64 letters, digits, - or _, made once per message',
      'Write an answer before sending.',
      'Write an answer before sending.',
      'Answers can be up to 8000 characters; please split a longer answer into two messages.',
    ]);
    expect((await storedMessages(invited.interviewId)).map((m) => m.seq)).toEqual([1]);
    expect((await loadInterview(invited.interviewId)).lastSeq).toBe(1);
  });

  test('a malformed answer payload is refused with a message that names the field', async () => {
    const { tab } = await startedInterview();

    const missingClientId = await tab.emit('answer', { text: 'An answer.' });
    const textNotString = await tab.emit('answer', { clientId: crypto.randomUUID(), text: 42 });
    const notAnObject = await tab.emit('answer', 'An answer.');

    expect(missingClientId.error.message).toMatch(/clientId/);
    expect(textNotString.error.message).toMatch(/text/);
    expect(notAnObject.error.message).toMatch(/clientId/);
    expect(notAnObject.error.message).toMatch(/text/);
  });

  test('an answer with a NUL character, or only invisible characters, is refused with a clear message and not stored', async () => {
    const { invited, tab } = await startedInterview();
    const nul = await tab.emit('answer', { clientId: crypto.randomUUID(), text: 'An answer\u0000 with NUL' });
    const invisible = await tab.emit('answer', { clientId: crypto.randomUUID(), text: '\u200B\u200B \uFEFF' });
    expect([nul.error, invisible.error]).toEqual([
      { code: 'BAD_USER_INPUT', message: 'The answer contains a character that cannot be saved (NUL); please remove it and send again.' },
      { code: 'BAD_USER_INPUT', message: 'Write an answer before sending.' },
    ]);
    expect((await storedMessages(invited.interviewId)).filter((m) => m.role === 'candidate')).toEqual([]);
  });

  test('a burst of messages is capped: at most five wait for a reply, the rest are refused and not stored', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.setChunkDelay(200);
    const acks = await Promise.all(Array.from({ length: 12 }, (_, i) => tab.emit('answer', { clientId: crypto.randomUUID(), text: `Part ${i} of a long answer about queues and retries.` })));
    h.openai!.setChunkDelay(0);
    const stored = acks.filter((a) => typeof a.seq === 'number');
    const refused = acks.filter((a) => a.error);
    expect(stored.length).toBeLessThanOrEqual(5);
    expect(stored.length + refused.length).toBe(12);
    expect(new Set(refused.map((a) => a.error.message))).toEqual(new Set(['Please wait for the interviewer to reply before sending more; your earlier messages are saved.']));
    const candidateRows = (await storedMessages(invited.interviewId)).filter((m) => m.role === 'candidate');
    expect(candidateRows).toHaveLength(stored.length);
  });

  test('an answer of exactly 8000 characters is accepted', async () => {
    const { tab } = await startedInterview();
    expect(await tab.answer('y'.repeat(8000))).toEqual({ seq: 2 });
    await tab.nextQuestion(1);
  });

  test('an answer resent with the same clientId, one after another or five at once, is stored once under one seq', async () => {
    const { invited, tab } = await startedInterview();

    const resent = crypto.randomUUID();
    expect(await tab.answer('I led the move to idempotent consumers in 2023.', resent)).toEqual({ seq: 2 });
    expect(await tab.answer('I led the move to idempotent consumers in 2023.', resent)).toEqual({ seq: 2 });
    await tab.nextQuestion(1);

    const raced = crypto.randomUUID();
    const acks = await Promise.all(Array.from({ length: 5 }, () => tab.answer('We cut query time from 9 s to 120 ms.', raced)));
    expect(acks).toEqual(Array.from({ length: 5 }, () => ({ seq: 4 })));
    await tab.nextQuestion(2);
    const tasks = await whenIdle(h, invited.interviewId);

    const stored = await storedMessages(invited.interviewId);
    expect(stored.map((m) => [m.seq, m.role, m.clientId])).toEqual([
      [1, 'interviewer', null],
      [2, 'candidate', resent],
      [3, 'interviewer', null],
      [4, 'candidate', raced],
      [5, 'interviewer', null],
    ]);
    expect(tasks.filter((t) => t.kind === 'interviewer-turn').map((t) => [t.key, t.status])).toEqual([
      [`turn:${invited.interviewId}:0`, 'done'],
      [`turn:${invited.interviewId}:2`, 'done'],
      [`turn:${invited.interviewId}:4`, 'done'],
    ]);
    // The page hears about the stored answer once, however many copies arrived.
    expect(tab.received.filter((m) => m.seq === 4)).toEqual([{ seq: 4, role: 'candidate', kind: 'answer', text: 'We cut query time from 9 s to 120 ms.', questionNumber: null }]);
  });

  // The page resends unacknowledged answers on `connect`, before the server's `state` arrives.
  test('an answer sent the moment the socket connects is acknowledged', async () => {
    const { invited } = await startedInterview();
    const tab = CandidateClient.connect(h.baseUrl, invited.token);
    tabs.push(tab);

    const ack = await new Promise((resolve, reject) => {
      tab.socket.once('connect', () => {
        tab.socket.timeout(5_000).emitWithAck('answer', { clientId: crypto.randomUUID(), text: 'Sent straight after reconnecting.' }).then(resolve, reject);
      });
    });

    expect(ack).toEqual({ seq: 2 });
  });
});

describe('reconnecting', () => {
  test('a reloaded page gets the whole transcript in order and whether a reply is still owed', async () => {
    const { invited, tab } = await startedInterview();
    expect(await tab.answer('I designed dedupe keys stored in Postgres, so a redelivered job was applied only once.')).toEqual({ seq: 2 });
    await tab.nextQuestion(1);
    tab.close();

    const reloaded = await openTab(invited.token);
    const stored = await storedMessages(invited.interviewId);
    expect(reloaded.state).toEqual({
      status: 'in_progress',
      messages: stored.map((m, i) => ({ seq: m.seq, role: m.role, kind: m.kind, text: m.text, questionNumber: [1, null, 2][i] })),
      pendingReply: null,
      notice: null,
      awaitingReply: false,
      questionCount: 4,
      interviewer: INTERVIEWER,
    });
    expect(reloaded.state!.messages.map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);

    // Reload again while the next reply is still being written.
    h.openai!.setChunkDelay(200);
    try {
      expect(await reloaded.answer('I tuned a report query with a covering index and cut it from 9 s to 120 ms.')).toEqual({ seq: 4 });
      reloaded.close();
      const midReply = await openTab(invited.token);
      expect(midReply.state!.messages.map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer'], [4, 'candidate']]);
      expect(midReply.state!.awaitingReply).toBe(true);

      // The reply still reaches the page that connected while it was being written.
      const reply = await midReply.nextQuestion(2);
      expect(reply).toEqual({ seq: 5, role: 'interviewer', kind: 'question', text: expect.stringContaining('Question 3 of 4: '), questionNumber: 3 });
    } finally {
      h.openai!.setChunkDelay(0);
    }
  });

  test("two tabs open at once both receive the interviewer's messages", async () => {
    const invited = await inviteCandidate(h, webhook);
    const [first, second] = [await openTab(invited.token), await openTab(invited.token)];

    expect(await first.emit('start')).toEqual({ ok: true });
    await second.nextQuestion(0);
    expect(await first.answer('Answered in the first tab, with an example from 2023 about moving our billing queue.')).toEqual({ seq: 2 });
    for (const tab of [first, second]) await tab.until(() => tab.messages.length === 3, 'the answer and the reply');

    const stored = (await storedMessages(invited.interviewId)).map((m) => ({ seq: m.seq, role: m.role, text: m.text }));
    expect(stored.map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
    expect(first.messages.map(({ seq, role, text }) => ({ seq, role, text }))).toEqual(stored);
    expect(second.messages.map(({ seq, role, text }) => ({ seq, role, text }))).toEqual(stored);
    // The reply streamed to both tabs too. Deltas can arrive out of order (each emit goes
    // through Postgres NOTIFY before it is delivered), so this looks for the whole text, not the last.
    for (const tab of [first, second]) await tab.until(() => tab.deltas.some((d) => d.text === stored[2]!.text), 'the whole reply as a delta');
  });
});

describe('answering twice before the interviewer replies', () => {
  test('gets one reply that moves to the next question, and both answers count for the question asked', async () => {
    const { invited, tab } = await startedInterview();
    const first = 'First, I built the retry logic for our payment webhooks.';
    const second = 'Also: I added an idempotency key so a retried charge is stored once.';

    h.openai!.setChunkDelay(150);
    try {
      expect(await tab.answer(first)).toEqual({ seq: 2 });
      const deltasBefore = tab.deltas.length;
      await tab.until(() => tab.deltas.length > deltasBefore, 'the reply to the first answer to begin streaming');
      expect(await tab.answer(second)).toEqual({ seq: 3 });
      await tab.nextQuestion(1);
      await whenIdle(h, invited.interviewId);
    } finally {
      h.openai!.setChunkDelay(0);
    }

    const stored = await storedMessages(invited.interviewId);
    expect(stored.map((m) => [m.seq, m.role, m.kind])).toEqual([
      [1, 'interviewer', 'question'],
      [2, 'candidate', 'answer'],
      [3, 'candidate', 'answer'],
      [4, 'interviewer', 'question'],
    ]);
    const [asked, answer1, answer2, next] = stored;
    expect(next!.text).toContain('Question 2 of 4: ');
    expect([answer1!.questionId, answer2!.questionId]).toEqual([asked!.questionId, asked!.questionId]);
    expect(next!.questionId).not.toBe(asked!.questionId);
    // The reply that was written was planned with both answers in view.
    const assessments = h.openai!.requests.filter((r) => r.response_format?.type === 'json_schema' && r.response_format.json_schema.name === 'answer_assessment');
    expect(assessments.at(-1)!.messages.at(-1)!.content).toContain(`<answer>${first}\n${second}</answer>`);
    expect(tab.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('a crash mid-reply', () => {
  // The app runs as a child process (server/src/main.ts) so it can be killed outright: a graceful
  // stop would wait for the model call to finish. The turn task's lease (90 s, set in app.ts, with
  // no config option) is then shortened by hand in the database, standing in for the wait.
  test("the interviewer's reply arrives once after the server comes back", async () => {
    const invited = await inviteCandidate(h, webhook);
    await h.stop();
    const child = await h.startProcess();
    const tab = await openTab(invited.token, child.baseUrl);
    expect(await tab.emit('start')).toEqual({ ok: true });
    await tab.nextQuestion(0);

    // The model never answers the turn's first call, so the process dies while preparing the reply.
    h.openai!.enqueue({ fault: 'timeout' });
    const requestsBefore = h.openai!.requests.length;
    expect(await tab.answer('I led the migration to idempotent consumers in 2023, with dedupe keys in Postgres.')).toEqual({ seq: 2 });
    await eventually(() => h.openai!.requests.length > requestsBefore, 'the reply to reach the model');
    await child.kill();
    tab.close();

    await h.start();
    const turn = `turn:${invited.interviewId}:2`;
    const claimedByTheDeadProcess = (await tasksFor(h, invited.interviewId)).find((t) => t.key === turn);
    expect(claimedByTheDeadProcess).toEqual({ kind: 'interviewer-turn', key: turn, status: 'running', attempts: 1 });
    expect((await storedMessages(invited.interviewId)).map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate']]);

    const reloaded = await openTab(invited.token);
    expect(reloaded.state!.awaitingReply).toBe(true);
    await h.app.services.orm.em.fork().getConnection().execute(`update task set locked_until = now() where key = ?`, [turn]);

    const reply = await reloaded.nextQuestion(1);
    expect(reply).toEqual({ seq: 3, role: 'interviewer', kind: 'question', text: expect.stringContaining('Question 2 of 4: '), questionNumber: 2 });
    const tasks = await whenIdle(h, invited.interviewId);
    expect(tasks.find((t) => t.key === turn)).toEqual({ kind: 'interviewer-turn', key: turn, status: 'done', attempts: 2 });
    expect((await storedMessages(invited.interviewId)).map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
    expect(reloaded.received.filter((m) => m.role === 'interviewer')).toEqual([{ ...reply, replyId: expect.any(String) }]);
  });
});

describe('links that cannot be used', () => {
  test('an invalid or garbled link is refused on connect and by the link endpoint', async () => {
    const { token } = await inviteCandidate(h, webhook);
    const garbled = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const wellFormedButUnknown = 'A'.repeat(43);

    for (const bad of [garbled, wellFormedButUnknown, 'not-a-token', token.slice(0, 20)]) {
      const refused = await CandidateClient.open(h.baseUrl, bad).then(
        () => null,
        (error: Error & { data?: unknown }) => ({ message: error.message, data: error.data }),
      );
      expect(refused).toEqual({ message: INVALID_LINK, data: { code: 'NOT_FOUND' } });
      expect(await linkInfo(bad)).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: INVALID_LINK } } });
    }
    for (const missing of [undefined, 42, { token }]) {
      await expect(CandidateClient.open(h.baseUrl, missing)).rejects.toThrow(INVALID_LINK);
    }
  });

  test('an expired invitation shows as expired and cannot be started', async () => {
    const invited = await inviteCandidate(h, webhook);
    await h.app.services.orm.em.fork().nativeUpdate(Interview, { id: invited.interviewId }, { expiresAt: new Date(Date.now() - 60_000) });

    expect((await linkInfo(invited.token)).body.status).toBe('expired');
    const tab = await openTab(invited.token);
    expect(tab.state!.status).toBe('expired');
    expect(await tab.emit('start')).toEqual({ error: { code: 'CONFLICT', message: EXPIRED } });
    expect(await tab.answer('Can I still answer?')).toEqual({ error: { code: 'CONFLICT', message: NOT_IN_PROGRESS } });

    const interview = await loadInterview(invited.interviewId);
    expect({ status: interview.status, startedAt: interview.startedAt, lastSeq: interview.lastSeq }).toEqual({ status: InterviewStatus.INVITED, startedAt: null, lastSeq: 0 });
    expect(await storedMessages(invited.interviewId)).toEqual([]);
    expect((await tasksFor(h, invited.interviewId)).map((t) => t.kind)).toEqual(['send-invite']);
  });
});
