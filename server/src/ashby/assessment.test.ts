import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Interview, InterviewSource, InterviewStatus } from '../interviews/interview.entity.js';
import { Membership, Role, User } from '../orgs/org.entity.js';
import { hashPassword } from '../orgs/auth.service.js';
import { Evaluation, Recommendation } from '../scoring/evaluation.entity.js';
import { CandidateClient, connectAshby, createOrg, eventually, gql, inviteCandidate, linkIn, signIn, startHarness, tasksFor, TEST_PASSWORD, tokenOf, type Harness } from '../test/harness.js';
import { AshbyAssessment } from './assessment.entity.js';
import { Pushback, PushbackKind } from './pushback.entity.js';

// Ashby's assessment partner flow (shared/ashby/README.md §4), driven the way Ashby drives it: the
// fake Ashby calls Prelim's partner API with the organisation's key and records the
// assessment.update bodies Prelim sends back, after checking them as strictly as Ashby's schema.

/** Published to Ashby, kept in its interview plans: a change here breaks every plan that uses it. */
const TYPE_ID = '6a40758a-4da5-485b-9b98-f8b90fc81600';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const START_FIXTURE = JSON.parse(readFileSync(new URL('../../../scripts/fake-ashby/fixtures/assessment-start-request.json', import.meta.url), 'utf8'));

const ANSWERS = [
  'For example, I led the migration of our order pipeline to idempotent queue consumers in 2023, which cut duplicate charges to zero.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index.',
  'I write REST and GraphQL APIs with clear error codes, cursor pagination and versioned schemas, for example for our billing dashboard.',
];

const LABELS: Record<Recommendation, string> = { strong_yes: 'Strong yes', yes: 'Yes', no: 'No', strong_no: 'Strong no' };
const STATUS = (value: string) => ({ identifier: 'status', label: 'Status', type: 'string', value });
const CANCELLED = (value: string) => ({ identifier: 'cancelled-reason', label: 'Cancelled', type: 'string', value });

const NO_CREDENTIALS = "Prelim needs its partner key: send it as HTTP Basic auth (the key as user name, empty password) or as 'Authorization: Bearer <key>'.";
const UNKNOWN_KEY = "Prelim does not recognise this partner key. Copy the current key from Prelim (ashbyIntegration { assessmentApiKey } in its GraphQL API, as an owner or admin) into Ashby's assessment integration; regenerating the key in Prelim replaces the old one.";

let h: Harness;
let cookie: string;
let webhook: { webhookUrl: string; signingSecret: string };
let partner: { baseUrl: string; key: string };

beforeAll(async () => {
  h = await startHarness({ label: 'assessment' });
  await createOrg(h);
  cookie = await signIn(h.baseUrl);
  webhook = await connectAshby(h, cookie);
  partner = await partnerOf(cookie);
});

afterAll(async () => {
  await h?.close();
});

async function partnerOf(session: string): Promise<{ baseUrl: string; key: string }> {
  const reply = await gql(h.baseUrl, 'query { ashbyIntegration { assessmentBaseUrl assessmentApiKey } }', {}, { cookie: session });
  const integration = reply.data!.ashbyIntegration;
  return { baseUrl: integration.assessmentBaseUrl, key: integration.assessmentApiKey };
}

type Endpoint = 'assessment.list' | 'assessment.start' | 'assessment.cancel';

/** Ashby calling Prelim: the partner key as Basic auth unless told otherwise. */
async function call(endpoint: Endpoint, body: object | string, opts: { key?: string | null; auth?: 'basic' | 'bearer' } = {}) {
  const answer = await h.ashby.callPartner({ baseUrl: partner.baseUrl, endpoint, body, partnerKey: opts.key === undefined ? partner.key : opts.key, auth: opts.auth });
  return { status: answer.status, json: answer.json as any };
}

interface Application {
  applicationId: string;
  candidateId: string;
  email: string | null;
}

function newApplication(email: string | null = `candidate-${randomUUID().slice(0, 8)}@example.com`): Application {
  const ids = h.ashby.addCandidateApplication({ candidateName: 'Avery Lin', email });
  return { ...ids, email };
}

/** The fixture's start request, for this application. */
function startBody(application: Application, typeId = TYPE_ID): object {
  return {
    ...START_FIXTURE,
    assessment_type_id: typeId,
    candidate: { ...START_FIXTURE.candidate, ashby_id: application.candidateId, email: application.email },
    application: { ...START_FIXTURE.application, ashby_id: application.applicationId },
  };
}

function em() {
  return h.app.services.orm.em.fork();
}

async function interviewFor(applicationId: string): Promise<Interview> {
  return em().findOneOrFail(Interview, { ashbyApplicationId: applicationId });
}

async function assessmentFor(interviewId: string): Promise<AshbyAssessment> {
  return em().findOneOrFail(AshbyAssessment, { interview: interviewId });
}

/** A started assessment whose invitation has arrived. */
async function startAssessment() {
  const application = newApplication();
  const reply = await call('assessment.start', startBody(application));
  expect(reply.status).toBe(200);
  const invite = await h.mail.waitFor((m) => m.to.includes(application.email!), 20_000);
  const interview = await interviewFor(application.applicationId);
  return { application, assessmentId: reply.json.results.assessment_id as string, interview, token: tokenOf(linkIn(invite)), reply };
}

function updatesFor(assessmentId: string): any[] {
  return h.ashby.assessmentUpdates.filter((u) => (u as { assessment_id: string }).assessment_id === assessmentId);
}

function updatesArrive(assessmentId: string, count: number, timeoutMs = 20_000): Promise<any[]> {
  return eventually(() => {
    const updates = updatesFor(assessmentId);
    return updates.length >= count ? updates : null;
  }, `${count} assessment.update calls for ${assessmentId}`, timeoutMs);
}

function profileUrl(interviewId: string) {
  return { identifier: 'profile-url', label: 'Interview', description: 'Transcript and scoring in Prelim', type: 'url', value: `${h.baseUrl}/interviews/${interviewId}` };
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The candidate starts and answers until the interviewer closes (it may ask follow-ups, so the
 * number of turns is not fixed); resolves when the interview has finished.
 */
async function takeInterview(token: string, opts: { afterStart?: () => Promise<void> } = {}): Promise<void> {
  const tab = await CandidateClient.open(h.baseUrl, token);
  const finished = () => tab.statuses.includes('finished');
  const asked = () => tab.messages.filter((m) => m.role === 'interviewer').length;
  try {
    expect(await tab.emit('start')).toEqual({ ok: true });
    await opts.afterStart?.();
    for (let answered = 0; answered < 20; answered++) {
      await tab.until(() => finished() || asked() > answered, 'the next question');
      if (finished()) break;
      // An answer to the closing message is refused: the interview has just finished.
      if ((await tab.answer(ANSWERS[answered % ANSWERS.length]!)).error) break;
    }
    await tab.until(finished, 'the interview to finish');
  } finally {
    tab.close();
  }
}

async function invitationTasks(interviewId: string): Promise<(string | null)[]> {
  return (await tasksFor(h, interviewId)).filter((t) => t.kind === 'send-invite').map((t) => t.key);
}

async function pushbacksOf(interviewId: string): Promise<{ kind: string; status: string; attempts: number; lastError: string | null; ashbyRef: string | null }[]> {
  const reply = await gql(h.baseUrl, 'query($id: ID!) { interview(id: $id) { pushbacks { kind status attempts lastError ashbyRef } } }', { id: interviewId }, { cookie });
  expect(reply.errors).toBeUndefined();
  return [...reply.data!.interview.pushbacks].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** Everything a refused call must leave as it was, once earlier tests' work due now has settled. */
async function snapshot() {
  await eventually(async () => {
    const [due] = await em().getConnection().execute<{ n: string }[]>(`select count(*) n from task where status in ('queued', 'running') and run_at <= now()`);
    return Number(due!.n) === 0;
  }, 'the queue to settle');
  const rows = await em().getConnection().execute<{ t: string; n: string }[]>(
    `select 'interview' t, count(*) n from interview union all select 'assessment', count(*) from ashby_assessment
     union all select 'candidate', count(*) from candidate union all select 'job', count(*) from job
     union all select 'task', count(*) from task union all select 'pushback', count(*) from pushback
     union all select 'cancelled', count(*) from interview where status = 'cancelled'`,
  );
  return { rows: Object.fromEntries(rows.map((r) => [r.t, Number(r.n)])), mails: h.mail.messages.length, ashbyCalls: h.ashby.calls.length, updates: h.ashby.assessmentUpdates.length };
}

describe('assessment.list', () => {
  test.each(['basic', 'bearer'] as const)('offers the screening interview under its fixed UUID (%s auth)', async (auth) => {
    const reply = await call('assessment.list', {}, { auth });

    expect(reply).toEqual({
      status: 200,
      json: {
        success: true,
        results: [
          {
            assessment_type_id: TYPE_ID,
            name: 'Prelim screening interview',
            description:
              'A written interview the candidate takes in the browser at their own pace, with questions generated from the job description. Each answer is scored 1–5 against a rubric; Prelim returns the overall score, a recommendation, a summary and a link to the transcript. Interviewer: Built-in interviewer (scripted, not AI).',
          },
        ],
      },
    });
  });
});

describe('start to result', () => {
  test('start invites the candidate; Ashby hears Started, then the score, recommendation, summary and links, and the note is posted too', async () => {
    const application = newApplication();

    const started = await call('assessment.start', startBody(application));

    const interview = await interviewFor(application.applicationId);
    const assessment = await assessmentFor(interview.id);
    expect(assessment.id).toMatch(UUID);
    expect(started).toEqual({
      status: 200,
      json: {
        success: true,
        results: {
          assessment_id: assessment.id,
          update_request: {
            assessment_id: assessment.id,
            timestamp: assessment.createdAt.getTime(),
            assessment_status: STATUS('Invited'),
            assessment_profile_url: profileUrl(interview.id),
            metadata: [{ identifier: 'expires-at', label: 'Link expires', type: 'string', value: utc(interview.expiresAt) }],
          },
        },
      },
    });
    expect({ source: interview.source, status: interview.status, assessmentTypeId: assessment.assessmentTypeId }).toEqual({ source: InterviewSource.ASSESSMENT, status: InterviewStatus.INVITED, assessmentTypeId: TYPE_ID });

    // The invitation is the stage-change path's own email, with the candidate's link.
    const invite = await h.mail.waitFor((m) => m.to.includes(application.email!), 20_000);
    expect(invite.subject).toBe('Your screening interview for Senior Backend Engineer (TypeScript) at Brightlane Labs');

    await takeInterview(tokenOf(linkIn(invite)));

    const updates = await updatesArrive(assessment.id, 2);
    const done = await em().findOneOrFail(Interview, interview.id);
    const evaluation = await em().findOneOrFail(Evaluation, { interview: interview.id });
    expect(updates).toEqual([
      { assessment_id: assessment.id, timestamp: done.startedAt!.getTime(), assessment_status: STATUS('Started'), assessment_profile_url: profileUrl(interview.id) },
      {
        assessment_id: assessment.id,
        timestamp: evaluation.createdAt.getTime(),
        assessment_status: STATUS('Completed'),
        assessment_profile_url: profileUrl(interview.id),
        assessment_result: { identifier: 'overall-score', label: 'Overall score', description: 'Weighted rubric score, 1 to 5', type: 'numeric_score', value: evaluation.overallScore },
        metadata: [
          { identifier: 'recommendation', label: 'Recommendation', type: 'string', value: LABELS[evaluation.recommendation] },
          { identifier: 'recommended', label: 'Recommended', description: 'Yes or Strong yes', type: 'boolean_success', value: [Recommendation.YES, Recommendation.STRONG_YES].includes(evaluation.recommendation) },
          { identifier: 'summary', label: 'Summary', type: 'string', value: evaluation.summary },
          { identifier: 'duration', label: 'Time taken', type: 'numeric_duration_minutes', value: 1 },
          { identifier: 'transcript', label: 'Transcript', type: 'url', value: `${h.baseUrl}/interviews/${interview.id}` },
        ],
      },
    ]);
    expect(updates.map((u) => u.timestamp)).toEqual([...updates.map((u) => u.timestamp)].sort((a, b) => a - b));
    expect(updates[0].timestamp).toBeGreaterThan(started.json.results.update_request.timestamp);

    const note = await eventually(() => h.ashby.notes.find((n) => n.candidateId === application.candidateId), 'the note in Ashby');
    expect(note.content).toContain(`<b>Overall score:</b> ${evaluation.overallScore.toFixed(1)} / 5`);
    expect(await eventually(async () => {
      const pushbacks = await pushbacksOf(interview.id);
      return pushbacks.every((p) => p.status === 'POSTED') && pushbacks.length === 3 ? pushbacks : null;
    }, 'every pushback posted')).toEqual([
      { kind: 'ASHBY_NOTE', status: 'POSTED', attempts: 1, lastError: null, ashbyRef: note.id },
      { kind: 'ASSESSMENT_RESULT', status: 'POSTED', attempts: 1, lastError: null, ashbyRef: assessment.id },
      { kind: 'ASSESSMENT_STATUS', status: 'POSTED', attempts: 1, lastError: null, ashbyRef: assessment.id },
    ]);

    // Finished is final: Ashby cannot cancel it any more, and nothing is sent.
    const cancel = await call('assessment.cancel', { assessment_id: assessment.id });
    expect(cancel).toEqual({ status: 409, json: { message: 'This interview is already completed and scored, so it can no longer be cancelled.' } });
    expect(updatesFor(assessment.id)).toHaveLength(2);
  });
});

describe('repeated and adopted starts', () => {
  test('two starts at once and a third later answer one assessment, with one interview and one invitation', async () => {
    const application = newApplication();

    const [first, second] = await Promise.all([call('assessment.start', startBody(application)), call('assessment.start', startBody(application))]);
    await h.mail.waitFor((m) => m.to.includes(application.email!), 20_000);
    const third = await call('assessment.start', startBody(application));

    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    const interviews = await em().find(Interview, { ashbyApplicationId: application.applicationId });
    expect(interviews).toHaveLength(1);
    expect(await em().count(AshbyAssessment, { interview: interviews[0]! })).toBe(1);
    expect(await invitationTasks(interviews[0]!.id)).toEqual([`invite:${interviews[0]!.id}:1`]);
    expect(h.mail.messages.filter((m) => m.to.includes(application.email!))).toHaveLength(1);
  });

  test('a start for an application that a stage change already invited adopts that interview', async () => {
    const invited = await inviteCandidate(h, webhook, 'Rowan Staged');

    const reply = await call('assessment.start', startBody({ applicationId: invited.applicationId, candidateId: invited.candidateId, email: invited.email }));

    const assessment = await assessmentFor(invited.interviewId);
    const interview = await interviewFor(invited.applicationId);
    expect(reply.json.results).toEqual({
      assessment_id: assessment.id,
      update_request: {
        assessment_id: assessment.id,
        timestamp: assessment.createdAt.getTime(),
        assessment_status: STATUS('Invited'),
        assessment_profile_url: profileUrl(invited.interviewId),
        metadata: [{ identifier: 'expires-at', label: 'Link expires', type: 'string', value: utc(interview.expiresAt) }],
      },
    });
    expect({ id: interview.id, source: interview.source }).toEqual({ id: invited.interviewId, source: InterviewSource.STAGE_CHANGE });
    expect(await em().count(Interview, { ashbyApplicationId: invited.applicationId })).toBe(1);
    expect(await invitationTasks(invited.interviewId)).toEqual([`invite:${invited.interviewId}:1`]);

    // From then on it reports to Ashby like any assessment.
    await takeInterview(invited.token);
    const updates = await updatesArrive(assessment.id, 2);
    expect(updates.map((u) => u.assessment_status.value)).toEqual(['Started', 'Completed']);
  });

  test('a start after the candidate began answers Started; then only the result follows', async () => {
    const invited = await inviteCandidate(h, webhook, 'Noor Early');
    let reply: Awaited<ReturnType<typeof call>> | undefined;

    await takeInterview(invited.token, {
      afterStart: async () => {
        reply = await call('assessment.start', startBody({ applicationId: invited.applicationId, candidateId: invited.candidateId, email: invited.email }));
      },
    });

    const assessment = await assessmentFor(invited.interviewId);
    expect(reply!.json.results).toEqual({
      assessment_id: assessment.id,
      // Started before Ashby's start: the step is placed just after the Invited that Ashby never saw.
      update_request: { assessment_id: assessment.id, timestamp: assessment.createdAt.getTime() + 1, assessment_status: STATUS('Started'), assessment_profile_url: profileUrl(invited.interviewId) },
    });
    const updates = await updatesArrive(assessment.id, 1);
    const evaluation = await em().findOneOrFail(Evaluation, { interview: invited.interviewId });
    expect(updates.map((u) => [u.assessment_status.value, u.timestamp])).toEqual([['Completed', evaluation.createdAt.getTime()]]);
  });

  test('a start with another assessment type while one runs is a conflict, and changes nothing', async () => {
    const { application, interview } = await startAssessment();
    // An assessment started under a type that Prelim has since replaced.
    const retired = randomUUID();
    await em().nativeUpdate(AshbyAssessment, { interview: interview.id }, { assessmentTypeId: retired });
    const before = await snapshot();

    const reply = await call('assessment.start', startBody(application));

    expect(reply).toEqual({
      status: 409,
      json: { message: `This application is already being assessed by Prelim with a different assessment type (assessment type ${retired}, which Prelim no longer offers). Cancel that assessment before starting another type.` },
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe('cancel', () => {
  test('before the candidate starts: the interview is cancelled, its link says so, and Ashby gets the cancelled_reason', async () => {
    const { assessmentId, interview, token } = await startAssessment();

    const reply = await call('assessment.cancel', { assessment_id: assessmentId });

    const assessment = await assessmentFor(interview.id);
    const cancelled = { assessment_id: assessmentId, timestamp: assessment.cancelledAt!.getTime(), cancelled_reason: CANCELLED('Cancelled in Ashby') };
    expect(reply).toEqual({ status: 200, json: { success: true, results: { assessment_id: assessmentId, update_request: cancelled } } });
    expect((await interviewFor(interview.ashbyApplicationId!)).status).toBe(InterviewStatus.CANCELLED);
    const page = await fetch(`${h.baseUrl}/api/interview-link/${token}`).then((r) => r.json());
    expect(page.status).toBe('cancelled');
    const tab = await CandidateClient.open(h.baseUrl, token);
    expect(await tab.emit('start')).toEqual({ error: { code: 'CONFLICT', message: 'This interview was cancelled by the hiring team.' } });
    tab.close();
    // Sent as an update as well, in case Ashby lost the reply.
    expect(await updatesArrive(assessmentId, 1)).toEqual([cancelled]);

    const again = await call('assessment.cancel', { assessment_id: assessmentId });
    expect(again).toEqual(reply);
    await new Promise((r) => setTimeout(r, 300));
    expect(updatesFor(assessmentId)).toEqual([cancelled]);
  });

  test('after the candidate starts: the answer in flight is refused, and Ashby hears Started, then the cancellation', async () => {
    const { assessmentId, interview, token } = await startAssessment();
    const tab = await CandidateClient.open(h.baseUrl, token);
    expect(await tab.emit('start')).toEqual({ ok: true });
    await tab.nextQuestion(0);
    await updatesArrive(assessmentId, 1);

    const reply = await call('assessment.cancel', { assessment_id: assessmentId });

    expect(reply.status).toBe(200);
    await tab.until(() => tab.statuses.includes('cancelled'), 'the cancelled status on the page');
    expect((await tab.answer(ANSWERS[0]!)).error).toEqual({ code: 'CONFLICT', message: 'This interview is not in progress, so the message was not saved. Reload the page to see where things stand.' });
    tab.close();
    const updates = await updatesArrive(assessmentId, 2);
    const assessment = await assessmentFor(interview.id);
    const startedAt = (await interviewFor(interview.ashbyApplicationId!)).startedAt!.getTime();
    expect(updates).toEqual([
      { assessment_id: assessmentId, timestamp: startedAt, assessment_status: STATUS('Started'), assessment_profile_url: profileUrl(interview.id) },
      { assessment_id: assessmentId, timestamp: assessment.cancelledAt!.getTime(), cancelled_reason: CANCELLED('Cancelled in Ashby') },
    ]);
    expect(reply.json.results.update_request).toEqual(updates[1]);
    expect(await em().count(Evaluation, { interview: interview.id })).toBe(0);
  });

  test("cancelled from Prelim's dashboard: Ashby gets the cancelled_reason, and its own cancel later answers the same", async () => {
    const { assessmentId, interview } = await startAssessment();

    const cancelled = await gql(h.baseUrl, 'mutation($id: ID!) { cancelInterview(id: $id) { status } }', { id: interview.id }, { cookie });

    expect(cancelled.data).toEqual({ cancelInterview: { status: 'CANCELLED' } });
    const assessment = await assessmentFor(interview.id);
    const update = { assessment_id: assessmentId, timestamp: assessment.cancelledAt!.getTime(), cancelled_reason: CANCELLED('Cancelled in Prelim by the hiring team') };
    expect(await updatesArrive(assessmentId, 1)).toEqual([update]);
    expect(await call('assessment.cancel', { assessment_id: assessmentId })).toEqual({ status: 200, json: { success: true, results: { assessment_id: assessmentId, update_request: update } } });
  });

  test('a link that expires before the candidate starts is reported to Ashby as cancelled, and cannot be started again', async () => {
    const { application, assessmentId, interview } = await startAssessment();
    const expiresAt = new Date();
    // The expiry check is queued for the link's date; bring both forward instead of waiting a week.
    await em().nativeUpdate(Interview, { id: interview.id }, { expiresAt });
    await em().getConnection().execute(`update task set run_at = now() where key like ?`, [`assessment:${interview.id}:expiry:%`]);

    expect(await updatesArrive(assessmentId, 1)).toEqual([
      { assessment_id: assessmentId, timestamp: expiresAt.getTime(), cancelled_reason: CANCELLED('The interview link expired before the candidate started') },
    ]);
    expect(await call('assessment.start', startBody(application))).toEqual({
      status: 422,
      json: { message: "The candidate's interview link for this application expired before they started. A recruiter can send the invitation again from the interview's page in Prelim." },
    });
  });
});

describe('refused calls change nothing', () => {
  let fresh: Application;
  let started: { assessmentId: string };

  beforeAll(async () => {
    fresh = newApplication();
    started = await startAssessment();
  });

  test.each<[string, number, () => { endpoint: Endpoint; body: object | string; key?: string | null; auth?: 'basic' | 'bearer' }, string]>([
    ['a start without a key', 401, () => ({ endpoint: 'assessment.start', body: startBody(fresh), key: null }), NO_CREDENTIALS],
    ['a start with a wrong key as Basic auth', 401, () => ({ endpoint: 'assessment.start', body: startBody(fresh), key: 'not-the-partner-key' }), UNKNOWN_KEY],
    ['a start with a wrong key as a Bearer token', 401, () => ({ endpoint: 'assessment.start', body: startBody(fresh), key: 'not-the-partner-key', auth: 'bearer' }), UNKNOWN_KEY],
    ['a start with an empty Basic user name', 401, () => ({ endpoint: 'assessment.start', body: startBody(fresh), key: '' }), NO_CREDENTIALS],
    ['a list with a wrong key', 401, () => ({ endpoint: 'assessment.list', body: {}, key: 'not-the-partner-key' }), UNKNOWN_KEY],
    ['bad JSON without a key (the key is checked first)', 401, () => ({ endpoint: 'assessment.start', body: '{"assessment_type_id":', key: null }), NO_CREDENTIALS],
    ['bad JSON', 400, () => ({ endpoint: 'assessment.start', body: '{"assessment_type_id":' }), 'The body is not valid JSON.'],
    ['a body that is not an object', 400, () => ({ endpoint: 'assessment.start', body: '[]' }), 'The body is not a valid assessment.start request: body: Invalid input: expected object, received array.'],
    [
      'a start without its fields',
      400,
      () => ({ endpoint: 'assessment.start', body: { assessment_type_id: TYPE_ID, candidate: { first_name: 'Avery' } } }),
      'The body is not a valid assessment.start request: candidate.ashby_id: Invalid input: expected string, received undefined; application: Invalid input: expected object, received undefined.',
    ],
    ['a cancel whose id is not a UUID', 400, () => ({ endpoint: 'assessment.cancel', body: { assessment_id: 'itv_7Q2mX9' } }), 'The body is not a valid assessment.cancel request: assessment_id: Invalid GUID.'],
    ['a cancel of an unknown assessment', 404, () => ({ endpoint: 'assessment.cancel', body: { assessment_id: '0b7e1c7e-1111-4222-8333-944455556666' } }), 'Prelim has no assessment 0b7e1c7e-1111-4222-8333-944455556666 for this organisation.'],
    ['a cancel without a key', 401, () => ({ endpoint: 'assessment.cancel', body: { assessment_id: started.assessmentId }, key: null }), NO_CREDENTIALS],
  ])('%s: %i', async (_what, status, request, message) => {
    const { endpoint, body, ...auth } = request();
    const before = await snapshot();

    const reply = await call(endpoint, body, auth);

    expect(reply).toEqual({ status, json: { message } });
    expect(await snapshot()).toEqual(before);
  });

  test('a candidate without an email address: 422 with the message Ashby shows, and nothing is created', async () => {
    const application = newApplication(null);
    const before = await snapshot();

    const reply = await call('assessment.start', startBody(application));

    expect(reply).toEqual({ status: 422, json: { message: 'This candidate has no email address, so the interview link cannot be sent. Add an email address in Ashby and start the assessment again.' } });
    expect(await snapshot()).toEqual(before);
  });

  test('an assessment type Prelim does not offer: 422 naming the ones it does, and nothing is created', async () => {
    const before = await snapshot();

    const reply = await call('assessment.start', startBody(fresh, 'd07a5c13-8e6f-4b29-9a41-2c5e7f0b1d86'));

    expect(reply).toEqual({
      status: 422,
      json: { message: `Prelim does not offer the assessment type d07a5c13-8e6f-4b29-9a41-2c5e7f0b1d86. Choose one Prelim offers (Prelim screening interview: ${TYPE_ID}) in the interview plan.` },
    });
    expect(await snapshot()).toEqual(before);
  });

  test("another organisation's key cannot cancel this organisation's assessment", async () => {
    await createOrg(h, 'Northwind Hiring', 'owner@northwind.example.com');
    const otherCookie = await signIn(h.baseUrl, 'owner@northwind.example.com');
    await connectAshby(h, otherCookie);
    const other = await partnerOf(otherCookie);
    expect(other.baseUrl).toBe(partner.baseUrl);
    expect(other.key).not.toBe(partner.key);
    const before = await snapshot();

    const reply = await call('assessment.cancel', { assessment_id: started.assessmentId }, { key: other.key });

    expect(reply).toEqual({ status: 404, json: { message: `Prelim has no assessment ${started.assessmentId} for this organisation.` } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('when Ashby refuses an update', () => {
  test('a failed result is recorded on its pushback and sent again by the queue', async () => {
    const { assessmentId, interview, token } = await startAssessment();

    await takeInterview(token, {
      afterStart: async () => {
        await updatesArrive(assessmentId, 1);
        // Three in a row, so that the client's own two quick retries fail as well.
        h.ashby.failNext('assessment.update', { kind: 'server_error' }, 3);
      },
    });

    const resultPushback = (status: string) => async () => (await pushbacksOf(interview.id)).find((p) => p.kind === 'ASSESSMENT_RESULT' && p.status === status);
    expect(await eventually(resultPushback('FAILED'), 'the failed result', 20_000, 25)).toEqual({ kind: 'ASSESSMENT_RESULT', status: 'FAILED', attempts: 1, lastError: 'Ashby answered assessment.update with HTTP 500.', ashbyRef: null });
    expect(await eventually(resultPushback('POSTED'), 'the result posted', 20_000)).toEqual({ kind: 'ASSESSMENT_RESULT', status: 'POSTED', attempts: 2, lastError: null, ashbyRef: assessmentId });
    expect(updatesFor(assessmentId).map((u) => u.assessment_status.value)).toEqual(['Started', 'Completed']);
    const calls = h.ashby.calls.filter((c) => c.endpoint === 'assessment.update' && (c.body as { assessment_id?: string }).assessment_id === assessmentId);
    expect(calls.map((c) => c.status)).toEqual([200, 500, 500, 500, 200]);
  });

  test('a Started that Ashby refused for good is answered by the result, which carries the status too', async () => {
    const { assessmentId, interview, token } = await startAssessment();
    h.ashby.failNext('assessment.update', { kind: 'success_false', code: 'missing_endpoint_permission', message: 'The API key does not have the candidatesWrite permission required for this endpoint' });

    await takeInterview(token, {
      afterStart: async () => {
        const failed = await eventually(async () => (await pushbacksOf(interview.id)).find((p) => p.kind === 'ASSESSMENT_STATUS' && p.status === 'FAILED'), 'the failed Started');
        expect(failed).toMatchObject({ attempts: 1, lastError: 'The Ashby API key lacks the permission assessment.update needs (candidatesWrite).' });
      },
    });

    expect((await updatesArrive(assessmentId, 1)).map((u) => u.assessment_status.value)).toEqual(['Completed']);
    expect(await eventually(async () => {
      const pushbacks = (await pushbacksOf(interview.id)).filter((p) => p.kind !== 'ASHBY_NOTE');
      return pushbacks.every((p) => p.status === 'POSTED') ? pushbacks : null;
    }, 'the assessment pushbacks posted')).toEqual([
      { kind: 'ASSESSMENT_RESULT', status: 'POSTED', attempts: 1, lastError: null, ashbyRef: assessmentId },
      { kind: 'ASSESSMENT_STATUS', status: 'POSTED', attempts: 1, lastError: null, ashbyRef: assessmentId },
    ]);
  });

  test('a cancellation Ashby refuses for good waits on its pushback until retryPushback sends it', async () => {
    const { assessmentId, interview } = await startAssessment();
    h.ashby.failNext('assessment.update', { kind: 'success_false', code: 'missing_endpoint_permission', message: 'The API key does not have the candidatesWrite permission required for this endpoint' });

    await gql(h.baseUrl, 'mutation($id: ID!) { cancelInterview(id: $id) { status } }', { id: interview.id }, { cookie });

    const statusPushback = (status: string) => async () => (await pushbacksOf(interview.id)).find((p) => p.kind === 'ASSESSMENT_STATUS' && p.status === status);
    expect(await eventually(statusPushback('FAILED'), 'the failed cancellation')).toEqual({
      kind: 'ASSESSMENT_STATUS',
      status: 'FAILED',
      attempts: 1,
      lastError: 'The Ashby API key lacks the permission assessment.update needs (candidatesWrite).',
      ashbyRef: assessmentId,
    });
    expect(updatesFor(assessmentId)).toEqual([]);

    const pushback = await em().findOneOrFail(Pushback, { interview: interview.id, kind: PushbackKind.ASSESSMENT_STATUS });
    const retried = await gql(h.baseUrl, 'mutation($id: ID!) { retryPushback(id: $id) { id status } }', { id: pushback.id }, { cookie });

    expect(retried.data).toEqual({ retryPushback: { id: pushback.id, status: 'PENDING' } });
    const assessment = await assessmentFor(interview.id);
    expect(await updatesArrive(assessmentId, 1)).toEqual([
      { assessment_id: assessmentId, timestamp: assessment.cancelledAt!.getTime(), cancelled_reason: CANCELLED('Cancelled in Prelim by the hiring team') },
    ]);
    expect(await eventually(statusPushback('POSTED'), 'the cancellation posted')).toEqual({ kind: 'ASSESSMENT_STATUS', status: 'POSTED', attempts: 2, lastError: null, ashbyRef: assessmentId });
  });
});

describe('the partner key', () => {
  const KEY = /^[A-Za-z0-9_-]{43}$/;
  let recruiterCookie: string;

  beforeAll(async () => {
    const fork = em();
    const owner = await fork.findOneOrFail(Membership, { user: { email: 'owner@brightlane.example.com' } });
    const user = fork.create(User, { email: 'recruiter@brightlane.example.com', name: 'Rae Recruiter', passwordHash: await hashPassword(TEST_PASSWORD) });
    fork.create(Membership, { org: owner.org, user, role: Role.RECRUITER });
    await fork.flush();
    recruiterCookie = await signIn(h.baseUrl, 'recruiter@brightlane.example.com');
  });

  test('is shown to owners and admins only, and stored encrypted with a hash for the lookup', async () => {
    const reply = await gql(h.baseUrl, 'query { ashbyIntegration { assessmentBaseUrl assessmentApiKey } }', {}, { cookie: recruiterCookie });

    expect(reply.data).toEqual({ ashbyIntegration: { assessmentBaseUrl: `${h.baseUrl}/ashby/assessment`, assessmentApiKey: null } });
    expect(partner.key).toMatch(KEY);
    const [row] = await em().getConnection().execute<{ assessment_key_sealed: string; assessment_key_hash: string }[]>(
      `select assessment_key_sealed, assessment_key_hash from ashby_integration i join membership m on m.org_id = i.org_id join app_user u on u.id = m.user_id where u.email = 'recruiter@brightlane.example.com'`,
    );
    expect(row!.assessment_key_sealed).not.toContain(partner.key);
    expect(h.app.services.secrets.decrypt(row!.assessment_key_sealed)).toBe(partner.key);
    expect(row!.assessment_key_hash).toBe(createHash('sha256').update(partner.key).digest('hex'));
  });

  test('regenerating replaces it at once; a disconnect ends it; connecting again issues a new one', async () => {
    const old = partner.key;
    const forbidden = await gql(h.baseUrl, 'mutation { regenerateAssessmentKey { id } }', {}, { cookie: recruiterCookie });
    expect(forbidden.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FORBIDDEN', 'Only owners and admins can change integrations and settings.']]);
    expect((await partnerOf(cookie)).key).toBe(old);

    const regenerated = await gql(h.baseUrl, 'mutation { regenerateAssessmentKey { assessmentApiKey } }', {}, { cookie });
    partner.key = regenerated.data!.regenerateAssessmentKey.assessmentApiKey;
    expect(partner.key).toMatch(KEY);
    expect(partner.key).not.toBe(old);
    expect(await call('assessment.list', {}, { key: old })).toEqual({ status: 401, json: { message: UNKNOWN_KEY } });
    expect((await call('assessment.list', {})).status).toBe(200);

    const disconnected = await gql(h.baseUrl, 'mutation { disconnectAshby { assessmentApiKey } }', {}, { cookie });
    expect(disconnected.data).toEqual({ disconnectAshby: { assessmentApiKey: null } });
    expect(await call('assessment.list', {})).toEqual({ status: 401, json: { message: UNKNOWN_KEY } });

    const reconnected = await connectAshby(h, cookie);
    expect(reconnected.webhookUrl).toBe(webhook.webhookUrl);
    const renewed = await partnerOf(cookie);
    expect(renewed.key).toMatch(KEY);
    expect(renewed.key).not.toBe(partner.key);
    expect(await call('assessment.list', {}, { key: partner.key })).toEqual({ status: 401, json: { message: UNKNOWN_KEY } });
    expect((await call('assessment.list', {}, { key: renewed.key })).status).toBe(200);
  });
});
