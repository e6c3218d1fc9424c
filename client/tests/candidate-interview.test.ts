import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Interview, InterviewStatus } from '../../server/src/interviews/interview.entity.js';
import { connectAshby, createOrg, eventually, inviteCandidate, signIn, startHarness, type Harness } from '../../server/src/test/harness.js';
import { launchBrowser, type Browser } from './browser.js';

// The candidate's page with the fake model: the notice and consent by keyboard, replies that
// stream in, a reload in the middle of a reply, a follow-up and a role question, the finish, and
// the pages for links that can no longer be used. Also on a phone-sized screen.

const RICH = [
  'For example, in 2023 I led the move of our billing jobs to idempotent queue consumers, and duplicate charges dropped to zero.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index after reading the query plan.',
  'I designed our public REST API with clear error codes, and we kept two versions live for six months during the migration.',
  'I mentored two engineers through their first on-call rotations and wrote the runbooks we still use for our queues.',
];

let h: Harness;
let browser: Browser;
let webhook: { webhookUrl: string; signingSecret: string };

beforeAll(async () => {
  h = await startHarness({ label: 'browser_interview', model: 'openai', serveClient: true });
  await createOrg(h);
  webhook = await connectAshby(h, await signIn(h.baseUrl));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

function interviewerMessages(page: Page): Locator {
  return page.locator('[role="log"] [data-testid="message"][data-role="interviewer"]');
}

async function waitForCount(locator: Locator, n: number, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => (await locator.count()) === n, `${n} messages on the page`, timeoutMs);
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('answer-input').fill(text);
  await page.getByTestId('answer-input').press('Enter');
}

async function agreeAndStart(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByTestId('interview-notice').waitFor();
  await page.getByTestId('consent-checkbox').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForCount(interviewerMessages(page), 1);
}

test('notice, consent by keyboard, streamed replies, a reload mid-reply, a follow-up and a role question, then the finish', async () => {
  const invited = await inviteCandidate(h, webhook);
  const page = await browser.context.newPage();
  try {
    await page.goto(invited.link);
    const notice = await page.getByTestId('interview-notice').innerText();
    for (const point of ['AI interviewer', 'scored automatically by AI', 'We store the transcript', 'About 20 minutes', 'accommodation', 'interviewed by a person']) {
      expect(notice).toContain(point);
    }
    expect(await page.getByTestId('start-interview').isDisabled()).toBe(true);
    expect((await h.app.services.orm.em.fork().findOneOrFail(Interview, invited.interviewId)).status).toBe(InterviewStatus.INVITED);

    await agreeAndStart(page, invited.link);
    const messages = interviewerMessages(page);
    expect(await messages.first().innerText()).toContain('Question 1 of 4');
    expect(await page.getByTestId('progress').innerText()).toBe('Question 1 of 4');

    // A thin answer: the follow-up streams in while the page shows it is being typed.
    h.openai!.setChunkDelay(150);
    await send(page, 'Not much.');
    await page.getByTestId('pending-reply').waitFor();
    expect(await page.getByTestId('pending-reply').getAttribute('aria-hidden')).toBe('true');
    expect(await page.getByRole('status').filter({ hasText: 'Interviewer is typing…' }).count()).toBe(1);
    await waitForCount(messages, 2);
    expect(await messages.nth(1).getAttribute('data-kind')).toBe('follow_up');
    expect(await messages.nth(1).innerText()).toContain('Follow-up');
    await send(page, RICH[0]!);
    await waitForCount(messages, 3);
    expect(await page.getByTestId('progress').innerText()).toBe('Question 2 of 4');

    // Reload while the next reply is being written: the page picks it up where it is.
    h.openai!.setChunkDelay(300);
    await send(page, RICH[1]!);
    await eventually(async () => ((await page.getByTestId('pending-reply').textContent().catch(() => '')) ?? '').length > 10, 'the reply to be under way');
    await page.reload();
    await page.getByTestId('pending-reply').waitFor({ timeout: 5_000 });
    const resumed = await page.getByTestId('pending-reply').innerText();
    await waitForCount(messages, 4);
    const stored = await messages.nth(3).innerText();
    expect(stored).toContain('Question 3 of 4');
    expect(stored).toContain(resumed.replace(/^Interviewer\s*/, '').split('\n')[0]!.slice(0, 20));
    expect(await page.getByTestId('pending-reply').count()).toBe(0);
    expect(await page.locator('[data-testid="message"][data-seq="7"]').count()).toBe(1);
    h.openai!.setChunkDelay(0);

    // A question about the role is answered from the job description; the question stays open.
    await send(page, 'Is the role hybrid?');
    await waitForCount(messages, 5);
    expect(await messages.nth(4).getAttribute('data-kind')).toBe('role_answer');
    expect(await messages.nth(4).innerText()).toContain('According to the job description: "This is a hybrid role based in our Oakland office');
    expect(await page.getByTestId('progress').innerText()).toBe('Question 3 of 4');

    await send(page, RICH[2]!);
    await waitForCount(messages, 6);
    await send(page, RICH[3]!);
    await page.getByTestId('interview-finished').waitFor({ timeout: 15_000 });
    expect(await messages.last().innerText()).toContain('who will review them and get back to you about next steps');
    expect(await page.getByTestId('answer-input').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="message"]').count()).toBe(await page.locator('[data-testid="message"]').evaluateAll((els) => new Set(els.map((e) => e.getAttribute('data-seq'))).size));

    // Coming back to a finished interview shows a clear page.
    await page.reload();
    await page.getByTestId('interview-finished').waitFor();
  } finally {
    h.openai!.setChunkDelay(0);
    await page.close();
  }
});

test('expired, cancelled and unknown links show a clear page instead of the interview', async () => {
  const expired = await inviteCandidate(h, webhook);
  const cancelled = await inviteCandidate(h, webhook);
  const em = h.app.services.orm.em.fork();
  await em.nativeUpdate(Interview, { id: expired.interviewId }, { expiresAt: new Date(Date.now() - 60_000) });
  await em.nativeUpdate(Interview, { id: cancelled.interviewId }, { status: InterviewStatus.CANCELLED });
  const page = await browser.context.newPage();
  try {
    for (const [link, state, words] of [
      [expired.link, 'expired', 'This interview link has expired'],
      [cancelled.link, 'cancelled', 'This interview was cancelled by the hiring team'],
      [`${h.baseUrl}/i/${'A'.repeat(43)}`, 'invalid', "This interview link isn't valid"],
    ] as const) {
      await page.goto(link);
      const ended = page.getByTestId(`interview-${state}`);
      await ended.waitFor();
      expect(await ended.innerText()).toContain(words);
      expect(await page.getByTestId('start-interview').count()).toBe(0);
    }
  } finally {
    await page.close();
  }
});

test('on a phone-sized screen the conversation fits the width and the answer box stays in reach', async () => {
  const invited = await inviteCandidate(h, webhook);
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 360, height: 740 });
    await agreeAndStart(page, invited.link);
    await send(page, RICH[0]!);
    await waitForCount(interviewerMessages(page), 2);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const box = (await page.getByTestId('answer-input').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(740);
    expect(box.width).toBeGreaterThan(200);
  } finally {
    await page.close();
  }
});
