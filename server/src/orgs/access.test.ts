import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { Pushback, PushbackKind, PushbackStatus } from '../ashby/pushback.entity.js';
import { Interview } from '../interviews/interview.entity.js';
import { Task } from '../platform/task.entity.js';
import { Evaluation, Recommendation } from '../scoring/evaluation.entity.js';
import { connectAshby, createOrg, eventually, gql, signIn, startHarness, TEST_PASSWORD, type GqlReply, type Harness } from '../test/harness.js';
import { ApiToken, Session } from './auth.entity.js';
import { hashPassword } from './auth.service.js';
import { Membership, Org, Role, User } from './org.entity.js';

const A_EMAIL = 'owner@brightlane.example.com';
const B_EMAIL = 'owner@northwind.example.com';
const VIEWER_EMAIL = 'viewer@brightlane.example.com';
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { email } }';
const UNAUTHENTICATED = [{ message: 'Sign in to continue.', extensions: { code: 'UNAUTHENTICATED' } }];
const INTERVIEW_CHANGED = 'subscription { interviewChanged { id status candidate { name } } }';

let h: Harness;
let orgA: Org;
let orgB: Org;
let cookieA: string;
let cookieB: string;
let tokenA: string;
let tokenB: string;
let hookA: { webhookUrl: string; signingSecret: string };
let hookB: { webhookUrl: string; signingSecret: string };

beforeAll(async () => {
  h = await startHarness({ label: 'access' });
  orgA = (await createOrg(h)).org;
  orgB = (await createOrg(h, 'Northwind Ltd', B_EMAIL)).org;
  cookieA = await signIn(h.baseUrl, A_EMAIL);
  cookieB = await signIn(h.baseUrl, B_EMAIL);
  tokenA = (await h.app.services.auth.createApiToken(h.app.services.orm.em.fork(), orgA, 'internal tool A')).token;
  tokenB = (await h.app.services.auth.createApiToken(h.app.services.orm.em.fork(), orgB, 'internal tool B')).token;
  // Both organisations connect the same Ashby key: only Prelim's own scoping keeps them apart.
  hookA = await connectAshby(h, cookieA);
  hookB = await connectAshby(h, cookieB);
});

afterAll(async () => {
  await h?.close();
});

function errorsOf(reply: GqlReply<unknown>) {
  return reply.errors?.map((e) => ({ message: e.message, extensions: e.extensions }));
}

const em = () => h.app.services.orm.em.fork();

describe('authentication', () => {
  // A nullable root field comes back as null beside the error; a non-null one nulls the whole data.
  test.each([
    ['query { org { id } }', null],
    ['query { interviews { totalCount } }', null],
    ['query { ashbyIntegration { id } }', { ashbyIntegration: null }],
    ['query { jobs { id } }', null],
    ['mutation { connectAshby(apiKey: "fake-ashby-key-0001") { id } }', null],
  ])('refuses %s without a session or token: UNAUTHENTICATED', async (query, data) => {
    const reply = await gql(h.baseUrl, query);

    expect(reply.data).toEqual(data);
    expect(errorsOf(reply)).toEqual(UNAUTHENTICATED);
  });

  test('refuses an unknown session cookie and an unknown bearer token', async () => {
    expect(errorsOf(await gql(h.baseUrl, 'query { org { id } }', {}, { cookie: 'prelim_session=not-a-session' }))).toEqual(UNAUTHENTICATED);
    expect(errorsOf(await gql(h.baseUrl, 'query { org { id } }', {}, { token: 'prelim_not-a-token' }))).toEqual(UNAUTHENTICATED);
  });

  test.each([
    ['a wrong password', A_EMAIL, 'wrong horse battery staple'],
    ['an unknown email', 'nobody@brightlane.example.com', TEST_PASSWORD],
  ])('refuses sign-in with %s with the same message and no session', async (_what, email, password) => {
    const sessionsBefore = await em().count(Session, {});

    const reply = await gql(h.baseUrl, SIGN_IN, { e: email, p: password });

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toEqual([{ message: 'Email or password is incorrect.', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(reply.cookie).toBeUndefined();
    expect(await em().count(Session, {})).toBe(sessionsBefore);
  });

  test('signs in case-insensitively and sign-out ends only that session', async () => {
    const signedIn = await gql(h.baseUrl, SIGN_IN, { e: 'Owner@Brightlane.Example.com', p: TEST_PASSWORD });
    expect(signedIn.data).toEqual({ signIn: { email: A_EMAIL } });
    const cookie = signedIn.cookie!;
    expect(cookie).toMatch(/^prelim_session=[A-Za-z0-9_-]{43}$/);
    expect((await gql(h.baseUrl, 'query { me { email } }', {}, { cookie })).data).toEqual({ me: { email: A_EMAIL } });
    const sessionsBefore = await em().count(Session, {});

    const signedOut = await gql(h.baseUrl, 'mutation { signOut }', {}, { cookie });

    expect(signedOut.data).toEqual({ signOut: true });
    expect(signedOut.cookie).toBe('prelim_session=');
    expect(await em().count(Session, {})).toBe(sessionsBefore - 1);
    expect(errorsOf(await gql(h.baseUrl, 'query { me { email } }', {}, { cookie }))).toEqual(UNAUTHENTICATED);
    expect((await gql(h.baseUrl, 'query { me { email } }', {}, { cookie: cookieA })).data).toEqual({ me: { email: A_EMAIL } });
  });

  test('an API token works as a Bearer token for its organisation and stops working once revoked', async () => {
    const { token, apiToken } = await h.app.services.auth.createApiToken(em(), orgA, 'short-lived tool');
    expect(apiToken.lastUsedAt).toBeNull();

    const reply = await gql(h.baseUrl, 'query { org { id name } }', {}, { token });

    expect(reply.data).toEqual({ org: { id: orgA.id, name: 'Brightlane Labs' } });
    expect((await em().findOneOrFail(ApiToken, apiToken.id)).lastUsedAt).toBeInstanceOf(Date);
    expect(errorsOf(await gql(h.baseUrl, 'query { me { email } }', {}, { token }))).toEqual([
      { message: 'API tokens act for an organisation, not a person: query `org` instead of `me`.', extensions: { code: 'BAD_USER_INPUT' } },
    ]);

    await em().nativeUpdate(ApiToken, { id: apiToken.id }, { revokedAt: new Date() });

    expect(errorsOf(await gql(h.baseUrl, 'query { org { id } }', {}, { token }))).toEqual(UNAUTHENTICATED);
  });
});

/** A graphql-ws client that authenticates with a session cookie on the upgrade request. */
function wsClientWithCookie(cookie: string): Client {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  return createClient({ url: `${h.baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: CookieWebSocket, retryAttempts: 0, lazy: false });
}

function wsClientWithToken(token: string | null): Client {
  return createClient({
    url: `${h.baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = client.on('connected', () => {
      off();
      resolve();
    });
    client.on('error', reject);
  });
}

interface Changed {
  id: string;
  status: string;
  candidate: { name: string };
}

/** Subscribes to interviewChanged and collects what arrives. */
function collect(client: Client): { events: Changed[]; errors: unknown[] } {
  const received = { events: [] as Changed[], errors: [] as unknown[] };
  client.subscribe<{ interviewChanged: Changed }>(
    { query: INTERVIEW_CHANGED },
    {
      next: (result) => {
        if (result.errors) received.errors.push(...result.errors);
        if (result.data) received.events.push(result.data.interviewChanged);
      },
      error: (error) => received.errors.push(error),
      complete: () => {},
    },
  );
  return received;
}

async function startInterview(hook: { webhookUrl: string; signingSecret: string }, candidateName: string): Promise<void> {
  const { applicationId } = h.ashby.addCandidateApplication({ candidateName });
  const delivery = await h.ashby.deliverStageChange({ url: hook.webhookUrl, secret: hook.signingSecret, applicationId, stageTitle: 'AI Screening Interview' });
  expect(delivery.attempts.map((a) => a.status)).toEqual([200, 200]);
}

async function interviewOf(org: Org): Promise<Interview> {
  return eventually(() => em().findOne(Interview, { org: org.id }, { populate: ['job'] }), `the interview of ${org.name}`);
}

describe('two organisations', () => {
  let clients: Client[] = [];
  let eventsA: ReturnType<typeof collect>;
  let eventsB: ReturnType<typeof collect>;
  let interviewA: Interview;
  let interviewB: Interview;

  beforeAll(async () => {
    const clientA = wsClientWithCookie(cookieA);
    const clientB = wsClientWithToken(tokenB);
    clients = [clientA, clientB];
    eventsA = collect(clientA);
    eventsB = collect(clientB);
    await Promise.all([connected(clientA), connected(clientB)]);
    // graphql-ws does not acknowledge a subscription; give the server a moment to register both.
    await new Promise((r) => setTimeout(r, 500));

    await startInterview(hookA, 'Ann Alpha');
    await startInterview(hookB, 'Ben Beta');
    interviewA = await interviewOf(orgA);
    interviewB = await interviewOf(orgB);
    await h.mail.waitFor((m) => m.to.includes('ann.alpha@example.com'), 10_000);
    await h.mail.waitFor((m) => m.to.includes('ben.beta@example.com'), 10_000);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  test("each organisation's subscription receives only its own interview's events", async () => {
    await eventually(() => eventsA.events.length > 0 && eventsB.events.length > 0, 'an event on each subscription');
    await new Promise((r) => setTimeout(r, 1000));

    expect(eventsA).toEqual({ events: [{ id: interviewA.id, status: 'INVITED', candidate: { name: 'Ann Alpha' } }], errors: [] });
    expect(eventsB).toEqual({ events: [{ id: interviewB.id, status: 'INVITED', candidate: { name: 'Ben Beta' } }], errors: [] });
  });

  test('a subscription opened by a session that has since signed out receives no more data', async () => {
    const cookie = await signIn(h.baseUrl);
    const client = wsClientWithCookie(cookie);
    clients.push(client);
    const received = collect(client);
    await connected(client);
    await new Promise((r) => setTimeout(r, 500));
    expect((await gql(h.baseUrl, 'mutation { signOut }', {}, { cookie })).data).toEqual({ signOut: true });

    const owner = await signIn(h.baseUrl);
    expect((await gql(h.baseUrl, 'mutation($id: ID!) { resendInvite(id: $id) { id } }', { id: interviewA.id }, { cookie: owner })).errors).toBeUndefined();
    await eventually(() => received.errors.length > 0, 'the refused event');

    expect(received.events).toEqual([]);
    expect(JSON.parse(JSON.stringify(received.errors)).map((e: { message: string; extensions?: { code?: string } }) => [e.extensions?.code, e.message])).toEqual([['UNAUTHENTICATED', 'Your session has ended or your access was removed. Sign in again.']]);
  });

  test('a subscription without credentials is refused with UNAUTHENTICATED', async () => {
    const client = wsClientWithToken(null);
    clients.push(client);
    const received = collect(client);

    await eventually(() => received.errors.length > 0, 'the subscription error');

    expect(received.events).toEqual([]);
    expect(JSON.parse(JSON.stringify(received.errors)).map((e: { message: string; extensions?: unknown }) => ({ message: e.message, extensions: e.extensions }))).toEqual(UNAUTHENTICATED);
  });

  test.each([
    ['session cookie', () => ({ cookie: cookieB })],
    ['API token', () => ({ token: tokenB })],
  ])("the second organisation sees none of the first one's interviews, jobs, integration or deliveries (%s)", async (_via, auth) => {
    const reply = await gql(
      h.baseUrl,
      `query($a: ID!, $b: ID!, $aJob: ID!) {
        interviews { totalCount nodes { id } }
        byTheirJob: interviews(filter: { jobId: $aJob }) { totalCount }
        theirs: interview(id: $a) { id }
        ours: interview(id: $b) { id }
        theirJob: job(id: $aJob) { id }
        jobs { id }
        ashbyIntegration { webhookUrl recentDeliveries { applicationId outcome } }
      }`,
      { a: interviewA.id, b: interviewB.id, aJob: interviewA.job.id },
      auth(),
    );

    expect(reply.errors).toBeUndefined();
    expect(interviewA.job.id).not.toBe(interviewB.job.id);
    expect(reply.data).toEqual({
      interviews: { totalCount: 1, nodes: [{ id: interviewB.id }] },
      byTheirJob: { totalCount: 0 },
      theirs: null,
      ours: { id: interviewB.id },
      theirJob: null,
      jobs: [{ id: interviewB.job.id }],
      ashbyIntegration: {
        webhookUrl: hookB.webhookUrl,
        recentDeliveries: [
          { applicationId: null, outcome: 'IGNORED_ACTION' },
          { applicationId: interviewB.ashbyApplicationId, outcome: 'ACCEPTED' },
        ],
      },
    });
    expect(hookB.webhookUrl).not.toBe(hookA.webhookUrl);
  });

  test("an organisation without interviews of its own gets empty lists and nulls, not another organisation's records", async () => {
    const { org } = await createOrg(h, 'Quiet Co', 'owner@quiet.example.com');
    const { token } = await h.app.services.auth.createApiToken(em(), org, 'quiet tool');

    const reply = await gql(
      h.baseUrl,
      'query($a: ID!, $aJob: ID!) { interviews { totalCount nodes { id } } interview(id: $a) { id } jobs { id } job(id: $aJob) { id } ashbyIntegration { id } }',
      { a: interviewA.id, aJob: interviewA.job.id },
      { token },
    );

    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ interviews: { totalCount: 0, nodes: [] }, interview: null, jobs: [], job: null, ashbyIntegration: null });
  });

  test("retryPushback of another organisation's pushback answers NOT_FOUND and changes nothing", async () => {
    const fork = em();
    const evaluation = fork.create(Evaluation, { interview: interviewA.id, overallScore: 3.5, recommendation: Recommendation.YES, summary: 'Solid answers.', model: 'test', promptVersion: 'test', settings: {} });
    const pushback = fork.create(Pushback, { interview: interviewA.id, evaluation, kind: PushbackKind.ASHBY_NOTE, status: PushbackStatus.FAILED, lastError: 'Ashby was down' });
    await fork.flush();
    const retry = 'mutation($id: ID!) { retryPushback(id: $id) { id status } }';

    const theirs = await gql(h.baseUrl, retry, { id: pushback.id }, { cookie: cookieB });

    expect(theirs.data).toBeNull();
    expect(errorsOf(theirs)).toEqual([{ message: 'The pushback was not found.', extensions: { code: 'NOT_FOUND' } }]);
    expect((await em().findOneOrFail(Pushback, pushback.id)).status).toBe(PushbackStatus.FAILED);
    expect(await em().count(Task, { kind: 'push-results' })).toBe(0);

    const ours = await gql(h.baseUrl, retry, { id: pushback.id }, { cookie: cookieA });

    expect(ours.data).toEqual({ retryPushback: { id: pushback.id, status: 'PENDING' } });
  });
});

describe('roles', () => {
  let viewerCookie: string;

  beforeAll(async () => {
    const fork = em();
    const user = fork.create(User, { email: VIEWER_EMAIL, name: 'Vic Viewer', passwordHash: await hashPassword(TEST_PASSWORD) });
    fork.create(Membership, { org: orgA.id, user, role: Role.VIEWER });
    await fork.flush();
    viewerCookie = await signIn(h.baseUrl, VIEWER_EMAIL);
  });

  const ADMIN_ONLY = [{ message: 'Only owners and admins can change integrations and settings.', extensions: { code: 'FORBIDDEN' } }];

  test.each([
    ['connectAshby', 'mutation { connectAshby(apiKey: "fake-ashby-key-0001") { id } }'],
    ['setTriggerStage', 'mutation { setTriggerStage(name: "Offer") { id } }'],
    ['regenerateSigningSecret', 'mutation { regenerateSigningSecret { id } }'],
    ['disconnectAshby', 'mutation { disconnectAshby { id } }'],
    ['ashbyStages', 'query { ashbyStages }'],
  ])('a viewer cannot %s: FORBIDDEN and the integration is unchanged', async (_name, query) => {
    const before = await h.app.services.orm.em.fork().getConnection().execute('select * from ashby_integration where org_id = ?', [orgA.id]);
    const callsBefore = h.ashby.calls.length;

    const reply = await gql(h.baseUrl, query, {}, { cookie: viewerCookie });

    expect(reply.data).toBeNull();
    expect(errorsOf(reply)).toEqual(ADMIN_ONLY);
    expect(await h.app.services.orm.em.fork().getConnection().execute('select * from ashby_integration where org_id = ?', [orgA.id])).toEqual(before);
    expect(h.ashby.calls.length).toBe(callsBefore);
  });

  test('a viewer sees the integration without its signing secret and can read interviews', async () => {
    const reply = await gql(h.baseUrl, 'query { ashbyIntegration { webhookUrl signingSecret } interviews { totalCount } }', {}, { cookie: viewerCookie });

    expect(reply.errors).toBeUndefined();
    expect(reply.data).toEqual({ ashbyIntegration: { webhookUrl: hookA.webhookUrl, signingSecret: null }, interviews: { totalCount: 1 } });
  });
});
