// npm run demo: the whole path on this machine, start to finish, on the fixtures. A fake Ashby
// moves the fixture candidate into the trigger stage, Prelim invites her by email (to a local
// capture), a scripted candidate takes the interview over socket.io, and the scored note lands
// in the fake Ashby. Nothing leaves 127.0.0.1 unless OPENAI_BASE_URL points elsewhere.
//
// Environment (all optional): DATABASE_URL (else embedded Postgres under .data/demo on port
// 54330, apart from `npm start`'s), OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL (else the
// built-in interviewer), LOG_LEVEL for the server's own logs (default: errors only).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../server/src/app.js';
import { startMailCapture, type MailCapture } from '../server/src/mail/mail-capture.js';
import { Interview } from '../server/src/interviews/interview.entity.js';
import { AuthService } from '../server/src/orgs/auth.service.js';
import { ConfigError, loadConfig, type Config } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/logger.js';
import { CandidateClient, connectAshbyAt, eventually, gql, linkIn, signInAs, tokenOf, type ChatMessage } from '../server/src/test/candidate-client.js';
import { DEFAULT_API_KEY, SEEDED_IDS, startFakeAshby, type FakeAshby, type RecordedNote } from './fake-ashby/fake-ashby.js';

const TIMEOUT_MS = 90_000;
const CLEANUP_TIMEOUT_MS = 15_000;
const DATA_DIR = fileURLToPath(new URL('../.data/demo', import.meta.url));
const TRIGGER_STAGE = 'AI Screening Interview';
const ORG_NAME = 'Brightlane Labs';
const WIDTH = 96;

/** What the fixture candidate (Priya Okafor, Senior Backend Engineer) answers, in order. */
const ANSWERS = [
  'For example, I led the migration of our order pipeline to idempotent queue consumers in 2023. We processed about 40000 jobs a day with at-least-once delivery, so I designed dedupe keys stored in Postgres and cut duplicate charges to zero.',
  'I tuned a slow reporting query from 9 seconds to 120 ms by adding a covering index, and I planned a zero-downtime column rename with a dual-write period and a backfill in batches of 5000 rows.',
  'Mostly I have written REST APIs with Fastify and a GraphQL gateway for our dashboard; I care about clear error codes, pagination that does not skip rows, and versioning.',
  'I write a short design note before any change that touches more than one team, and I keep runbooks next to the code.',
];
const FOLLOW_UP_ANSWER =
  'For example, last year I wrote a two-page proposal for splitting our job queue by priority; three teams reviewed it in a week and we shipped it with no incidents.';

interface Parts {
  ashby?: FakeAshby;
  mail?: MailCapture;
  app?: App;
  candidate?: CandidateClient;
}

const parts: Parts = {};
let step = 'starting';
const startedAt = Date.now();

async function main(): Promise<void> {
  const config = demoConfig(await startFakes());
  say(`Interviewer: ${describeInterviewer(config)}`);
  say(`Database: ${describeDatabase(config)}`);

  step = 'starting Prelim';
  parts.app = await createApp(config, { log: createLogger(config.logLevel), serveClient: false });
  const baseUrl = await parts.app.listen();
  say(`Prelim is listening at ${baseUrl}`);

  const cookie = await createOrgAndSignIn(parts.app, baseUrl);
  const webhook = await connectAshby(baseUrl, cookie);
  await deliverStageChange(webhook);
  const interview = await waitForInterview(parts.app, baseUrl, cookie);
  const token = await readInvitation(parts.app.services.interviews.candidateLink(interview));
  await playCandidate(baseUrl, token);
  const note = await waitForNote(parts.app.services.urls.interview(interview.id));
  await showResult(baseUrl, cookie, interview.id, note);
}

async function startFakes(): Promise<{ ashbyUrl: string; smtpUrl: string }> {
  step = 'starting the fake Ashby and the mail capture';
  parts.ashby = await startFakeAshby();
  parts.mail = await startMailCapture({ port: 0 });
  say(`Fake Ashby at ${parts.ashby.url}; mail capture at ${parts.mail.url}`);
  return { ashbyUrl: parts.ashby.url, smtpUrl: parts.mail.url };
}

function demoConfig(fakes: { ashbyUrl: string; smtpUrl: string }): Config {
  step = 'reading the configuration';
  const pass = (name: string) => (process.env[name] ? { [name]: process.env[name] } : {});
  return loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    DATA_DIR,
    EMBEDDED_DB_PORT: '54330',
    SMTP_CAPTURE_PORT: '0',
    SMTP_URL: fakes.smtpUrl,
    ASHBY_API_URL: fakes.ashbyUrl,
    ...pass('DATABASE_URL'),
    ...pass('SECRET_KEY'),
    ...pass('OPENAI_BASE_URL'),
    ...pass('OPENAI_API_KEY'),
    ...pass('OPENAI_MODEL'),
    ...pass('OPENAI_TIMEOUT_MS'),
  });
}

function describeInterviewer(config: Config): string {
  if (!config.openai) return 'built-in interviewer (scripted, not AI); set OPENAI_BASE_URL to use a model';
  return `model ${config.openai.model} at ${config.openai.baseUrl} (OPENAI_BASE_URL)`;
}

function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded Postgres under ${DATA_DIR} on port ${config.embeddedDbPort} (DATABASE_URL is not set)`;
  const url = new URL(config.databaseUrl);
  return `${url.host}${url.pathname} (DATABASE_URL)`;
}

/** A new organisation per run: the fixture application then always starts a fresh interview. */
async function createOrgAndSignIn(app: App, baseUrl: string): Promise<string> {
  step = 'creating the demo organisation';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const email = `demo-${stamp}-${randomBytes(2).toString('hex')}@brightlane.example.com`;
  const password = randomBytes(18).toString('base64url');
  await new AuthService().createOrgWithOwner(app.services.orm.em.fork(), { orgName: ORG_NAME, ownerEmail: email, ownerName: 'Dana Whitfield', password });
  say(`Organisation "${ORG_NAME}" created, owner ${email}`);
  return signInAs(baseUrl, email, password);
}

async function connectAshby(baseUrl: string, cookie: string): Promise<{ webhookUrl: string; signingSecret: string }> {
  step = 'connecting Ashby through GraphQL';
  const webhook = await connectAshbyAt(baseUrl, cookie, { apiKey: DEFAULT_API_KEY, triggerStage: TRIGGER_STAGE });
  say(`Ashby connected with the fake's API key; trigger stage "${TRIGGER_STAGE}"`);

  step = 'sending a ping from Ashby';
  const ping = await parts.ashby!.sendPing({ url: webhook.webhookUrl, secret: webhook.signingSecret });
  if (ping.status !== 200) throw new Error(`the signed ping was answered with HTTP ${ping.status}, not 200`);
  say('Ashby webhook ping answered 200');
  return webhook;
}

async function deliverStageChange(webhook: { webhookUrl: string; signingSecret: string }): Promise<void> {
  step = 'delivering the stage change';
  const delivery = await parts.ashby!.deliverStageChange({ url: webhook.webhookUrl, secret: webhook.signingSecret, applicationId: SEEDED_IDS.applicationId, stageTitle: TRIGGER_STAGE });
  const answers = delivery.attempts.map((a) => `${a.action} ${a.status}`).join(', ');
  if (delivery.attempts.some((a) => a.status !== 200)) throw new Error(`Prelim did not accept the stage change: ${answers}`);
  say(`Fixture application moved to "${TRIGGER_STAGE}"; signed webhooks answered: ${answers}`);
}

/**
 * This run's interview. The database may hold work that earlier runs left queued (a run stopped
 * midway), which then finishes now for their organisations, with mail to the same fixture
 * candidate: so the email and the note are matched to this interview, not taken first-come.
 */
async function waitForInterview(app: App, baseUrl: string, cookie: string): Promise<Interview> {
  step = 'waiting for Prelim to create the interview';
  const id = await eventually(async () => {
    const reply = await gql(baseUrl, 'query { interviews(first: 1) { nodes { id } } }', {}, { cookie });
    return reply.data?.interviews.nodes[0]?.id as string | undefined;
  }, 'the interview for the fixture application', 30_000);
  return app.services.orm.em.fork().findOneOrFail(Interview, id);
}

async function readInvitation(expectedLink: string): Promise<string> {
  step = 'waiting for the invitation email';
  const invite = await parts.mail!.waitFor((mail) => mail.text.includes(expectedLink), 30_000);
  const link = linkIn(invite);
  say('Invitation email');
  print(`  To:      ${invite.to.join(', ')}`);
  print(`  Subject: ${invite.subject}`);
  print(`  Link:    ${link}`);
  return tokenOf(link);
}

async function playCandidate(baseUrl: string, token: string): Promise<void> {
  step = 'opening the candidate link';
  const info = (await fetch(`${baseUrl}/api/interview-link/${token}`).then((r) => r.json())) as { status: string; jobTitle: string; orgName: string; questionCount: number; estimatedMinutes: number };
  say(`Candidate opens the link: ${info.jobTitle} at ${info.orgName}, ${info.questionCount} questions, about ${info.estimatedMinutes} minutes (status ${info.status})`);

  step = 'connecting the candidate over socket.io';
  const candidate = (parts.candidate = await CandidateClient.open(baseUrl, token));
  candidate.socket.on('message', (message: ChatMessage) => printTurn(message));
  step = 'starting the interview';
  const started = await candidate.emit('start');
  if (!('ok' in started)) throw new Error(`start was refused: ${JSON.stringify(started)}`);
  say('Interview');

  step = 'waiting for the first question';
  const first = await candidate.nextQuestion(0, 30_000);
  const count = Number(/Question 1 of (\d+)/.exec(first.text)?.[1] ?? 0);
  if (!count) throw new Error(`the first message does not say how many questions follow ("Question 1 of N"): ${first.text}`);
  // The interviewer may follow up on an answer before moving on, so answer whatever it asks until it closes.
  for (let asked = 0, answered = 0; ; asked++) {
    step = `waiting for the interviewer's message ${asked + 1}`;
    const message = await candidate.nextQuestion(asked, 30_000);
    if (message.kind === 'closing') break;
    step = `answering question ${message.questionNumber ?? '?'} of ${count}`;
    const text = message.kind === 'follow_up' ? FOLLOW_UP_ANSWER : ANSWERS[answered++ % ANSWERS.length]!;
    const ack = await candidate.answer(text);
    if (ack.error) throw new Error(`the answer was refused: ${ack.error.code} ${ack.error.message}`);
  }
  // `status` can arrive before or after the closing `message`: each emit is published through
  // Postgres before it is delivered (socket.io's ClusterAdapter.broadcast).
  step = 'waiting for the finished status';
  await candidate.until(() => candidate.statuses.includes('finished'), 'the finished status', 30_000);
  candidate.close();
}

async function waitForNote(transcriptUrl: string): Promise<RecordedNote> {
  step = 'waiting for scoring and the note in Ashby';
  const isOurs = (note: RecordedNote) => note.candidateId === SEEDED_IDS.candidateId && note.value.includes(`href="${transcriptUrl}"`);
  return eventually(() => parts.ashby!.notes.find(isOurs), 'the note in the fake Ashby', 30_000);
}

async function showResult(baseUrl: string, cookie: string, interviewId: string, note: RecordedNote): Promise<void> {
  step = 'reading the result through GraphQL';
  const reply = await gql(baseUrl, 'query($id: ID!) { interview(id: $id) { status evaluation { overallScore recommendation model } pushbacks { status attempts } } }', { id: interviewId }, { cookie });
  const interview = reply.data?.interview;
  if (!interview?.evaluation) throw new Error(`no evaluation found: ${JSON.stringify(reply.errors ?? reply.data)}`);

  say(`Note posted to the candidate's Ashby profile (note ${note.id})`);
  print(noteAsText(note.content));
  say('The same note as raw HTML, as the fake Ashby stored it');
  print(note.content);
  const label = { STRONG_YES: 'Strong yes', YES: 'Yes', NO: 'No', STRONG_NO: 'Strong no' }[interview.evaluation.recommendation as string];
  const pushback = interview.pushbacks.map((p: { status: string; attempts: number }) => `${p.status.toLowerCase()} after ${p.attempts} attempt(s)`).join(', ');
  say(`Overall score ${interview.evaluation.overallScore.toFixed(1)} / 5, recommendation: ${label} (scored by ${interview.evaluation.model}; note ${pushback})`);
}

/** Ashby's note HTML (bold headings, lists, one link) as plain text for a terminal. */
function noteAsText(html: string): string {
  const lines: string[] = [];
  let text = '';
  let bullet = '';
  let number = 0;
  let href = '';
  const flush = () => {
    if (bullet) lines.push(wrap(text.trim(), WIDTH - 8).split('\n').map((line, i) => `${i === 0 ? `    ${bullet.padEnd(3)}` : ' '.repeat(7)}${line}`).join('\n'));
    else if (text.trim()) lines.push(`  ${text.trim()}`);
    [text, bullet] = ['', ''];
  };
  for (const [, closing, tag, attributes, content] of html.matchAll(/<(\/?)([a-z]+)([^>]*)>|([^<]+)/g)) {
    if (content !== undefined) {
      text += unescapeHtml(content);
    } else if (tag === 'ol' || tag === 'ul') {
      number = tag === 'ol' ? 0 : -1;
    } else if (tag === 'li' && !closing) {
      flush();
      bullet = number < 0 ? '•' : `${++number}.`;
    } else if (tag === 'li' || (tag === 'b' && closing && !bullet)) {
      flush();
    } else if (tag === 'a' && !closing) {
      href = unescapeHtml(/href="([^"]*)"/.exec(attributes ?? '')?.[1] ?? '');
    } else if (tag === 'a') {
      text += `: ${href}`;
    }
  }
  flush();
  return lines.join('\n');
}

function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function printTurn(message: ChatMessage): void {
  const who = message.role === 'interviewer' ? 'Interviewer' : 'Candidate  ';
  const body = wrap(message.text, WIDTH - 16).split('\n');
  print(`  ${who} › ${body[0]}`);
  for (const line of body.slice(1)) print(`${' '.repeat(16)}${line}`);
}

function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/(?<=\s)/)) {
        if ((line + word).trimEnd().length > width && line) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += word;
      }
      lines.push(line.trimEnd());
      return lines.join('\n');
    })
    .join('\n');
}

function say(text: string): void {
  print(`\n▸ ${text}`);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The queue's unfinished work and its last errors: why a step the demo waits for never happened. */
async function describeStuckTasks(): Promise<string> {
  if (!parts.app) return '';
  const rows = await parts.app.services.orm.em.fork().getConnection().execute<{ kind: string; status: string; attempts: number; last_error: string | null }[]>(
    `select kind, status, attempts, last_error from task where status <> 'done' order by created_at desc limit 5`,
  );
  return rows.map((t) => `\n  task ${t.kind}: ${t.status} after ${t.attempts} attempt(s)${t.last_error ? `; last error: ${t.last_error}` : ''}`).join('');
}

/** Closes what was started, newest first; each part gets its chance even if another fails. */
async function shutDown(): Promise<void> {
  parts.candidate?.close();
  if (parts.app) await parts.app.close().catch((error) => print(`  (Prelim did not close cleanly: ${String(error)})`));
  await Promise.allSettled([parts.mail?.close(), parts.ashby?.close()]);
}

function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function run(): Promise<number> {
  print('Prelim demo: an Ashby stage change, an interview over socket.io, and the scored note back in Ashby.');
  let code = 0;
  try {
    await withTimeout(main(), TIMEOUT_MS, () => `timed out after ${TIMEOUT_MS / 1000} s while ${step}`);
    say(`Done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; shutting down.`);
  } catch (error) {
    code = error instanceof ConfigError ? 2 : 1;
    const detail = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    const stuck = await describeStuckTasks().catch(() => '');
    process.stderr.write(`\n✗ The demo failed while ${step}:\n  ${detail}${stuck}\n`);
  }
  try {
    await withTimeout(shutDown(), CLEANUP_TIMEOUT_MS, () => `shutting down took longer than ${CLEANUP_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    process.stderr.write(`✗ ${error instanceof Error ? error.message : String(error)}; exiting anyway.\n`);
    code ||= 1;
  }
  return code;
}

process.once('SIGINT', () => {
  process.stderr.write('\n✗ Interrupted; shutting down.\n');
  void withTimeout(shutDown(), CLEANUP_TIMEOUT_MS, () => 'shutdown timed out').finally(() => process.exit(130));
});

// Exit explicitly: a client library's idle timer must not keep a finished demo alive.
process.exit(await run());
