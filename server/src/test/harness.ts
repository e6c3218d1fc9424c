import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { startFakeAshby, DEFAULT_API_KEY, type FakeAshby } from '../../../scripts/fake-ashby/fake-ashby.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../../scripts/fake-openai/fake-openai.js';
import { createApp, type App } from '../app.js';
import { startMailCapture, type CapturedMail, type MailCapture } from '../mail/mail-capture.js';
import { AuthService } from '../orgs/auth.service.js';
import type { Org, User } from '../orgs/org.entity.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface Harness {
  app: App;
  baseUrl: string;
  ashby: FakeAshby;
  mail: MailCapture;
  openai: FakeOpenAI | null;
  db: TestDatabase;
  /** Restarts the server on the same database (a crash or deploy); the fakes keep running. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * The whole product on real parts: its own Postgres database, the fake Ashby, an SMTP capture
 * and, with `model: 'openai'`, the fake OpenAI-compatible server. Everything listens on loopback.
 */
export async function startHarness(opts: { label: string; model?: 'builtin' | 'openai'; env?: Record<string, string> }): Promise<Harness> {
  const db = await createTestDatabase(opts.label);
  const ashby = await startFakeAshby();
  const mail = await startMailCapture({ port: 0 });
  const openai = opts.model === 'openai' ? await startFakeOpenAI() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'prelim-test-'));
  const env = {
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
    const app = await createApp(config, { log: createLogger(config.logLevel), serveClient: false });
    return { app, baseUrl: await app.listen() };
  };
  let current = await build();
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
    async restart() {
      await current.app.close();
      // Same port is not needed: candidate links use PUBLIC_URL when tests set it.
      current = await build();
    },
    async close() {
      await current.app.close();
      await Promise.allSettled([ashby.close(), mail.close(), openai?.close()]);
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** An organisation with an owner who can sign in with TEST_PASSWORD. */
export async function createOrg(h: Harness, name = 'Brightlane Labs', email = 'owner@brightlane.example.com'): Promise<{ org: Org; user: User }> {
  return new AuthService().createOrgWithOwner(h.app.services.orm.em.fork(), { orgName: name, ownerEmail: email, ownerName: 'Dana Whitfield', password: TEST_PASSWORD });
}

export interface GqlReply<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors: { message: string; extensions?: { code?: string; [k: string]: unknown } }[] | undefined;
  cookie: string | undefined;
}

/** A GraphQL operation over real HTTP. */
export async function gql<T = Record<string, any>>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, auth: { cookie?: string; token?: string } = {}): Promise<GqlReply<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GqlReply['errors'] };
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, data: body.data ?? null, errors: body.errors, cookie: setCookie ? setCookie.split(';')[0] : undefined };
}

export async function signIn(baseUrl: string, email = 'owner@brightlane.example.com'): Promise<string> {
  const reply = await gql(baseUrl, 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }', { e: email, p: TEST_PASSWORD });
  if (!reply.cookie) throw new Error(`sign-in failed: ${JSON.stringify(reply.errors)}`);
  return reply.cookie;
}

/** Connects Ashby with the fake's key and sets the trigger stage; returns the webhook URL and secret. */
export async function connectAshby(h: Harness, cookie: string, triggerStage = 'AI Screening Interview'): Promise<{ webhookUrl: string; signingSecret: string }> {
  const connected = await gql(h.baseUrl, 'mutation($k: String!) { connectAshby(apiKey: $k) { webhookUrl signingSecret } }', { k: DEFAULT_API_KEY }, { cookie });
  if (connected.errors) throw new Error(`connectAshby failed: ${JSON.stringify(connected.errors)}`);
  const stage = await gql(h.baseUrl, 'mutation($n: String!) { setTriggerStage(name: $n) { triggerStage } }', { n: triggerStage }, { cookie });
  if (stage.errors) throw new Error(`setTriggerStage failed: ${JSON.stringify(stage.errors)}`);
  return connected.data!.connectAshby as { webhookUrl: string; signingSecret: string };
}

/** The candidate link in an invitation email. */
export function linkIn(mail: CapturedMail): string {
  const match = /https?:\/\/\S+\/i\/[A-Za-z0-9_-]{43}/.exec(mail.text);
  if (!match) throw new Error('no interview link in the email');
  return match[0];
}

export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

export interface ChatMessage {
  seq: number;
  role: 'interviewer' | 'candidate';
  text: string;
}

/** A candidate's browser tab, speaking the chat protocol over a real socket.io connection. */
export class CandidateClient {
  readonly socket: Socket;
  readonly messages: ChatMessage[] = [];
  readonly deltas: { replyId: string; text: string }[] = [];
  readonly statuses: string[] = [];
  state: { status: string; messages: ChatMessage[]; awaitingReply: boolean } | null = null;
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('state', (state) => {
      this.state = state;
      this.messages.splice(0, this.messages.length, ...state.messages);
      this.#notify();
    });
    socket.on('message', (message: ChatMessage) => {
      if (!this.messages.some((m) => m.seq === message.seq)) this.messages.push({ seq: message.seq, role: message.role, text: message.text });
      this.messages.sort((a, b) => a.seq - b.seq);
      this.#notify();
    });
    socket.on('delta', (delta) => {
      this.deltas.push(delta);
      this.#notify();
    });
    socket.on('status', ({ status }) => {
      this.statuses.push(status);
      this.#notify();
    });
  }

  static async open(baseUrl: string, token: string): Promise<CandidateClient> {
    const socket = connect(`${baseUrl}/interview`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    const client = new CandidateClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', (error) => reject(error));
      socket.once('state', () => resolve());
    });
    return client;
  }

  emit<T = any>(event: string, payload?: unknown): Promise<T> {
    return payload === undefined ? this.socket.timeout(10_000).emitWithAck(event) : this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  async answer(text: string, clientId = crypto.randomUUID()): Promise<{ seq?: number; error?: { code: string; message: string } }> {
    return this.emit('answer', { clientId, text });
  }

  lastInterviewerMessage(): ChatMessage | undefined {
    return [...this.messages].reverse().find((m) => m.role === 'interviewer');
  }

  /** Waits until the condition holds, re-checking on every event. */
  async until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; transcript: ${JSON.stringify(this.messages.map((m) => [m.seq, m.role]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the interviewer's next message after the given count of interviewer messages. */
  async nextQuestion(count: number): Promise<ChatMessage> {
    await this.until(() => this.messages.filter((m) => m.role === 'interviewer').length > count, `interviewer message #${count + 1}`);
    return this.lastInterviewerMessage()!;
  }

  close(): void {
    this.socket.close();
  }

  #notify(): void {
    const waiters = this.#waiters.splice(0);
    for (const w of waiters) w();
  }
}

/** Polls until the check returns a value (not undefined/null/false), or fails with `what`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
