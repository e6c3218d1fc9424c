import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CandidateClient, connectAshby, createOrg, eventually, inviteCandidate, runPostponedNow, signIn, startHarness, whenIdle, type Harness } from '../test/harness.js';
import { INTERVIEWER_TURN } from './conversation.service.js';
import { ReplyDraft } from './reply-draft.entity.js';

// Replies stream to every open page of an interview as they are written. A page that connects
// mid-reply gets the text so far from the server's state and carries on from it; a reply made
// obsolete by a newer message is withdrawn from the pages; nothing is lost or shown twice.

const ANSWER = 'For example, in 2023 I led the move of our billing jobs to idempotent queue consumers, and duplicate charges dropped to zero.';

let h: Harness;
let webhook: { webhookUrl: string; signingSecret: string };
const tabs: CandidateClient[] = [];

beforeAll(async () => {
  h = await startHarness({ label: 'streaming', model: 'openai' });
  await createOrg(h);
  webhook = await connectAshby(h, await signIn(h.baseUrl));
});
afterAll(async () => {
  for (const tab of tabs) tab.close();
  await h?.close();
});
afterEach(() => h.openai!.setChunkDelay(0));

async function openTab(token: string): Promise<CandidateClient> {
  const tab = await CandidateClient.open(h.baseUrl, token);
  tabs.push(tab);
  return tab;
}

async function startedInterview() {
  const invited = await inviteCandidate(h, webhook);
  const tab = await openTab(invited.token);
  expect(await tab.emit('start')).toEqual({ ok: true });
  await tab.nextQuestion(0);
  return { invited, tab };
}

describe('streaming', () => {
  test('every piece carries the whole text so far, numbered, and the last is the stored message', async () => {
    const { tab } = await startedInterview();
    h.openai!.setChunkDelay(30);
    const before = tab.deltas.length;

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    const reply = await tab.nextQuestion(1);
    await tab.until(() => tab.deltas.slice(before).some((d) => d.text === reply.text), 'the last piece');

    const pieces = tab.deltas.slice(before).sort((a, b) => a.n - b.n);
    expect(new Set(pieces.map((d) => d.replyId)).size).toBe(1);
    expect(pieces.every((d) => d.afterSeq === 2)).toBe(true);
    expect(pieces.length).toBeGreaterThan(3);
    for (let i = 1; i < pieces.length; i++) {
      expect(pieces[i]!.n).toBeGreaterThan(pieces[i - 1]!.n);
      expect(pieces[i]!.text.startsWith(pieces[i - 1]!.text)).toBe(true);
    }
    expect(pieces.at(-1)!.text).toBe(reply.text);
  });

  test('a page that connects mid-reply gets the reply so far, then the rest and the message once', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.setChunkDelay(150);

    expect(await tab.answer(ANSWER)).toEqual({ seq: 2 });
    await tab.until(() => tab.deltas.some((d) => d.afterSeq === 2 && d.n >= 3), 'the reply to be under way');
    const late = await openTab(invited.token);

    const pending = late.state!.pendingReply!;
    expect(pending).toEqual({ replyId: tab.deltas.find((d) => d.afterSeq === 2)!.replyId, afterSeq: 2, n: expect.any(Number), text: expect.any(String) });
    expect(pending.text.length).toBeGreaterThan(0);
    expect(late.state!.awaitingReply).toBe(true);

    const reply = await late.nextQuestion(1);
    expect(reply.text.startsWith(pending.text)).toBe(true);
    expect(reply.text.length).toBeGreaterThan(pending.text.length);
    expect(late.deltas.every((d) => d.replyId === pending.replyId && d.n > pending.n)).toBe(true);
    expect(late.received.filter((m) => m.role === 'interviewer')).toEqual([{ ...reply, replyId: pending.replyId }]);
    await whenIdle(h, invited.interviewId);
    expect(await h.app.services.orm.em.fork().count(ReplyDraft, { interview: invited.interviewId })).toBe(0);
  });

  test('a message sent while a reply streams withdraws that reply; one reply answers both', async () => {
    const { invited, tab } = await startedInterview();
    h.openai!.setChunkDelay(150);

    expect(await tab.answer('First part: I moved our billing jobs to idempotent consumers in 2023.')).toEqual({ seq: 2 });
    await tab.until(() => tab.deltas.some((d) => d.afterSeq === 2), 'the first reply to stream');
    const first = tab.deltas.find((d) => d.afterSeq === 2)!.replyId;
    expect(await tab.answer('Second part: duplicate charges dropped to zero after the dedupe keys went in.')).toEqual({ seq: 3 });

    await tab.until(() => tab.cancelledReplies.includes(first), 'the first reply to be withdrawn');
    const reply = await tab.nextQuestion(1);
    await whenIdle(h, invited.interviewId);

    expect(reply).toMatchObject({ seq: 4, kind: 'question', questionNumber: 2 });
    expect(tab.received.filter((m) => m.role === 'interviewer' && m.seq > 1)).toHaveLength(1);
    expect(tab.received.find((m) => m.seq === 4)!.replyId).not.toBe(first);
    expect(tab.messages.map((m) => [m.seq, m.role, m.kind])).toEqual([[1, 'interviewer', 'question'], [2, 'candidate', 'answer'], [3, 'candidate', 'answer'], [4, 'interviewer', 'question']]);
  });

  test('two open pages stay in step: each sees the other\'s messages, the streamed reply and the notice', async () => {
    const { invited, tab: first } = await startedInterview();
    const second = await openTab(invited.token);
    h.openai!.enqueueFor('text', { fault: 'rate_limited', retryAfter: '3600' });

    expect(await second.answer(ANSWER)).toEqual({ seq: 2 });
    for (const tab of [first, second]) await tab.until(() => tab.notices.length === 1, 'the notice');
    // Run the postponed turn now rather than in 15 s (once the queue has put it back).
    await eventually(async () => (await runPostponedNow(h, INTERVIEWER_TURN, invited.interviewId)) > 0, 'the postponed turn');
    for (const tab of [first, second]) await tab.until(() => tab.messages.length === 3, 'the reply');

    expect(first.messages).toEqual(second.messages);
    expect(first.messages.map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
    for (const tab of [first, second]) await tab.until(() => tab.deltas.some((d) => d.text === first.messages[2]!.text), 'the whole reply as a piece');
  });
});
