// npm run screenshots [-- <folder>]: PNG screenshots of each main page of the dashboard, at a
// desktop (1280 px) and a phone (375 px) width, for review. Starts the same stack the browser
// tests use (its own Postgres database on TEST_DATABASE_URL, the fake Ashby, a mail capture, the
// built client), fills it with sample data through the product's own doors, and drives Debian's
// Chromium. Writes <folder>/<page>-<width>.png (default folder: .screenshots/).
import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../client/tests/browser.js';
import { answerEveryQuestion, GOOD_ANSWERS, signUpAt, useSession } from '../client/tests/dashboard-helpers.js';
import { CandidateClient, connectAshby, eventually, gql, linkIn, startHarness, tokenOf, TRIGGER_STAGE, type Harness } from '../server/src/test/harness.js';

const CLIENT_HANDLER = fileURLToPath(new URL('../client/build/handler.js', import.meta.url));
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 812 },
] as const;

const WEAK_ANSWERS = ['I am not sure.', 'I have not done that.', 'Maybe.', 'No.'];

interface Sample {
  cookie: string;
  scoredInterviewId: string;
  jobId: string;
  undescribedJobId: string;
  joinLink: string;
}

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? '.screenshots');
  if (!existsSync(CLIENT_HANDLER)) throw new Error('The client is not built: run `npm run build -w client` first.');
  mkdirSync(folder, { recursive: true });

  say('Starting Prelim with the fake Ashby');
  const h = await startHarness({ label: 'screenshots', serveClient: true });
  let browser: Browser | null = null;
  try {
    say('Adding sample data');
    const sample = await addSampleData(h);
    browser = await launchBrowser();
    const page = await browser.context.newPage();

    await shootPublicPages(page, h, sample, folder);
    await useSession(browser.context, h.baseUrl, sample.cookie);
    const shots: [string, string, string][] = [
      ['candidates', '/candidates', 'candidate-table'],
      ['interview', `/interviews/${sample.scoredInterviewId}`, 'report-summary'],
      ['jobs', '/jobs', 'job-table'],
      ['job', `/jobs/${sample.jobId}`, 'question-list'],
      ['job-no-description', `/jobs/${sample.undescribedJobId}`, 'job-description-form'],
      ['settings-ashby', '/settings/integrations/ashby', 'delivery-log'],
      ['settings-team', '/settings/team', 'invitation-table'],
    ];
    for (const [name, path, ready] of shots) await shoot(page, { baseUrl: h.baseUrl, name, path, ready, folder });

    // What a new organisation sees first.
    const fresh = await signUpAt(h.baseUrl, { orgName: 'Fresh Start Ltd', name: 'Robin Ahmed', email: 'robin@fresh.example.com' });
    await useSession(browser.context, h.baseUrl, fresh);
    await shoot(page, { baseUrl: h.baseUrl, name: 'candidates-empty', path: '/candidates', ready: 'candidates-empty', folder });
    await shoot(page, { baseUrl: h.baseUrl, name: 'settings-ashby-new', path: '/settings/integrations/ashby', ready: 'ashby-key-form', folder });
    say(`Screenshots written to ${folder}`);
  } finally {
    await browser?.close();
    await h.close();
  }
}

async function shootPublicPages(page: Page, h: Harness, sample: Sample, folder: string): Promise<void> {
  const shots: [string, string, string][] = [
    ['landing', '/', 'sign-in-link'],
    ['login', '/login', 'login-form'],
    ['signup', '/signup', 'signup-form'],
    ['join', new URL(sample.joinLink).pathname, 'join-form'],
  ];
  for (const [name, path, ready] of shots) await shoot(page, { baseUrl: h.baseUrl, name, path, ready, folder });
}

async function shoot(page: Page, shot: { baseUrl: string; name: string; path: string; ready: string; folder: string }): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`${shot.baseUrl}${shot.path}`);
    await page.getByTestId(shot.ready).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    const file = resolve(shot.folder, `${shot.name}-${size.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    print(`  ${file}`);
  }
}

/** One organisation with candidates in every state, three jobs, a teammate and an invitation. */
async function addSampleData(h: Harness): Promise<Sample> {
  const cookie = await signUpAt(h.baseUrl, { orgName: 'Brightlane Labs', name: 'Dana Whitfield', email: 'dana@brightlane.example.com' });
  const webhook = await connectAshby(h, cookie);
  await h.ashby.sendPing({ url: webhook.webhookUrl, secret: webhook.signingSecret });

  const designer = h.ashby.addJob({
    title: 'Product Designer',
    descriptionPlain: 'You will shape our dashboard.\n\n- Run usability studies with recruiters\n- Design accessible, responsive interfaces\n- Work closely with engineers on a design system',
  }).jobId;
  const success = h.ashby.addJob({ title: 'Customer Success Lead', descriptionPlain: null }).jobId;

  const invite = (name: string, jobId?: string) => inviteInto(h, webhook, { name, jobId });
  const amara = await invite('Amara Osei');
  await answerEveryQuestion(h.baseUrl, amara.token, GOOD_ANSWERS);
  const lucas = await invite('Lucas Moreau');
  await answerEveryQuestion(h.baseUrl, lucas.token, WEAK_ANSWERS);
  const ines = await invite('Inès Laurent', designer);
  h.ashby.failNext('candidate.createNote', { kind: 'success_false', code: 'missing_endpoint_permission' });
  await answerEveryQuestion(h.baseUrl, ines.token, GOOD_ANSWERS);
  const mei = await invite('Mei Tanaka');
  await startAndAnswerOne(h.baseUrl, mei.token);
  const sofia = await invite('Sofia Alvarez', designer);
  await gql(h.baseUrl, 'mutation($id: ID!) { cancelInterview(id: $id) { id } }', { id: sofia.interviewId }, { cookie });
  await invite('Jonas Berg');
  await invite('Oluwaseun Adeyemi', success);

  // A stage change into another stage, for the troubleshooting log.
  const { applicationId } = h.ashby.addCandidateApplication({ candidateName: 'Noah Fischer', email: 'noah.fischer@example.com' });
  await h.ashby.deliverStageChange({ url: webhook.webhookUrl, secret: webhook.signingSecret, applicationId, stageTitle: 'Technical Interview' });

  await eventually(async () => {
    const reply = await gql(h.baseUrl, '{ interviews(filter: { status: SCORED }) { totalCount } }', {}, { cookie });
    return reply.data?.interviews.totalCount >= 3;
  }, 'three scored interviews', 30_000);

  await addTeammate(h, cookie, { email: 'lee@brightlane.example.com', name: 'Lee Moreno', role: 'RECRUITER' });
  const joinLink = await inviteMember(h, cookie, { email: 'kai@brightlane.example.com', role: 'VIEWER' });
  await inviteMember(h, cookie, { email: 'rowan@brightlane.example.com', role: 'ADMIN' });

  const jobs = (await gql(h.baseUrl, '{ jobs { id title } }', {}, { cookie })).data!.jobs as { id: string; title: string }[];
  const jobId = jobs.find((j) => j.title !== 'Product Designer' && j.title !== 'Customer Success Lead')!.id;
  const undescribedJobId = jobs.find((j) => j.title === 'Customer Success Lead')!.id;
  return { cookie, scoredInterviewId: amara.interviewId, jobId, undescribedJobId, joinLink };
}

async function inviteInto(h: Harness, webhook: { webhookUrl: string; signingSecret: string }, input: { name: string; jobId?: string }): Promise<{ interviewId: string; token: string }> {
  const email = `${input.name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ /g, '.')}@example.com`;
  const { applicationId } = h.ashby.addCandidateApplication({ candidateName: input.name, email, jobId: input.jobId });
  await h.ashby.deliverStageChange({ url: webhook.webhookUrl, secret: webhook.signingSecret, applicationId, stageTitle: TRIGGER_STAGE });
  const token = tokenOf(linkIn(await h.mail.waitFor((m) => m.to.includes(email), 30_000)));
  const interviewId = await eventually(async () => {
    const rows = await h.app.services.orm.em.fork().getConnection().execute<{ id: string }[]>('select id from interview where ashby_application_id = ?', [applicationId]);
    return rows[0]?.id;
  }, `the interview of ${input.name}`);
  return { interviewId, token };
}

async function startAndAnswerOne(baseUrl: string, token: string): Promise<void> {
  const candidate = await CandidateClient.open(baseUrl, token);
  try {
    await candidate.emit('start');
    await candidate.nextQuestion(0, 20_000);
    await candidate.answer(GOOD_ANSWERS[0]);
    await candidate.nextQuestion(1, 20_000);
  } finally {
    candidate.close();
  }
}

async function inviteMember(h: Harness, cookie: string, input: { email: string; role: string }): Promise<string> {
  const reply = await gql(h.baseUrl, 'mutation($e: String!, $r: Role!) { inviteMember(email: $e, role: $r) { id } }', { e: input.email, r: input.role }, { cookie });
  if (reply.errors) throw new Error(`inviteMember failed: ${JSON.stringify(reply.errors)}`);
  const mail = await h.mail.waitFor((m) => m.to.includes(input.email), 15_000);
  const link = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error('no join link in the invitation email');
  return link;
}

async function addTeammate(h: Harness, cookie: string, input: { email: string; name: string; role: string }): Promise<void> {
  const link = await inviteMember(h, cookie, input);
  const token = link.slice(link.lastIndexOf('/') + 1);
  const reply = await gql(h.baseUrl, 'mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(token: $t, name: $n, password: $p) { role } }', { t: token, n: input.name, p: 'a long enough password' });
  if (reply.errors) throw new Error(`acceptInvitation failed: ${JSON.stringify(reply.errors)}`);
}

function say(text: string): void {
  print(`▸ ${text}`);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`✗ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
