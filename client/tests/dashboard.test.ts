import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_API_KEY } from '../../scripts/fake-ashby/fake-ashby.js';
import { Pushback } from '../../server/src/ashby/pushback.entity.js';
import { compareStage } from '../../server/src/ashby/webhook.routes.js';
import { connectAshby, eventually, gql, inviteCandidate, linkIn, startHarness, TRIGGER_STAGE, type Harness } from '../../server/src/test/harness.js';
import { launchBrowser, type Browser } from './browser.js';
import { answerEveryQuestion, GOOD_ANSWERS, isClosing, MAX_TURNS, PASSWORD, signUpAt, textWhen, useSession } from './dashboard-helpers.js';

const FIXTURE_JOB = 'Senior Backend Engineer (TypeScript)';
const RECOMMENDATION_LABELS: Record<string, string> = { STRONG_YES: 'Strong yes', YES: 'Yes', NO: 'No', STRONG_NO: 'Strong no' };

let h: Harness;
let recruiter: Browser;
let other: Browser;

beforeAll(async () => {
  h = await startHarness({ label: 'browser_dashboard', serveClient: true });
  [recruiter, other] = await Promise.all([launchBrowser(), launchBrowser()]);
});
afterAll(async () => {
  await Promise.allSettled([recruiter?.close(), other?.close()]);
  await h?.close();
});

test('a new team signs up, connects Ashby, picks the trigger stage, and watches a candidate arrive and finish without reloading', async () => {
  const page = await recruiter.context.newPage();

  // Sign up: the organisation and its owner, signed in at once.
  await page.goto(`${h.baseUrl}/signup`);
  await page.getByLabel('Organisation name').fill('Northwind Talent');
  await page.getByLabel('Your name').fill('Morgan Lee');
  await page.getByLabel('Work email').fill('morgan@northwind.example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.waitForURL(`${h.baseUrl}/settings/integrations/ashby`);
  expect(await page.getByTestId('org-name').innerText()).toBe('Northwind Talent');

  // A wrong key is refused with Ashby's reason; the right one connects.
  await page.getByLabel('Ashby API key').fill('not-a-real-key');
  await page.getByTestId('ashby-connect').click();
  expect(await textWhen(page.getByTestId('ashby-key-error'), Boolean, 'the wrong-key message')).toBe(
    'Ashby rejected this API key. Check that you copied the whole key and that it is still active in Ashby (Admin → API Keys).',
  );
  expect(await page.getByTestId('ashby-step-webhook').count()).toBe(0);
  await page.getByLabel('Ashby API key').fill(DEFAULT_API_KEY);
  await page.getByTestId('ashby-connect').click();
  await page.getByTestId('ashby-step-webhook').waitFor();
  expect(await page.getByTestId('ashby-status').getAttribute('data-status')).toBe('CONNECTED');

  const webhookUrl = await page.getByTestId('ashby-webhook-url').inputValue();
  const secret = await page.getByTestId('ashby-signing-secret').inputValue();
  expect(webhookUrl).toMatch(new RegExp(`^${h.baseUrl}/webhooks/ashby/[A-Za-z0-9_-]+$`));
  expect(secret.length).toBeGreaterThanOrEqual(32);

  // Ashby's ping shows up on the page by itself.
  expect(await page.getByTestId('ashby-ping').getAttribute('data-received')).toBe('false');
  expect((await h.ashby.sendPing({ url: webhookUrl, secret })).status).toBe(200);
  await page.locator('[data-testid="ashby-ping"][data-received="true"]').waitFor({ timeout: 15_000 });

  // The trigger stage comes from Ashby's own stage names.
  const select = page.getByTestId('trigger-stage-select');
  await select.waitFor();
  expect(await select.locator('option').allInnerTexts()).toEqual(expect.arrayContaining([TRIGGER_STAGE, 'Technical Interview', 'Application Review']));
  await select.selectOption(TRIGGER_STAGE);
  await page.getByTestId('trigger-stage-save').click();
  await page.getByTestId('trigger-stage-saved').waitFor();
  expect(await page.getByTestId('trigger-stage-current').innerText()).toBe(`Current trigger stage: ${TRIGGER_STAGE}`);

  // The candidate list is open and live before anything happens in Ashby.
  await page.getByTestId('nav-candidates').click();
  await page.getByTestId('candidates-empty').waitFor();
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
  await markDocument(page);

  const { applicationId, candidateId } = h.ashby.addCandidateApplication({ candidateName: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
  const delivery = await h.ashby.deliverStageChange({ url: webhookUrl, secret, applicationId, stageTitle: TRIGGER_STAGE });
  expect(delivery.attempts.map((a) => a.status)).toEqual([200, 200]);

  const row = page.getByTestId('candidate-row').filter({ hasText: 'Ada Lovelace' });
  await row.waitFor({ timeout: 20_000 });
  expect(await row.getByTestId('candidate-job').innerText()).toBe(FIXTURE_JOB);
  expect(await row.getByTestId('candidate-status').getAttribute('data-status')).toBe('INVITED');
  expect(await page.getByTestId('candidate-count').innerText()).toBe('Showing 1 of 1 candidate');
  const interviewId = (await row.getAttribute('data-interview-id'))!;

  // The interview page, open in a second tab, follows along too.
  const report = await recruiter.context.newPage();
  await report.goto(`${h.baseUrl}/interviews/${interviewId}`);
  expect(await report.getByTestId('report-candidate-name').innerText()).toBe('Ada Lovelace');
  expect(await report.getByTestId('report-status').getAttribute('data-status')).toBe('INVITED');
  expect(await report.getByTestId('report-profile-link').getAttribute('href')).toContain(candidateId);
  await markDocument(report);

  // The candidate takes the interview in their own browser.
  const link = linkIn(await h.mail.waitFor((m) => m.to.includes('ada.lovelace@example.com'), 20_000));
  const candidate = await other.context.newPage();
  await candidate.goto(link);
  await candidate.getByTestId('consent-checkbox').check();
  await candidate.getByTestId('start-interview').click();
  await textWhen(row.getByTestId('candidate-status'), (t) => t === 'In progress', 'the row to show the interview under way');

  await answerInBrowser(candidate);
  await candidate.getByTestId('interview-finished').waitFor({ timeout: 20_000 });

  // Scores arrive in the open list and on the open report, with no reload.
  await textWhen(row.getByTestId('candidate-status'), (t) => t === 'Scored', 'the row to show the score', 30_000);
  const evaluation = await evaluationOf(interviewId, await sessionCookie());
  expect(await row.getByTestId('candidate-score').innerText()).toBe(`${evaluation.overallScore.toFixed(1)} / 5`);
  expect(await row.getByTestId('candidate-recommendation').innerText()).toBe(RECOMMENDATION_LABELS[evaluation.recommendation]);

  await textWhen(report.getByTestId('report-status'), (t) => t === 'Scored', 'the report to show the score', 30_000);
  const questionCount = Number(/Question 1 of (\d+)/.exec(await candidate.locator('[data-testid="message"][data-role="interviewer"]').first().innerText())![1]);
  expect(await report.getByTestId('report-overall-score').innerText()).toBe(`${evaluation.overallScore.toFixed(1)} / 5`);
  expect(await report.getByTestId('answer-score').count()).toBe(questionCount);
  await textWhen(report.getByTestId('pushback-status'), (t) => t === 'Posted to Ashby', 'the note to be reported as posted', 30_000);
  expect(await isSameDocument(page)).toBe(true);
  expect(await isSameDocument(report)).toBe(true);

  const note = h.ashby.notes.find((n) => n.candidateId === candidateId);
  expect(note?.content).toContain(`${h.baseUrl}/interviews/${interviewId}`);
  expect(note?.content).toContain(evaluation.overallScore.toFixed(1));

  await Promise.all([page.close(), report.close(), candidate.close()]);
});

test('a stage that differs from the trigger stage only in capitals is logged as ignored, in plain words', async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Fabrikam Hiring', name: 'Riley Chen', email: 'riley@fabrikam.example.com' });
  const { webhookUrl, signingSecret } = await connectAshby(h, cookie);
  await useSession(recruiter.context, h.baseUrl, cookie);
  const page = await recruiter.context.newPage();
  await page.goto(`${h.baseUrl}/settings/integrations/ashby`);

  // Typing a name by hand that is not quite Ashby's: the page warns before saving.
  await page.getByTestId('trigger-stage-select').selectOption({ label: 'Another name (type it exactly)…' });
  await page.getByLabel('Stage name, exactly as in Ashby').fill('AI screening interview');
  expect(await page.getByTestId('trigger-stage-similar').innerText()).toBe(
    `Ashby has a stage named ${TRIGGER_STAGE}, which differs only in capitals, spaces or invisible characters, so it would not match.`,
  );
  await page.getByTestId('trigger-stage-save').click();
  await page.getByTestId('trigger-stage-saved').waitFor();

  const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Alan Turing', email: 'alan.turing@example.com' });
  const delivery = await h.ashby.deliverStageChange({ url: webhookUrl, secret: signingSecret, applicationId, stageTitle: TRIGGER_STAGE });
  expect(delivery.attempts.map((a) => a.status)).toEqual([200, 200]);

  await page.getByTestId('ashby-refresh').click();
  const ignored = page.locator('[data-testid="delivery"][data-outcome="IGNORED_STAGE"]');
  await ignored.waitFor({ timeout: 15_000 });
  expect(await ignored.getByTestId('delivery-action').innerText()).toBe('Candidate stage change');
  expect(await ignored.getByTestId('delivery-stage').innerText()).toBe(TRIGGER_STAGE);
  expect(await ignored.getByTestId('delivery-outcome').innerText()).toBe('Ignored: other stage');
  // The server's reason, word for word, and it names both stages.
  const reason = await ignored.getByTestId('delivery-reason').innerText();
  expect(reason).toBe(compareStage(TRIGGER_STAGE, 'AI screening interview'));
  expect(reason).toContain(`Ignored: stage '${TRIGGER_STAGE}' is not the trigger stage 'AI screening interview'.`);

  await page.getByTestId('nav-candidates').click();
  await page.getByTestId('candidates-empty').waitFor();
  await page.close();
});

test('a note Ashby refused is listed with its reason, retried from the page, and then posted', async () => {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Contoso People', name: 'Sam Park', email: 'sam@contoso.example.com' });
  const webhook = await connectAshby(h, cookie);
  const invited = await inviteCandidate(h, webhook, 'Grace Hopper');
  h.ashby.failNext('candidate.createNote', { kind: 'success_false', code: 'missing_endpoint_permission' });
  await answerEveryQuestion(h.baseUrl, invited.token, GOOD_ANSWERS);
  const failed = await eventually(async () => {
    const pushback = await h.app.services.orm.em.fork().findOne(Pushback, { interview: invited.interviewId });
    return pushback?.status === 'failed' ? pushback : undefined;
  }, 'the failed pushback');

  await useSession(recruiter.context, h.baseUrl, cookie);
  const page = await recruiter.context.newPage();
  await page.goto(`${h.baseUrl}/settings/integrations/ashby`);
  const item = page.getByTestId('failed-pushback').filter({ hasText: 'Grace Hopper' });
  await item.waitFor();
  expect(await item.getByTestId('failed-pushback-reason').innerText()).toBe(failed.lastError);
  expect(failed.lastError).toContain('lacks the permission candidate.createNote needs');
  expect(h.ashby.notes.filter((n) => n.candidateId === invited.candidateId)).toHaveLength(0);

  await item.getByTestId('retry-pushback').click();
  await page.getByTestId('failed-pushbacks-empty').waitFor();
  const note = await eventually(() => h.ashby.notes.find((n) => n.candidateId === invited.candidateId), 'the note in the fake Ashby');
  expect(note.content).toContain(`/interviews/${invited.interviewId}`);

  await page.goto(`${h.baseUrl}/interviews/${invited.interviewId}`);
  expect(await textWhen(page.getByTestId('pushback-status'), (t) => t === 'Posted to Ashby', 'the posted note')).toBe('Posted to Ashby');
  await page.close();
});

test('a member of another organisation sees none of it, not even live', async () => {
  // Organisation A, with a candidate and its job.
  const cookieA = await signUpAt(h.baseUrl, { orgName: 'Tailspin Recruiting', name: 'Avery Stone', email: 'avery@tailspin.example.com' });
  const webhook = await connectAshby(h, cookieA);
  const invited = await inviteCandidate(h, webhook, 'Katherine Johnson');
  const jobId = (await gql(h.baseUrl, '{ jobs { id } }', {}, { cookie: cookieA })).data!.jobs[0].id as string;

  // Organisation B signs in through the login page, sent there from a dashboard address.
  await signUpAt(h.baseUrl, { orgName: 'Wingtip Staffing', name: 'Jordan Blake', email: 'jordan@wingtip.example.com' });
  const page = await other.context.newPage();
  await page.goto(`${h.baseUrl}/candidates`);
  await page.waitForURL(`${h.baseUrl}/login?next=%2Fcandidates`);
  await page.getByLabel('Email').fill('jordan@wingtip.example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${h.baseUrl}/candidates`);
  expect(await page.getByTestId('org-name').innerText()).toBe('Wingtip Staffing');
  await page.goto(`${h.baseUrl}/`);
  await page.waitForURL(`${h.baseUrl}/candidates`);
  await page.getByTestId('candidates-empty').waitFor();
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();

  // A's list, open at the same time, gets A's next candidate; B's stays empty.
  await useSession(recruiter.context, h.baseUrl, cookieA);
  const pageA = await recruiter.context.newPage();
  await pageA.goto(`${h.baseUrl}/candidates`);
  await pageA.getByTestId('candidate-row').first().waitFor();
  await pageA.locator('[data-testid="live-status"][data-status="live"]').waitFor();
  await inviteCandidate(h, webhook, 'Dorothy Vaughan');
  await pageA.getByTestId('candidate-row').filter({ hasText: 'Dorothy Vaughan' }).waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('candidate-row').count()).toBe(0);
  expect(await page.getByTestId('candidates-empty').count()).toBe(1);

  // A's filters narrow the list, and the address keeps them.
  await pageA.getByLabel('Search').fill('doroth');
  await eventually(async () => (await pageA.getByTestId('candidate-name').allInnerTexts()).join() === 'Dorothy Vaughan', 'the search result');
  expect(new URL(pageA.url()).search).toBe('?q=doroth');
  await pageA.getByLabel('Status').selectOption('SCORED');
  await pageA.getByTestId('candidates-empty-filtered').waitFor();
  await pageA.getByTestId('candidates-empty-filtered').getByRole('button', { name: 'Clear filters' }).click();
  await eventually(async () => (await pageA.getByTestId('candidate-row').count()) === 2, 'both candidates again');
  expect(new URL(pageA.url()).search).toBe('');

  await page.goto(`${h.baseUrl}/interviews/${invited.interviewId}`);
  await page.getByTestId('report-missing').waitFor();
  await page.goto(`${h.baseUrl}/jobs`);
  await page.getByTestId('jobs-empty').waitFor();
  await page.goto(`${h.baseUrl}/jobs/${jobId}`);
  await page.getByTestId('job-missing').waitFor();
  await page.goto(`${h.baseUrl}/settings/integrations/ashby`);
  await page.getByTestId('ashby-key-form').waitFor();
  expect(await page.getByTestId('ashby-troubleshooting').count()).toBe(0);
  await page.goto(`${h.baseUrl}/settings/team`);
  await page.getByTestId('member-table').waitFor();
  expect(await page.getByTestId('member-name').allInnerTexts()).toEqual(['Jordan Blake']);

  // Signing out from the user menu ends the session.
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('sign-out').click();
  await page.waitForURL(`${h.baseUrl}/login`);
  await page.goto(`${h.baseUrl}/settings/team`);
  await page.waitForURL(`${h.baseUrl}/login?next=%2Fsettings%2Fteam`);

  await Promise.all([page.close(), pageA.close()]);
});

/** Answers every interviewer turn, questions and follow-ups, until the page says the interview is finished. */
async function answerInBrowser(candidate: Page): Promise<void> {
  const interviewer = candidate.locator('[data-testid="message"][data-role="interviewer"]');
  const answers = candidate.locator('[data-testid="message"][data-role="candidate"]');
  const finished = candidate.getByTestId('interview-finished');
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    await eventually(async () => (await finished.count()) > 0 || (await interviewer.count()) > turn, `interviewer turn ${turn + 1}`, 20_000);
    if ((await finished.count()) > 0 || isClosing(await interviewer.last().innerText())) return;
    await candidate.getByTestId('answer-input').fill(GOOD_ANSWERS[turn % GOOD_ANSWERS.length]!);
    await candidate.getByTestId('answer-input').press('Enter');
    await eventually(async () => (await answers.count()) === turn + 1, `answer ${turn + 1} stored`);
  }
  throw new Error(`the interview did not finish within ${MAX_TURNS} answers`);
}

/** Marks the page's document, so a later check can tell that it was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

async function sessionCookie(): Promise<string> {
  const session = (await recruiter.context.cookies(h.baseUrl)).find((c) => c.name === 'prelim_session');
  if (!session) throw new Error('the browser has no session cookie');
  return `${session.name}=${session.value}`;
}

async function evaluationOf(interviewId: string, cookie: string): Promise<{ overallScore: number; recommendation: string }> {
  const reply = await gql(h.baseUrl, 'query($id: ID!) { interview(id: $id) { evaluation { overallScore recommendation } } }', { id: interviewId }, { cookie });
  const evaluation = reply.data?.interview?.evaluation;
  if (!evaluation) throw new Error(`no evaluation: ${JSON.stringify(reply.errors ?? reply.data)}`);
  return evaluation;
}
