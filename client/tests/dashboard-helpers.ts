import type { BrowserContext, Locator } from 'playwright-core';
import { CandidateClient, eventually, gql } from '../../server/src/test/harness.js';

// Shared by the dashboard's browser tests and scripts/screenshots.ts: setting up what a test is
// not about through the API, so each browser step exercises only what it names.

export const PASSWORD = 'correct horse battery staple';

/** Creates an organisation and its owner through `signUp`; returns the session cookie. */
export async function signUpAt(baseUrl: string, input: { orgName: string; name: string; email: string }): Promise<string> {
  const reply = await gql(baseUrl, 'mutation($input: SignUpInput!) { signUp(input: $input) { role } }', { input: { ...input, password: PASSWORD } });
  if (!reply.cookie) throw new Error(`signUp failed: ${JSON.stringify(reply.errors)}`);
  return reply.cookie;
}

/** Signs the browser in with a session cookie obtained through the API. */
export async function useSession(context: BrowserContext, baseUrl: string, cookie: string): Promise<void> {
  const [name, ...value] = cookie.split('=');
  await context.clearCookies();
  await context.addCookies([{ name: name!, value: value.join('='), url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * Takes an interview to its end over the chat socket, as the candidate's browser would: answers
 * every interviewer turn (questions and any follow-ups) until the interview is finished.
 */
export async function answerEveryQuestion(baseUrl: string, token: string, answers: readonly string[]): Promise<void> {
  const candidate = await CandidateClient.open(baseUrl, token);
  const isFinished = () => candidate.statuses.includes('finished');
  try {
    const started = await candidate.emit('start');
    if (!('ok' in started)) throw new Error(`start was refused: ${JSON.stringify(started)}`);
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      await candidate.until(() => isFinished() || interviewerTurns(candidate) > turn, `interviewer turn ${turn + 1}`, 20_000);
      // The closing message can arrive before the finished status: it asks nothing.
      if (isFinished() || isClosing(candidate.lastInterviewerMessage()?.text ?? '')) break;
      const ack = await candidate.answer(answers[turn % answers.length]!);
      if (ack.error) throw new Error(`the answer was refused: ${ack.error.message}`);
    }
    await candidate.until(isFinished, 'the finished status', 20_000);
  } finally {
    candidate.close();
  }
}

/** The interviewer's last message, which the product writes in code (ai/interview-script.ts). */
export function isClosing(text: string): boolean {
  return text.includes('Your answers have been saved');
}

/** Questions plus follow-ups: far more than any interview asks. */
export const MAX_TURNS = 20;

function interviewerTurns(candidate: CandidateClient): number {
  return candidate.messages.filter((m) => m.role === 'interviewer').length;
}

/** The element's text once it satisfies `check`; a failure says what was last seen. */
export async function textWhen(locator: Locator, check: (text: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  let last = '(not on the page)';
  try {
    return await eventually(async () => {
      if ((await locator.count()) === 0) return undefined;
      last = await locator.first().innerText();
      return check(last) ? last : undefined;
    }, what, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

/** Long, concrete answers: the interviewer rarely needs a follow-up to them. */
export const GOOD_ANSWERS = [
  'For example, in 2023 I led the move of our billing jobs to idempotent queue consumers. We processed about 40000 jobs a day with at-least-once delivery, so I designed dedupe keys stored in Postgres, wrote the runbook, and cut duplicate charges from about 30 a week to zero within two months.',
  'Last year I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index, and I planned a zero-downtime column rename with a dual-write period and a backfill in batches of 5000 rows, which we ran over three nights without a single failed request.',
  'At my current company I designed the REST and GraphQL APIs for our dashboard, used by 12 teams: clear error codes, cursor pagination that never skips rows, and versioning with a 6 month deprecation window. I wrote the guidelines and reviewed about 80 pull requests against them.',
  'I write a short design note before any change that touches more than one team, for example when we split our 3 monoliths into 5 services in 2022. I keep runbooks next to the code and run a 30 minute review with on-call engineers before every launch.',
] as const;
