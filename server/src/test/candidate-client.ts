import { io as connect, type Socket } from 'socket.io-client';
import type { CapturedMail } from '../mail/mail-capture.js';

// Shared by the tests (through harness.ts) and `npm run demo`: the outside of the product as a
// recruiter's tool and a candidate's browser see it, over real HTTP and socket.io. Nothing here
// knows about test databases or fakes.

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

/** Signs in through GraphQL and returns the session cookie. */
export async function signInAs(baseUrl: string, email: string, password: string): Promise<string> {
  const reply = await gql(baseUrl, 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }', { e: email, p: password });
  if (!reply.cookie) throw new Error(`sign-in failed: ${JSON.stringify(reply.errors)}`);
  return reply.cookie;
}

/** Connects Ashby with an API key and sets the trigger stage, as an admin does in Settings. */
export async function connectAshbyAt(baseUrl: string, cookie: string, input: { apiKey: string; triggerStage: string }): Promise<{ webhookUrl: string; signingSecret: string }> {
  const connected = await gql(baseUrl, 'mutation($k: String!) { connectAshby(apiKey: $k) { webhookUrl signingSecret } }', { k: input.apiKey }, { cookie });
  if (connected.errors) throw new Error(`connectAshby failed: ${JSON.stringify(connected.errors)}`);
  const stage = await gql(baseUrl, 'mutation($n: String!) { setTriggerStage(name: $n) { triggerStage } }', { n: input.triggerStage }, { cookie });
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
  /** question, follow_up, role_answer, redirect, closing; answer, role_question, off_topic. */
  kind: string;
  text: string;
  questionNumber: number | null;
}

export interface ChatDelta {
  replyId: string;
  afterSeq: number;
  n: number;
  text: string;
}

export interface ChatNotice {
  code: string;
  message: string;
}

export interface ChatState {
  status: string;
  messages: ChatMessage[];
  awaitingReply: boolean;
  pendingReply: ChatDelta | null;
  notice: ChatNotice | null;
  questionCount: number;
  interviewer: { builtIn: boolean; label: string };
}

/** A candidate's browser tab, speaking the chat protocol over a real socket.io connection. */
export class CandidateClient {
  readonly socket: Socket;
  readonly messages: ChatMessage[] = [];
  readonly deltas: ChatDelta[] = [];
  readonly statuses: string[] = [];
  /** Every `notice` event's notice (null clears it). */
  readonly notices: (ChatNotice | null)[] = [];
  /** replyIds of replies the server abandoned. */
  readonly cancelledReplies: string[] = [];
  /** Every `message` event as received, duplicates included. */
  readonly received: (ChatMessage & { replyId?: string })[] = [];
  state: ChatState | null = null;
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('state', (state: ChatState) => {
      this.state = state;
      this.messages.splice(0, this.messages.length, ...state.messages);
      this.#notify();
    });
    socket.on('message', (message: ChatMessage & { replyId?: string }) => {
      this.received.push(message);
      if (!this.messages.some((m) => m.seq === message.seq)) this.messages.push({ seq: message.seq, role: message.role, kind: message.kind, text: message.text, questionNumber: message.questionNumber });
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
    socket.on('notice', ({ notice }) => {
      this.notices.push(notice);
      this.#notify();
    });
    socket.on('reply_cancelled', ({ replyId }) => {
      this.cancelledReplies.push(replyId);
      this.#notify();
    });
  }

  /** Connects with the link token and resolves once the server has sent the interview's state. */
  static async open(baseUrl: string, token: unknown): Promise<CandidateClient> {
    const client = CandidateClient.connect(baseUrl, token);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('connect_error', (error) => reject(error));
      client.socket.once('state', () => resolve());
    });
    return client;
  }

  /** Connects without waiting for anything, for tests of what happens in the first moments. */
  static connect(baseUrl: string, token: unknown): CandidateClient {
    const socket = connect(`${baseUrl}/interview`, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    return new CandidateClient(socket);
  }

  emit<T = any>(event: string, payload?: unknown): Promise<T> {
    return payload === undefined ? this.socket.timeout(10_000).emitWithAck(event) : this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  async answer(text: string, clientId: string = crypto.randomUUID()): Promise<{ seq?: number; error?: { code: string; message: string } }> {
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
  async nextQuestion(count: number, timeoutMs?: number): Promise<ChatMessage> {
    await this.until(() => this.messages.filter((m) => m.role === 'interviewer').length > count, `interviewer message #${count + 1}`, timeoutMs);
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
export async function eventually<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
