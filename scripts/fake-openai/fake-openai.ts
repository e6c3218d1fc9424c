import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { validateChatRequest, type ChatRequest } from './chat-request.js';
import { BrainError, defaultBrain, type Brain } from './default-brain.js';
import { ApiErrors, OpenAIApiError } from './openai-errors.js';
import { countWords, messageText, splitWords } from './text.js';

export type { ChatMessage, ChatRequest, JsonSchema, ResponseFormat } from './chat-request.js';
export { BrainError, defaultBrain, type Brain } from './default-brain.js';

/** A scripted answer to the next chat request; used before the brain, first in first out. */
export type Reply =
  | { content: string }
  | { fault: 'rate_limited'; retryAfter?: string }
  | { fault: 'server_error'; status?: 500 | 502 | 503 }
  | { fault: 'timeout' }
  | { fault: 'truncated'; content: string }
  | { fault: 'refusal'; refusal: string }
  | { fault: 'drop_mid_stream'; content: string };

export interface FakeOpenAIOptions {
  port?: number;
  chunkDelayMs?: number;
  brain?: Brain;
}

/** A running fake of OpenAI's chat completions API on 127.0.0.1. */
export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, ready for `new OpenAI({ baseURL })`. */
  baseURL: string;
  /** Every valid chat request body received, in order, including ones answered with a fault. */
  requests: ChatRequest[];
  enqueue(...replies: Reply[]): void;
  /**
   * Like enqueue, but only for requests of one task: a `json_schema` name such as
   * `answer_score`, or `text` for plain-text replies. Other requests pass these by.
   */
  enqueueFor(task: string, ...replies: Reply[]): void;
  /** Scripted replies not used yet. */
  pendingReplies(): number;
  setChunkDelay(ms: number): void;
  close(): Promise<void>;
}

type FinishReason = 'stop' | 'length';

/** What one completion carries, whether sent whole or streamed. */
interface Completion {
  content: string | null;
  refusal: string | null;
  finishReason: FinishReason;
  dropMidStream: boolean;
}

const MODEL_ID = 'fake-model';
const WORDS_PER_CHUNK = 3;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts the fake on 127.0.0.1 (port 0 picks a free port). */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fake = new FakeOpenAIServer(opts.brain ?? defaultBrain, opts.chunkDelayMs ?? 0);
  await fake.listen(opts.port ?? 0);
  return fake;
}

class FakeOpenAIServer implements FakeOpenAI {
  baseURL = '';
  readonly requests: ChatRequest[] = [];
  readonly #queue: { task: string | null; reply: Reply }[] = [];
  readonly #brain: Brain;
  readonly #server: Server;
  #chunkDelayMs: number;
  #completionCount = 0;

  constructor(brain: Brain, chunkDelayMs: number) {
    this.#brain = brain;
    this.#chunkDelayMs = chunkDelayMs;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.#server.address() as AddressInfo;
    this.baseURL = `http://127.0.0.1:${address.port}/v1`;
  }

  enqueue(...replies: Reply[]): void {
    this.#queue.push(...replies.map((reply) => ({ task: null, reply })));
  }

  enqueueFor(task: string, ...replies: Reply[]): void {
    this.#queue.push(...replies.map((reply) => ({ task, reply })));
  }

  pendingReplies(): number {
    return this.#queue.length;
  }

  setChunkDelay(ms: number): void {
    this.#chunkDelayMs = ms;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) =>
      this.#server.close((err) => (err ? reject(err) : resolve())),
    );
    // Requests held open by the 'timeout' fault would otherwise keep close() waiting forever.
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-request-id', `req_${randomBytes(12).toString('hex')}`);
    try {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (!hasBearerToken(req)) throw ApiErrors.invalidApiKey();

      if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, listModels());
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        return await this.#handleChat(req, res);
      }
      throw ApiErrors.notFound(req.method ?? 'GET', path);
    } catch (err) {
      const apiError =
        err instanceof OpenAIApiError
          ? err
          : ApiErrors.serverError(500, `fake-openai failed: ${String(err)}`);
      if (!res.headersSent) sendJson(res, apiError.status, apiError.toBody());
      else res.destroy();
    }
  }

  async #handleChat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = validateChatRequest(await readJsonBody(req));
    this.requests.push(request);

    const reply = this.#takeScripted(request) ?? { content: this.#think(request) };
    const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
    if (!('fault' in reply)) {
      return await this.#complete(request, toCompletion(reply, maxTokens), res);
    }

    switch (reply.fault) {
      case 'timeout':
        return;
      case 'rate_limited': {
        const { retryAfter } = reply;
        const headers: Record<string, string> =
          retryAfter === undefined ? {} : { 'retry-after': retryAfter };
        return sendJson(res, 429, ApiErrors.rateLimited().toBody(), headers);
      }
      case 'server_error': {
        const status = reply.status ?? 500;
        return sendJson(res, status, ApiErrors.serverError(status).toBody());
      }
      default:
        return await this.#complete(request, toCompletion(reply, maxTokens), res);
    }
  }

  #takeScripted(request: ChatRequest): Reply | undefined {
    const format = request.response_format;
    const task = format?.type === 'json_schema' ? format.json_schema.name : format?.type === 'json_object' ? 'json_object' : 'text';
    const index = this.#queue.findIndex((entry) => entry.task === null || entry.task === task);
    return index < 0 ? undefined : this.#queue.splice(index, 1)[0]!.reply;
  }

  async #complete(request: ChatRequest, completion: Completion, res: ServerResponse) {
    if (request.stream) return await this.#stream(request, completion, res);
    if (completion.dropMidStream) return void res.socket?.destroy();
    sendJson(res, 200, this.#completionBody(request, completion));
  }

  #think(request: ChatRequest): string {
    try {
      return this.#brain(request);
    } catch (err) {
      if (err instanceof BrainError) throw ApiErrors.brainFailed(err.message);
      throw ApiErrors.serverError(500, `fake-openai brain threw: ${String(err)}`);
    }
  }

  async #stream(request: ChatRequest, completion: Completion, res: ServerResponse): Promise<void> {
    const includeUsage = request.stream_options?.include_usage === true;
    const chunk = this.#chunkFactory(request, includeUsage);
    const events = streamDeltas(completion).map((delta) => chunk({ delta }));
    const last = completion.dropMidStream
      ? Math.max(1, Math.floor(events.length / 2))
      : events.length;

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    for (const [index, event] of events.slice(0, last).entries()) {
      if (index > 0 && this.#chunkDelayMs > 0) await sleep(this.#chunkDelayMs);
      if (res.destroyed) return;
      await writeEvent(res, event);
    }
    if (completion.dropMidStream) return void res.socket?.destroy();

    await writeEvent(res, chunk({ delta: {}, finish_reason: completion.finishReason }));
    if (includeUsage) {
      await writeEvent(res, { ...chunk({}), choices: [], usage: usageOf(request, completion) });
    }
    res.end('data: [DONE]\n\n');
  }

  /** Builds chunks sharing one id and timestamp, as every chunk of a real stream does. */
  #chunkFactory(request: ChatRequest, includeUsage: boolean) {
    const id = this.#nextId();
    const created = nowSeconds();
    return (choice: { delta?: object; finish_reason?: FinishReason }) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: [
        {
          index: 0,
          delta: choice.delta ?? {},
          logprobs: null,
          finish_reason: choice.finish_reason ?? null,
        },
      ],
      ...(includeUsage ? { usage: null } : {}),
    });
  }

  #completionBody(request: ChatRequest, completion: Completion): object {
    return {
      id: this.#nextId(),
      object: 'chat.completion',
      created: nowSeconds(),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: completion.content, refusal: completion.refusal },
          finish_reason: completion.finishReason,
          logprobs: null,
        },
      ],
      usage: usageOf(request, completion),
    };
  }

  #nextId(): string {
    this.#completionCount += 1;
    return `chatcmpl-fake${this.#completionCount}`;
  }
}

type ContentReply = Exclude<Reply, { fault: 'rate_limited' | 'server_error' | 'timeout' }>;

function toCompletion(reply: ContentReply, maxTokens: number | undefined): Completion {
  if ('fault' in reply && reply.fault === 'refusal') {
    return { content: null, refusal: reply.refusal, finishReason: 'stop', dropMidStream: false };
  }
  if ('fault' in reply && reply.fault === 'truncated') {
    return { content: reply.content, refusal: null, finishReason: 'length', dropMidStream: false };
  }

  const words = splitWords(reply.content);
  const isCut = maxTokens !== undefined && words.length > maxTokens;
  return {
    content: isCut ? words.slice(0, maxTokens).join('') : reply.content,
    refusal: null,
    finishReason: isCut ? 'length' : 'stop',
    dropMidStream: 'fault' in reply && reply.fault === 'drop_mid_stream',
  };
}

/** The role delta first (the SDK's `.stream()` helper requires it), then a few words per chunk. */
function streamDeltas(completion: Completion): object[] {
  const field = completion.refusal === null ? 'content' : 'refusal';
  const words = splitWords(completion.refusal ?? completion.content ?? '');
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_CHUNK) {
    pieces.push(words.slice(i, i + WORDS_PER_CHUNK).join(''));
  }

  const first =
    field === 'content'
      ? { role: 'assistant', content: '', refusal: null }
      : { role: 'assistant', refusal: '' };
  return [first, ...pieces.map((piece) => ({ [field]: piece }))];
}

/** Token counts approximated as whitespace-separated words. */
function usageOf(request: ChatRequest, completion: Completion) {
  const prompt = request.messages.reduce(
    (sum, message) => sum + countWords(messageText(message)),
    0,
  );
  const reply = countWords(completion.content ?? completion.refusal ?? '');
  return { prompt_tokens: prompt, completion_tokens: reply, total_tokens: prompt + reply };
}

function listModels(): object {
  const model = { id: MODEL_ID, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai' };
  return { object: 'list', data: [model] };
}

function hasBearerToken(req: IncomingMessage): boolean {
  return /^Bearer\s+\S+/i.test(req.headers.authorization ?? '');
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw ApiErrors.bodyTooLarge(MAX_BODY_BYTES);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw ApiErrors.invalidJson();
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves once the event is handed to the socket, so a following destroy cannot discard it. */
function writeEvent(res: ServerResponse, event: object): Promise<void> {
  return new Promise((resolve) => res.write(`data: ${JSON.stringify(event)}\n\n`, () => resolve()));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
