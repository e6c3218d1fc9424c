import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectAshby, createOrg, eventually, linkIn, signIn, startHarness, type Harness } from '../../server/src/test/harness.js';
import { launchBrowser, type Browser } from './browser.js';

const APPLICATION_ID = '586115ce-2dbd-49e2-8ec7-b29d770354d9';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness({ label: 'browser_candidate', serveClient: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

test('a candidate opens the emailed link, agrees, answers every question in the browser, reloads midway and finishes', async () => {
  await createOrg(h);
  const cookie = await signIn(h.baseUrl);
  const { webhookUrl, signingSecret } = await connectAshby(h, cookie);
  await h.ashby.deliverStageChange({ url: webhookUrl, secret: signingSecret, applicationId: APPLICATION_ID, stageTitle: 'AI Screening Interview' });
  const link = linkIn(await h.mail.waitFor((m) => m.to.includes('priya.okafor@example.com'), 20_000));

  const page = await browser.context.newPage();
  await page.goto(link);
  const notice = page.getByTestId('interview-notice');
  await notice.waitFor();
  expect(await notice.innerText()).toContain('not AI');
  expect(await page.getByTestId('start-interview').isDisabled()).toBe(true);

  // Opening the page started nothing.
  const [row] = await h.app.services.orm.em.fork().getConnection().execute<{ status: string }[]>('select status from interview');
  expect(row!.status).toBe('invited');

  await page.getByTestId('consent-checkbox').check();
  await page.getByTestId('start-interview').click();

  const interviewerMessages = page.locator('[data-testid="message"][data-role="interviewer"]');
  const answers = [
    'For example, I led the move of our billing jobs to idempotent consumers in 2023 and cut duplicate charges to zero.',
    'I tuned a slow reporting query from 9 s to 120 ms with a covering index, after reading its query plan.',
    'I design REST and GraphQL APIs with clear error codes; for example, our public API kept two versions live for 6 months.',
    'Happy to discuss.',
  ];
  for (let i = 0; i < answers.length; i++) {
    await expectCount(interviewerMessages, i + 1);
    expect(await interviewerMessages.nth(i).innerText()).toContain(`Question ${i + 1} of 4`);
    if (i === 2) {
      // Leaving and coming back loses nothing: the transcript is restored from the server.
      await page.reload();
      await expectCount(interviewerMessages, 3);
      expect(await page.locator('[data-testid="message"][data-role="candidate"]').allInnerTexts()).toEqual(answers.slice(0, 2).map((a) => expect.stringContaining(a)));
    }
    await page.getByTestId('answer-input').fill(answers[i]!);
    await page.getByTestId('answer-input').press('Enter');
    await expectCount(page.locator('[data-testid="message"][data-role="candidate"]'), i + 1);
  }

  // The built-in interviewer follows up on the thin last answer once, then closes.
  await expectCount(interviewerMessages, 5);
  expect(await interviewerMessages.nth(4).getAttribute('data-kind')).toBe('follow_up');
  await page.getByTestId('answer-input').fill('Nothing more to add, thank you.');
  await page.getByTestId('answer-input').press('Enter');

  await page.getByTestId('interview-finished').waitFor({ timeout: 15_000 });
  expect(await interviewerMessages.last().innerText()).toContain('Your answers have been saved');
  expect(await page.getByTestId('answer-input').isDisabled()).toBe(true);
  await page.close();
});

async function expectCount(locator: { count(): Promise<number> }, n: number): Promise<void> {
  await eventually(async () => (await locator.count()) === n, `${n} messages on the page`);
}
