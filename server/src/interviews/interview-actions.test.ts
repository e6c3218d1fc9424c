import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { Pushback, PushbackKind, PushbackStatus } from '../ashby/pushback.entity.js';
import { EmailStatus, OutboundEmail } from '../mail/outbound-email.entity.js';
import { hashPassword } from '../orgs/auth.service.js';
import { Membership, Org, Role, User } from '../orgs/org.entity.js';
import { AnswerScore, Evaluation, Recommendation } from '../scoring/evaluation.entity.js';
import { CandidateClient, connectAshby, createOrg, eventually, gql, inviteCandidate, linkIn, signIn, startHarness, TEST_PASSWORD, whenIdle, type GqlReply, type Harness, type InvitedCandidate } from '../test/harness.js';
import { Interview, InterviewStatus, Message } from './interview.entity.js';
import type { CancelOptions } from './interview.service.js';

// The interview page's actions over GraphQL on real parts: resend the invitation, cancel, and
// re-score, as the candidate's page, the queue, the SMTP capture and the fake Ashby see them.

const RESEND = 'mutation($id: ID!) { resendInvite(id: $id) { id status expiresAt } }';
const CANCEL = 'mutation($id: ID!) { cancelInterview(id: $id) { id status } }';
const RESCORE = 'mutation($id: ID!) { rescoreInterview(id: $id) { id status } }';
const CANCELLED_FOR_CANDIDATE = 'This interview was cancelled by the hiring team.';
const NOT_IN_PROGRESS = 'This interview is not in progress, so the message was not saved. Reload the page to see where things stand.';
const DAY_MS = 24 * 3600 * 1000;

let h: Harness;
let org: Org;
let cookie: string;
let viewerCookie: string;
let otherCookie: string;
let webhook: { webhookUrl: string; signingSecret: string };
const tabs: CandidateClient[] = [];
const wsClients: Client[] = [];

beforeAll(async () => {
  h = await startHarness({ label: 'interview_actions' });
  org = (await createOrg(h)).org;
  cookie = await signIn(h.baseUrl);
  webhook = await connectAshby(h, cookie);
  const fork = h.app.services.orm.em.fork();
  const viewer = fork.create(User, { email: 'viewer@brightlane.example.com', name: 'Vic Viewer', passwordHash: await hashPassword(TEST_PASSWORD) });
  fork.create(Membership, { org: org.id, user: viewer, role: Role.VIEWER });
  await fork.flush();
  viewerCookie = await signIn(h.baseUrl, 'viewer@brightlane.example.com');
  await createOrg(h, 'Northwind Ltd', 'owner@northwind.example.com');
  otherCookie = await signIn(h.baseUrl, 'owner@northwind.example.com');
});
afterAll(async () => {
  for (const tab of tabs) tab.close();
  await Promise.all(wsClients.map((c) => c.dispose()));
  await h?.close();
});

const em = () => h.app.services.orm.em.fork();

function errorsOf(reply: GqlReply<unknown>) {
  return reply.errors?.map((e) => ({ message: e.message, extensions: e.extensions }));
}

function op(query: string, variables: Record<string, unknown> = {}, auth = cookie) {
  return gql(h.baseUrl, query, variables, { cookie: auth });
}

async function openTab(token: string): Promise<CandidateClient> {
  const tab = await CandidateClient.open(h.baseUrl, token);
  tabs.push(tab);
  return tab;
}

async function linkStatus(token: string): Promise<string> {
  const body = (await fetch(`${h.baseUrl}/api/interview-link/${token}`).then((r) => r.json())) as { status: string };
  return body.status;
}

function loadInterview(id: string): Promise<Interview> {
  return em().findOneOrFail(Interview, id);
}

function mailsTo(email: string) {
  return h.mail.messages.filter((m) => m.to.includes(email));
}

/** Invites a candidate and answers every question; resolves once the result has been posted to Ashby. */
async function scoredInterview(name: string): Promise<InvitedCandidate> {
  const invited = await finishedInterview(name);
  await eventually(async () => (await em().findOne(Pushback, { interview: invited.interviewId }))?.status === PushbackStatus.POSTED, 'the note in Ashby');
  return invited;
}

/** Invites a candidate and answers every question in detail; resolves once the interview has finished. */
async function finishedInterview(name: string): Promise<InvitedCandidate> {
  const invited = await inviteCandidate(h, webhook, name);
  const tab = await openTab(invited.token);
  expect(await tab.emit('start')).toEqual({ ok: true });
  const count = Number(/Question 1 of (\d+)/.exec((await tab.nextQuestion(0)).text)![1]);
  for (let i = 0; i < count; i++) {
    await tab.nextQuestion(i);
    expect(await tab.answer(`For example, I led answer ${i + 1}: we cut the build from 20 minutes to 4 by caching dependencies and splitting the test suite.`)).toEqual({ seq: 2 * i + 2 });
  }
  await tab.until(() => tab.statuses.includes('finished'), 'the interview to finish');
  return invited;
}

function subscribe(): { events: { id: string; status: string }[] } {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const client = createClient({ url: `${h.baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: CookieWebSocket, retryAttempts: 0, lazy: false });
  wsClients.push(client);
  const received = { events: [] as { id: string; status: string }[] };
  client.subscribe<{ interviewChanged: { id: string; status: string } }>(
    { query: 'subscription { interviewChanged { id status } }' },
    { next: (r) => void (r.data && received.events.push(r.data.interviewChanged)), error: () => {}, complete: () => {} },
  );
  return received;
}

describe('resendInvite', () => {
  test('emails the same link again as invitation 2, then 3, each sent once, and leaves a live link as it was', async () => {
    const invited = await inviteCandidate(h, webhook, 'Rhea Resend');
    await whenIdle(h, invited.interviewId);
    const before = await loadInterview(invited.interviewId);

    const first = await op(RESEND, { id: invited.interviewId });
    await h.mail.waitFor(() => mailsTo(invited.email).length === 2, 10_000);
    const second = await op(RESEND, { id: invited.interviewId });
    await h.mail.waitFor(() => mailsTo(invited.email).length === 3, 10_000);
    const tasks = await whenIdle(h, invited.interviewId);

    expect(first.data).toEqual({ resendInvite: { id: invited.interviewId, status: 'INVITED', expiresAt: before.expiresAt.toISOString() } });
    expect(second.errors).toBeUndefined();
    expect(mailsTo(invited.email).map((m) => [m.subject, linkIn(m)])).toEqual(Array.from({ length: 3 }, () => [invited.invite.subject, invited.link]));
    expect(tasks.filter((t) => t.kind === 'send-invite').map((t) => [t.key, t.status])).toEqual([1, 2, 3].map((n) => [`invite:${invited.interviewId}:${n}`, 'done']));
    const outbox = await em().find(OutboundEmail, { interview: invited.interviewId }, { orderBy: { createdAt: 'asc' } });
    expect(outbox.map((o) => [o.dedupeKey, o.status, o.attempts])).toEqual([1, 2, 3].map((n) => [`invite:${invited.interviewId}:${n}`, EmailStatus.SENT, 1]));
    expect((await loadInterview(invited.interviewId)).expiresAt).toEqual(before.expiresAt);
  });

  test('a fourth resend within 15 minutes is refused: a candidate is not mailed in a loop', async () => {
    const invited = await inviteCandidate(h, webhook, 'Lou Loop');
    await whenIdle(h, invited.interviewId);
    for (let i = 0; i < 3; i++) expect((await op(RESEND, { id: invited.interviewId })).errors).toBeUndefined();
    const fourth = await op(RESEND, { id: invited.interviewId });
    expect(fourth.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['RATE_LIMITED', 'This candidate was already sent 3 invitations in the last 15 minutes; wait before sending another.']]);
    await h.mail.waitFor(() => mailsTo(invited.email).length === 4, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(invited.email)).toHaveLength(4);
  });

  test('a link that expired before the start gets another 7 days, and the email gives the new date', async () => {
    const invited = await inviteCandidate(h, webhook, 'Eli Expired');
    await whenIdle(h, invited.interviewId);
    await em().nativeUpdate(Interview, { id: invited.interviewId }, { expiresAt: new Date(Date.now() - DAY_MS) });
    expect(await linkStatus(invited.token)).toBe('expired');

    const start = Date.now();
    const reply = await op(RESEND, { id: invited.interviewId });
    const end = Date.now();

    const expiresAt = new Date(reply.data!.resendInvite.expiresAt as string);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(start + 7 * DAY_MS - 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(end + 7 * DAY_MS + 1000);
    const mail = await h.mail.waitFor(() => mailsTo(invited.email).length === 2, 10_000).then(() => mailsTo(invited.email)[1]!);
    expect(linkIn(mail)).toBe(invited.link);
    expect(mail.text).toContain(`before ${expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC')}`);
    expect(await linkStatus(invited.token)).toBe('not_started');
  });

  test('an interview marked expired is invited again with a fresh date', async () => {
    const invited = await inviteCandidate(h, webhook, 'Exa Expired');
    await whenIdle(h, invited.interviewId);
    await em().nativeUpdate(Interview, { id: invited.interviewId }, { status: InterviewStatus.EXPIRED, expiresAt: new Date(Date.now() - DAY_MS) });

    const reply = await op(RESEND, { id: invited.interviewId });

    expect(reply.data!.resendInvite.status).toBe('INVITED');
    expect(new Date(reply.data!.resendInvite.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 6 * DAY_MS);
    await h.mail.waitFor(() => mailsTo(invited.email).length === 2, 10_000);
    expect(await linkStatus(invited.token)).toBe('not_started');
  });

  test('a cancelled interview’s invitation cannot be sent again', async () => {
    const invited = await inviteCandidate(h, webhook, 'Cass Cancelled');
    await whenIdle(h, invited.interviewId);
    await op(CANCEL, { id: invited.interviewId });

    const reply = await op(RESEND, { id: invited.interviewId });

    expect(errorsOf(reply)).toEqual([{ message: 'This interview was cancelled, so its invitation cannot be sent again.', extensions: { code: 'CONFLICT' } }]);
    expect((await whenIdle(h, invited.interviewId)).filter((t) => t.kind === 'send-invite')).toHaveLength(1);
  });
});

describe('cancelInterview', () => {
  test('an invited interview is cancelled: dashboards hear of it, the open page says so, and the link refuses to start', async () => {
    const invited = await inviteCandidate(h, webhook, 'Nina Notstarted');
    const tab = await openTab(invited.token);
    const subscription = subscribe();
    await new Promise((r) => setTimeout(r, 500));

    const reply = await op(CANCEL, { id: invited.interviewId });

    expect(reply.data).toEqual({ cancelInterview: { id: invited.interviewId, status: 'CANCELLED' } });
    await eventually(() => subscription.events.some((e) => e.id === invited.interviewId), 'the interviewChanged event');
    expect(subscription.events.filter((e) => e.id === invited.interviewId)).toEqual([{ id: invited.interviewId, status: 'CANCELLED' }]);
    await tab.until(() => tab.statuses.includes('cancelled'), 'the cancelled status on the open page');
    expect(await tab.emit('start')).toEqual({ error: { code: 'CONFLICT', message: CANCELLED_FOR_CANDIDATE } });
    expect(await linkStatus(invited.token)).toBe('cancelled');
    expect((await openTab(invited.token)).state!.status).toBe('cancelled');
    const stored = await loadInterview(invited.interviewId);
    expect({ status: stored.status, startedAt: stored.startedAt, questionIds: stored.questionIds }).toEqual({ status: InterviewStatus.CANCELLED, startedAt: null, questionIds: null });
    expect(await em().count(Message, { interview: invited.interviewId })).toBe(0);
  });

  test('an interview in progress is cancelled: the next answer is refused and the interviewer says nothing more', async () => {
    const invited = await inviteCandidate(h, webhook, 'Ivo Inprogress');
    const tab = await openTab(invited.token);
    expect(await tab.emit('start')).toEqual({ ok: true });
    await tab.nextQuestion(0);

    expect((await op(CANCEL, { id: invited.interviewId })).data).toEqual({ cancelInterview: { id: invited.interviewId, status: 'CANCELLED' } });

    expect(await tab.answer('An answer after the cancellation.')).toEqual({ error: { code: 'CONFLICT', message: NOT_IN_PROGRESS } });
    await whenIdle(h, invited.interviewId);
    expect((await em().find(Message, { interview: invited.interviewId })).map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer']]);
    expect(await linkStatus(invited.token)).toBe('cancelled');
  });

  test('cancelling twice is harmless; a finished interview cannot be cancelled', async () => {
    const invited = await inviteCandidate(h, webhook, 'Tom Twice');
    expect((await op(CANCEL, { id: invited.interviewId })).data).toEqual({ cancelInterview: { id: invited.interviewId, status: 'CANCELLED' } });
    expect((await op(CANCEL, { id: invited.interviewId })).data).toEqual({ cancelInterview: { id: invited.interviewId, status: 'CANCELLED' } });

    const scored = await scoredInterview('Fay Finished');
    const reply = await op(CANCEL, { id: scored.interviewId });

    expect(errorsOf(reply)).toEqual([{ message: 'This interview is already completed and scored, so it can no longer be cancelled.', extensions: { code: 'CONFLICT' } }]);
    expect((await loadInterview(scored.interviewId)).status).toBe(InterviewStatus.SCORED);
  });

  test('cancel hooks run once per cancellation inside its transaction; a failing hook leaves the interview as it was', async () => {
    const calls: { interviewId: string; by: CancelOptions['by']; status: string }[] = [];
    const failFor = new Set<string>();
    const watched = new Set<string>();
    h.app.services.interviews.onCancel(async (tem, interview, opts) => {
      if (!watched.has(interview.id)) return;
      const [row] = await tem.getConnection().execute<{ status: string }[]>('select status from interview where id = ?', [interview.id], 'all', tem.getTransactionContext());
      calls.push({ interviewId: interview.id, by: opts.by, status: row!.status });
      if (failFor.has(interview.id)) throw new Error('the hook could not queue its work');
    });
    const byRecruiter = await inviteCandidate(h, webhook, 'Hana Hooked');
    const byAshby = await inviteCandidate(h, webhook, 'Asha Ashby');
    const failing = await inviteCandidate(h, webhook, 'Finn Failing');
    [byRecruiter, byAshby, failing].forEach((i) => watched.add(i.interviewId));
    failFor.add(failing.interviewId);

    await op(CANCEL, { id: byRecruiter.interviewId });
    await op(CANCEL, { id: byRecruiter.interviewId });
    const ashbyEm = em();
    const cancelled = await h.app.services.interviews.cancel(ashbyEm, await ashbyEm.findOneOrFail(Interview, byAshby.interviewId), { log: h.app.services.log, by: 'ashby', reason: 'Cancelled in Ashby' });
    const failed = await op(CANCEL, { id: failing.interviewId });

    expect(cancelled).toBe(true);
    expect(calls).toEqual([
      { interviewId: byRecruiter.interviewId, by: 'recruiter', status: 'cancelled' },
      { interviewId: byAshby.interviewId, by: 'ashby', status: 'cancelled' },
      { interviewId: failing.interviewId, by: 'recruiter', status: 'cancelled' },
    ]);
    expect(errorsOf(failed)).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect((await loadInterview(failing.interviewId)).status).toBe(InterviewStatus.INVITED);
    expect(await linkStatus(failing.token)).toBe('not_started');
  });
});

describe('rescoreInterview', () => {
  test('a new evaluation becomes current and its own note reaches Ashby beside the first', async () => {
    const invited = await scoredInterview('Sol Scored');
    const first = await em().findOneOrFail(Evaluation, { interview: invited.interviewId });

    const reply = await op(RESCORE, { id: invited.interviewId });

    expect(reply.data).toEqual({ rescoreInterview: { id: invited.interviewId, status: 'SCORED' } });
    await eventually(async () => (await em().find(Pushback, { interview: invited.interviewId })).filter((p) => p.status === PushbackStatus.POSTED).length === 2, 'the second note');
    const evaluations = await em().find(Evaluation, { interview: invited.interviewId }, { orderBy: { createdAt: 'asc' } });
    expect(evaluations.map((e) => e.id)[0]).toBe(first.id);
    expect(evaluations).toHaveLength(2);
    const second = evaluations[1]!;
    const page = await op('query($id: ID!) { interview(id: $id) { status evaluation { id overallScore } answerScores { id } pushbacks { status ashbyRef } } }', { id: invited.interviewId });
    const current = page.data!.interview;
    expect(current.status).toBe('SCORED');
    expect(current.evaluation).toEqual({ id: second.id, overallScore: second.overallScore });
    const secondScores = await em().find(AnswerScore, { evaluation: second.id });
    expect(current.answerScores.map((s: { id: string }) => s.id).sort()).toEqual(secondScores.map((s) => s.id).sort());
    expect(secondScores.length).toBeGreaterThan(0);
    const notes = h.ashby.notes.filter((n) => n.candidateId === invited.candidateId);
    expect(notes).toHaveLength(2);
    expect(current.pushbacks.map((p: { status: string; ashbyRef: string }) => [p.status, p.ashbyRef])).toEqual([
      ['POSTED', notes[1]!.id],
      ['POSTED', notes[0]!.id],
    ]);
    const pushbacks = await em().find(Pushback, { interview: invited.interviewId }, { orderBy: { createdAt: 'asc' } });
    expect(pushbacks.map((p) => [p.evaluation?.id, p.ashbyRef])).toEqual([
      [first.id, notes[0]!.id],
      [second.id, notes[1]!.id],
    ]);
    const scoreTasks = (await whenIdle(h, invited.interviewId)).filter((t) => t.kind === 'score-interview');
    expect(scoreTasks.map((t) => t.status)).toEqual(['done', 'done']);
    expect(scoreTasks.map((t) => t.key)).toEqual(expect.arrayContaining([`score:${invited.interviewId}:1`, expect.stringMatching(new RegExp(`^score:${invited.interviewId}:rescore:[0-9a-f-]{36}$`))]));
  });

  test('a second click while the first re-score is queued is refused, so one click makes one evaluation', async () => {
    const invited = await scoredInterview('Dora Doubleclick');
    await h.app.services.queue.stop();
    try {
      const replies = [await op(RESCORE, { id: invited.interviewId }), await op(RESCORE, { id: invited.interviewId })];

      expect(replies[0]!.errors).toBeUndefined();
      expect(errorsOf(replies[1]!)).toEqual([{ message: 'This interview is being scored right now. The new result will appear here when it is ready.', extensions: { code: 'CONFLICT' } }]);
    } finally {
      h.app.services.queue.start(4);
    }
    await eventually(async () => (await em().count(Evaluation, { interview: invited.interviewId })) === 2, 'the re-score');
    await whenIdle(h, invited.interviewId);
    expect(await em().count(Evaluation, { interview: invited.interviewId })).toBe(2);
  });

  test('an interview that has not finished cannot be re-scored', async () => {
    const invited = await inviteCandidate(h, webhook, 'Una Unfinished');

    const reply = await op(RESCORE, { id: invited.interviewId });

    expect(errorsOf(reply)).toEqual([{ message: 'This interview has not been started yet; only completed interviews can be re-scored.', extensions: { code: 'CONFLICT' } }]);
    expect((await whenIdle(h, invited.interviewId)).filter((t) => t.kind === 'score-interview')).toEqual([]);
  });
});

describe('lists', () => {
  test("the recommendation filter uses each interview's current evaluation", async () => {
    const [changed, steady, unscored] = [await inviteCandidate(h, webhook, 'Rex Filtered'), await inviteCandidate(h, webhook, 'Ros Filtered'), await inviteCandidate(h, webhook, 'Ula Filtered')];
    const fork = em();
    const evaluate = (interviewId: string, recommendation: Recommendation, createdAt: Date) =>
      fork.create(Evaluation, { interview: interviewId, overallScore: 3, recommendation, summary: 'Test.', model: 'test', promptVersion: 'test', settings: {}, createdAt });
    evaluate(changed.interviewId, Recommendation.NO, new Date('2026-12-01T10:00:00Z'));
    evaluate(changed.interviewId, Recommendation.YES, new Date('2026-12-02T10:00:00Z'));
    evaluate(steady.interviewId, Recommendation.NO, new Date('2026-12-01T10:00:00Z'));
    await fork.flush();
    const list = async (recommendation: string) => {
      const reply = await op('query($r: Recommendation) { interviews(filter: { search: "Filtered", recommendation: $r }) { totalCount nodes { candidate { name } } } }', { r: recommendation });
      expect(reply.errors).toBeUndefined();
      return reply.data!.interviews;
    };

    expect(await list('YES')).toEqual({ totalCount: 1, nodes: [{ candidate: { name: 'Rex Filtered' } }] });
    expect(await list('NO')).toEqual({ totalCount: 1, nodes: [{ candidate: { name: 'Ros Filtered' } }] });
    expect(await list('STRONG_YES')).toEqual({ totalCount: 0, nodes: [] });
    expect(unscored.interviewId).not.toBe(changed.interviewId);
    // Another organisation's filter sees none of them.
    const theirs = await gql(h.baseUrl, 'query { interviews(filter: { recommendation: YES }) { totalCount } }', {}, { cookie: otherCookie });
    expect(theirs.data).toEqual({ interviews: { totalCount: 0 } });
  });

  test('failedPushbacks lists the failed pushbacks, most recently tried first, each with its interview', async () => {
    h.ashby.failNext('candidate.createNote', { kind: 'success_false', code: 'missing_endpoint_permission', message: 'The API key does not have the candidatesWrite permission required for this endpoint' });
    const invited = await finishedInterview('Paz Pushback');
    const failed = await eventually(() => em().findOne(Pushback, { interview: invited.interviewId, status: PushbackStatus.FAILED }), 'the failed pushback');
    const older = await inviteCandidate(h, webhook, 'Old Failure');
    const fork = em();
    const evaluation = fork.create(Evaluation, { interview: older.interviewId, overallScore: 2, recommendation: Recommendation.NO, summary: 'Test.', model: 'test', promptVersion: 'test', settings: {} });
    const earlier = fork.create(Pushback, { interview: older.interviewId, evaluation, kind: PushbackKind.ASHBY_NOTE, status: PushbackStatus.FAILED, lastError: 'Ashby was down', updatedAt: new Date(Date.now() - 3600_000) });
    fork.create(Pushback, { interview: older.interviewId, evaluation, kind: PushbackKind.ASSESSMENT_RESULT, status: PushbackStatus.POSTED });
    await fork.flush();
    await fork.nativeUpdate(Pushback, { id: earlier.id }, { updatedAt: new Date(Date.now() - 3600_000) });
    const query = 'query { failedPushbacks { id status lastError interview { id candidate { name } } } }';

    const ours = await op(query, {}, viewerCookie);
    const theirs = await gql(h.baseUrl, query, {}, { cookie: otherCookie });

    expect(ours.errors).toBeUndefined();
    expect(ours.data!.failedPushbacks).toEqual([
      { id: failed.id, status: 'FAILED', lastError: 'The Ashby API key lacks the permission candidate.createNote needs (candidatesWrite).', interview: { id: invited.interviewId, candidate: { name: 'Paz Pushback' } } },
      { id: earlier.id, status: 'FAILED', lastError: 'Ashby was down', interview: { id: older.interviewId, candidate: { name: 'Old Failure' } } },
    ]);
    expect(theirs.data).toEqual({ failedPushbacks: [] });
  });
});

describe('access', () => {
  test.each([
    ['resendInvite', RESEND],
    ['cancelInterview', CANCEL],
    ['rescoreInterview', RESCORE],
  ])('a viewer gets FORBIDDEN on %s and nothing changes', async (_name, mutation) => {
    const invited = await inviteCandidate(h, webhook, 'Val Viewed');
    const tasksBefore = await whenIdle(h, invited.interviewId);

    const reply = await op(mutation, { id: invited.interviewId }, viewerCookie);

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toEqual([{ message: 'Viewers can look but not change interviews. Ask an admin for the recruiter role.', extensions: { code: 'FORBIDDEN' } }]);
    expect((await loadInterview(invited.interviewId)).status).toBe(InterviewStatus.INVITED);
    expect(await whenIdle(h, invited.interviewId)).toEqual(tasksBefore);
  });

  test.each([
    ['resendInvite', RESEND],
    ['cancelInterview', CANCEL],
    ['rescoreInterview', RESCORE],
  ])("%s on another organisation's interview is NOT_FOUND and changes nothing", async (_name, mutation) => {
    const invited = await inviteCandidate(h, webhook, 'Oona Other');
    const tasksBefore = await whenIdle(h, invited.interviewId);

    const theirs = await gql(h.baseUrl, mutation, { id: invited.interviewId }, { cookie: otherCookie });
    const garbage = await gql(h.baseUrl, mutation, { id: 'not-an-id' }, { cookie: otherCookie });

    expect(theirs.data).toBeNull();
    expect(errorsOf(theirs)).toEqual([{ message: 'The interview was not found.', extensions: { code: 'NOT_FOUND' } }]);
    expect(errorsOf(garbage)).toEqual([{ message: 'The interview was not found.', extensions: { code: 'NOT_FOUND' } }]);
    expect((await loadInterview(invited.interviewId)).status).toBe(InterviewStatus.INVITED);
    expect(await whenIdle(h, invited.interviewId)).toEqual(tasksBefore);
  });
});
