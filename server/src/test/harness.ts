import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startFakeAshby, DEFAULT_API_KEY, type FakeAshby } from '../../../scripts/fake-ashby/fake-ashby.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../../../scripts/fake-openai/fake-openai.js';
import { createApp, type App } from '../app.js';
import { Interview } from '../interviews/interview.entity.js';
import { startMailCapture, type CapturedMail, type MailCapture } from '../mail/mail-capture.js';
import { AuthService } from '../orgs/auth.service.js';
import type { Org, User } from '../orgs/org.entity.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { connectAshbyAt, linkIn, signInAs, tokenOf } from './candidate-client.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export { CandidateClient, eventually, gql, linkIn, tokenOf, type ChatMessage, type ChatState, type GqlReply } from './candidate-client.js';

export interface Harness {
  app: App;
  baseUrl: string;
  ashby: FakeAshby;
  mail: MailCapture;
  openai: FakeOpenAI | null;
  db: TestDatabase;
  /** The environment the app is configured from. */
  env: Readonly<Record<string, string>>;
  /** Restarts the server on the same database (a deploy); the fakes keep running. */
  restart(): Promise<void>;
  /** Shuts the in-process server down gracefully: its queue finishes the tasks it is running. */
  stop(): Promise<void>;
  /** Starts a new in-process server after stop(). */
  start(): Promise<void>;
  /** Runs the product's own entry point (server/src/main.ts) as a child process on the same database and fakes. */
  startProcess(): Promise<AppProcess>;
  close(): Promise<void>;
}

/** The server in a child process, so a test can kill it as a crash would. */
export interface AppProcess {
  baseUrl: string;
  /** SIGKILL: no shutdown hooks run, tasks stay claimed until their lease lapses. */
  kill(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';
export const TRIGGER_STAGE = 'AI Screening Interview';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The whole product on real parts: its own Postgres database, the fake Ashby, an SMTP capture
 * and, with `model: 'openai'`, the fake OpenAI-compatible server. Everything listens on loopback.
 */
export async function startHarness(opts: { label: string; model?: 'builtin' | 'openai'; openai?: FakeOpenAIOptions; env?: Record<string, string>; serveClient?: boolean }): Promise<Harness> {
  const db = await createTestDatabase(opts.label);
  const ashby = await startFakeAshby();
  const mail = await startMailCapture({ port: 0 });
  const openai = opts.model === 'openai' ? await startFakeOpenAI(opts.openai) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'prelim-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    SMTP_URL: mail.url,
    ASHBY_API_URL: ashby.url,
    WORKERS: '4',
    ...(openai ? { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-model' } : {}),
    ...opts.env,
  };
  const build = async () => {
    const config = loadConfig(env);
    const app = await createApp(config, { log: createLogger(config.logLevel), serveClient: opts.serveClient ?? false });
    return { app, baseUrl: await app.listen() };
  };
  let current = await build();
  const processes = new Set<AppProcess>();
  const harness: Harness = {
    get app() {
      return current.app;
    },
    get baseUrl() {
      return current.baseUrl;
    },
    ashby,
    mail,
    openai,
    db,
    env,
    async restart() {
      await current.app.close();
      // Same port is not needed: candidate links use PUBLIC_URL when tests set it.
      current = await build();
    },
    async stop() {
      await current.app.close();
    },
    async start() {
      current = await build();
    },
    async startProcess() {
      const child = await startAppProcess(env);
      processes.add(child);
      return child;
    },
    async close() {
      await Promise.allSettled([...processes].map((p) => p.kill()));
      await current.app.close();
      await Promise.allSettled([ashby.close(), mail.close(), openai?.close()]);
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app process did not start within 20 s: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseLogLine(line);
      if (entry?.msg === 'Prelim is listening' && entry.url) {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
    void exited.then(() => reject(new Error(`the app process exited before listening: ${stderr}`)));
  });
  return {
    baseUrl,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function parseLogLine(line: string): { msg?: string; url?: string } | null {
  try {
    return JSON.parse(line) as { msg?: string; url?: string };
  } catch {
    return null;
  }
}

/** An organisation with an owner who can sign in with TEST_PASSWORD. */
export async function createOrg(h: Harness, name = 'Brightlane Labs', email = 'owner@brightlane.example.com'): Promise<{ org: Org; user: User }> {
  return new AuthService().createOrgWithOwner(h.app.services.orm.em.fork(), { orgName: name, ownerEmail: email, ownerName: 'Dana Whitfield', password: TEST_PASSWORD });
}

export function signIn(baseUrl: string, email = 'owner@brightlane.example.com'): Promise<string> {
  return signInAs(baseUrl, email, TEST_PASSWORD);
}

/** Connects Ashby with the fake's key and sets the trigger stage; returns the webhook URL and secret. */
export function connectAshby(h: Harness, cookie: string, triggerStage = TRIGGER_STAGE): Promise<{ webhookUrl: string; signingSecret: string }> {
  return connectAshbyAt(h.baseUrl, cookie, { apiKey: DEFAULT_API_KEY, triggerStage });
}

export interface InvitedCandidate {
  interviewId: string;
  token: string;
  link: string;
  email: string;
  applicationId: string;
  candidateId: string;
  invite: CapturedMail;
}

/**
 * A new candidate in the fake Ashby, moved into the trigger stage through the signed webhook;
 * resolves once the invitation email has arrived.
 */
export async function inviteCandidate(h: Harness, webhook: { webhookUrl: string; signingSecret: string }, candidateName = 'Sam Candidate'): Promise<InvitedCandidate> {
  const email = `candidate-${randomUUID().slice(0, 8)}@example.com`;
  const { applicationId, candidateId } = h.ashby.addCandidateApplication({ candidateName, email });
  // The same webhook path on whichever server is running now (a restart listens on a new port).
  const url = new URL(new URL(webhook.webhookUrl).pathname, h.baseUrl).toString();
  const delivery = await h.ashby.deliverStageChange({ url, secret: webhook.signingSecret, applicationId, stageTitle: TRIGGER_STAGE });
  if (delivery.attempts.some((a) => a.status !== 200)) throw new Error(`the stage change was not accepted: ${JSON.stringify(delivery.attempts)}`);
  const invite = await h.mail.waitFor((m) => m.to.includes(email), 20_000);
  const link = linkIn(invite);
  const interview = await h.app.services.orm.em.fork().findOneOrFail(Interview, { ashbyApplicationId: applicationId });
  return { interviewId: interview.id, token: tokenOf(link), link, email, applicationId, candidateId, invite };
}

export interface TaskRow {
  kind: string;
  key: string | null;
  status: string;
  attempts: number;
}

/** The queue's tasks about one interview, oldest first. */
export async function tasksFor(h: Harness, interviewId: string): Promise<TaskRow[]> {
  return h.app.services.orm.em.fork().getConnection().execute<TaskRow[]>(
    `select kind, key, status, attempts from task where payload->>'interviewId' = ? order by created_at, key`,
    [interviewId],
  );
}

/** Resolves once the queue has nothing queued or running for the interview. */
export async function whenIdle(h: Harness, interviewId: string, timeoutMs = 15_000): Promise<TaskRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await tasksFor(h, interviewId);
    if (tasks.every((t) => t.status === 'done' || t.status === 'failed')) return tasks;
    if (Date.now() > deadline) throw new Error(`tasks still pending: ${JSON.stringify(tasks)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs the interview's postponed tasks of one kind now instead of after their delay (a retry the
 * queue put back); resolves with how many there were. Only tasks that have run at least once count.
 */
export async function runPostponedNow(h: Harness, kind: string, interviewId: string): Promise<number> {
  const rows = await h.app.services.orm.em.fork().getConnection().execute<{ n: number }[]>(
    `with hurried as (update task set run_at = now() where kind = ? and status = 'queued' and attempts > 0 and payload->>'interviewId' = ? returning 1) select count(*)::int as n from hurried`,
    [kind, interviewId],
  );
  return rows[0]!.n;
}
