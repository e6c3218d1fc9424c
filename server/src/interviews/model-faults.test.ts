import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FOLLOW_UP_FOR_DETAIL } from '../ai/interview-script.js';
import { CandidateClient, connectAshby, createOrg, eventually, inviteCandidate, runPostponedNow, signIn, startHarness, whenIdle, type Harness } from '../test/harness.js';
import { INTERVIEWER_TURN, REPLY_DELAYED } from './conversation.service.js';
import { Message } from './interview.entity.js';
import { ReplyDraft } from './reply-draft.entity.js';

// Every fault the model server can produce while the interviewer replies, through the fake
// OpenAI-compatible server: the candidate never sees an error, only a notice while the reply is
// held up; the interview carries on (in scripted wording when the model stays unusable); and
// nothing the candidate said is lost.

const ANSWER = 'For example, in 2023 I led the move of our billing jobs to idempotent queue consumers, and duplicate charges dropped to zero.';
const VAGUE = 'I am quite comfortable with most kinds of backend work and I always try to do a careful and thorough job of it.';
const DELAYED = { code: 'reply_delayed', message: REPLY_DELAYED };

let h: Harness;
let webhook: { webhookUrl: string; signingSecret: string };
const tabs: CandidateClient[] = [];

beforeAll(async () => {
  h = await startHarness({ label: 'model_faults', model: 'openai', env: { OPENAI_TIMEOUT_MS: '1000' } });
  await createOrg(h);
  webhook = await connectAshby(h, await signIn(h.baseUrl));
});
afterAll(async () => {
  for (const tab of tabs) tab.close();
  await h?.close();
});
beforeEach(() => {
  h.openai!.setChunkDelay(0);
  expect(h.openai!.pendingReplies()).toBe(0);
});

async function openTab(token: string): Promise<CandidateClient> {
  const tab = await CandidateClient.open(h.baseUrl, token);
  tabs.push(tab);
  return tab;
}

async function startedInterview() {
  const invited = await inviteCandidate(h, webhook);
  const tab = await openTab(invited.token);
  expect(await tab.emit('start')).toEqual({ ok: true });
  const first = await tab.nextQuestion(0);
  return { invited, tab, first };
}

function speakRequests(): number {
  return h.openai!.requests.filter((r) => !r.response_format).length;
}

async function hurryTurn(interviewId: string): Promise<boolean> {
  return (await runPostponedNow(h, INTERVIEWER_TURN, interviewId)) > 0;
}

/** Waits until the queue has put the failed turn back, then runs it now. */
async function runPostponedTurnNow(interviewId: string): Promise<void> {
  await eventually(() => hurryTurn(interviewId), 'the postponed turn');
}

async function postponedTurn(interviewId: string): Promise<{ attempts: number; runInMs: number }> {
  return eventually(async () => {
    const rows = await h.app.services.orm.em.fork().getConnection().execute<{ attempts: number; run_in_ms: number }[]>(
      `select attempts, extract(epoch from run_at - now()) * 1000 as run_in_ms from task where kind = 'interviewer-turn' and status = 'queued' and attempts > 0 and payload->>'interviewId' = ?`,
      [interviewId],
    );
    return rows[0] ? { attempts: rows[0].attempts, runInMs: Number(rows[0].run_in_ms) } : null;
  }, 'the postponed turn');
}

async function storedMessages(interviewId: string) {
  const messages = await h.app.services.orm.em.fork().find(Message, { interview: interviewId }, { orderBy: { seq: 'asc' } });
  return messages.map((m) => ({ seq: m.seq, role: m.role, kind: m.kind, text: m.text }));
}

describe('rate limits', () => {
  test('a 429 with a short Retry-After is waited out and the reply arrives as usual', async () => {
    const { invited, tab } = await startedInterview();
    const before = speakRequests();
    h.openai!.enqueueFor('text', { fault: 'rate_limited', retryAfter: '1' });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    const reply = await tab.nextQuestion(1);

    expect(reply).toMatchObject({ seq: 3, kind: 'question', questionNumber: 2 });
    expect(reply.text).toContain('Question 2 of 4: ');
    expect(speakRequests() - before).toBe(2);
    expect(tab.notices).toEqual([]);
    expect((await whenIdle(h, invited.interviewId)).filter((t) => t.kind === 'interviewer-turn').map((t) => t.attempts)).toEqual([1, 1]);
  });

  test('a 429 asking for an hour holds the reply for at most 15 seconds, with a notice the page shows, and loses nothing', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', { fault: 'rate_limited', retryAfter: '3600' });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await tab.until(() => tab.notices.length > 0, 'the notice');
    expect(tab.notices).toEqual([DELAYED]);
    const postponed = await postponedTurn(invited.interviewId);
    expect(postponed.attempts).toBe(1);
    expect(postponed.runInMs).toBeGreaterThan(10_000);
    expect(postponed.runInMs).toBeLessThanOrEqual(15_000);

    // A page opened meanwhile shows the answer, the notice and that a reply is owed.
    const reloaded = await openTab(invited.token);
    expect(reloaded.state).toMatchObject({ status: 'in_progress', awaitingReply: true, pendingReply: null, notice: DELAYED });
    expect(reloaded.state!.messages.map((m) => [m.seq, m.role, m.text])).toEqual([[1, 'interviewer', expect.any(String)], [2, 'candidate', ANSWER]]);

    await runPostponedTurnNow(invited.interviewId);
    const reply = await reloaded.nextQuestion(1);
    expect(reply).toMatchObject({ seq: 3, kind: 'question', questionNumber: 2 });
    await tab.until(() => tab.messages.length === 3, 'the reply in the first tab');
    expect((await openTab(invited.token)).state).toMatchObject({ awaitingReply: false, pendingReply: null, notice: null });
    expect(await h.app.services.orm.em.fork().count(ReplyDraft, { interview: invited.interviewId })).toBe(0);
  });

  test('a turn that gave up is queued again when the candidate comes back', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', { fault: 'rate_limited', retryAfter: '3600' });
    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await postponedTurn(invited.interviewId);
    // As if every attempt had failed while the candidate was away.
    await h.app.services.orm.em.fork().getConnection().execute(`update task set status = 'failed' where kind = 'interviewer-turn' and status = 'queued' and attempts > 0 and payload->>'interviewId' = ?`, [invited.interviewId]);
    tab.close();

    const back = await openTab(invited.token);
    expect(back.state!.awaitingReply).toBe(true);
    expect(await back.nextQuestion(1)).toMatchObject({ seq: 3, kind: 'question', questionNumber: 2 });
    const turns = (await whenIdle(h, invited.interviewId)).filter((t) => t.kind === 'interviewer-turn');
    expect(turns.map((t) => [t.key!.replace(/resume:.*/, 'resume:…'), t.status])).toEqual([
      [`turn:${invited.interviewId}:0`, 'done'],
      [`turn:${invited.interviewId}:2`, 'failed'],
      [`turn:${invited.interviewId}:2:resume:…`, 'done'],
    ]);
  });
});

describe('server errors and timeouts', () => {
  test('a 5xx on both tries is retried after a notice, and the reply arrives', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', { fault: 'server_error', status: 500 }, { fault: 'server_error', status: 503 });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await tab.until(() => tab.notices.length > 0, 'the notice');
    await runPostponedTurnNow(invited.interviewId);
    expect(await tab.nextQuestion(1)).toMatchObject({ seq: 3, kind: 'question', questionNumber: 2 });
    expect(tab.notices).toEqual([DELAYED]);
  });

  test('a model that stays down: after two attempts the interview carries on in scripted wording', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', ...Array.from({ length: 4 }, () => ({ fault: 'server_error' as const, status: 502 as const })));

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    const reply = await eventually(async () => {
      await hurryTurn(invited.interviewId);
      return tab.messages.find((m) => m.seq === 3);
    }, 'the scripted reply', 20_000, 300);

    expect(reply).toMatchObject({ kind: 'question', questionNumber: 2 });
    expect(reply.text).toMatch(/^Thank you\. Question 2 of 4: /);
    expect(h.openai!.pendingReplies()).toBe(0);
    expect((await whenIdle(h, invited.interviewId)).find((t) => t.key === `turn:${invited.interviewId}:2`)).toEqual({ kind: 'interviewer-turn', key: `turn:${invited.interviewId}:2`, status: 'done', attempts: 3 });
  });

  test('a model server that never answers times out; the reply comes on the next attempt', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', { fault: 'timeout' }, { fault: 'timeout' });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await tab.until(() => tab.notices.length > 0, 'the notice', 10_000);
    await runPostponedTurnNow(invited.interviewId);
    expect(await tab.nextQuestion(1)).toMatchObject({ seq: 3, kind: 'question', questionNumber: 2 });
  });

  test('a stream that breaks off mid-reply: the page is told to drop the partial reply, then gets the whole reply once', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.setChunkDelay(40);
    h.openai!.enqueueFor('text', { fault: 'drop_mid_stream', content: 'Thanks for that answer, it gives me a good picture of your work. Question 2 of 4: something' });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await tab.until(() => tab.cancelledReplies.length > 0, 'the cancelled reply');
    const broken = tab.cancelledReplies[0]!;
    expect(tab.deltas.filter((d) => d.replyId === broken).map((d) => d.text.split(' ')[0])).toContain('Thanks');
    await tab.until(() => tab.notices.length > 0, 'the notice');
    expect(tab.notices).toEqual([DELAYED]);

    await runPostponedTurnNow(invited.interviewId);
    const reply = await tab.nextQuestion(1);
    expect(reply.text).toContain('Question 2 of 4: ');
    const received = tab.received.filter((m) => m.role === 'interviewer' && m.seq === 3);
    expect(received).toHaveLength(1);
    expect(received[0]!.replyId).not.toBe(broken);
    expect((await storedMessages(invited.interviewId)).map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
  });
});

describe('unusable replies', () => {
  test.each([
    ['cut off at the token limit', { fault: 'truncated' as const, content: 'Thanks. Question 2 of' }],
    ['that is a refusal', { fault: 'refusal' as const, refusal: 'I cannot continue this conversation.' }],
  ])('a reply %s is replaced by the scripted wording at once', async (_name, fault) => {
    const { invited, tab } = await startedInterview();
    h.openai!.enqueueFor('text', fault);

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    const reply = await tab.nextQuestion(1);

    expect(reply.text).toMatch(/^Thank you\. Question 2 of 4: /);
    expect(tab.notices).toEqual([]);
    expect((await whenIdle(h, invited.interviewId)).find((t) => t.key === `turn:${invited.interviewId}:2`)!.attempts).toBe(1);
  });

  test('a reply assessment in a markdown fence is read', async () => {
    const { tab } = await startedInterview();
    h.openai!.enqueueFor('answer_assessment', { content: '```json\n{"message_type": "answer", "needs_follow_up": true, "follow_up_question": "What did you measure?"}\n```' });

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    expect(await tab.nextQuestion(1)).toMatchObject({ kind: 'follow_up', text: 'What did you measure?' });
  });

  test('when the model cannot assess a reply (refusals, invalid JSON), the rules decide and the interview goes on', async () => {
    const { tab } = await startedInterview();
    h.openai!.enqueueFor('answer_assessment', { fault: 'refusal', refusal: 'No.' }, { content: 'not json' }, { fault: 'truncated', content: '{"message_type": "ans' });

    expect(await tab.answer(VAGUE)).toEqual({ seq: 2 });
    // The fake model would not follow up on 24 words; the rules do on an answer without anything concrete.
    expect(await tab.nextQuestion(1)).toMatchObject({ kind: 'follow_up', questionNumber: 1, text: FOLLOW_UP_FOR_DETAIL });
  });
});
