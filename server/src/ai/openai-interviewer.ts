import OpenAI from 'openai';
import { z } from 'zod';
import type { Rubric } from '../jobs/job.entity.js';
import { FOLLOW_UP_FOR_DETAIL, NOT_COVERED, roleAnswerByRules, sayFor, scriptFor, suffixFor } from './interview-script.js';
import {
  ModelOutputError,
  ModelUnavailableError,
  REPLY_TYPES,
  ReplyAbortedError,
  type AssessInput,
  type GeneratedQuestion,
  type Interviewer,
  type ReplyAssessment,
  type ScoredAnswer,
  type ScoreInput,
  type SpeakInput,
  type SpeakOptions,
  type TranscriptLine,
} from './interviewer.js';
import { assessPrompt, questionsPrompt, scorePrompt, speakPrompt, summaryPrompt, SYSTEM_ANALYST, SYSTEM_INTERVIEWER, unescapeTags } from './prompts.js';
import { isScorerInstruction, withoutScorerInstructions } from './scorer-instructions.js';
import { countWords } from './text-rules.js';

/**
 * The longest Retry-After the openai client may wait out inside one call. openai@6 sleeps for
 * whatever Retry-After (or retry-after-ms) says before its own retry, with no upper bound, so a
 * server asking for an hour would hold the interview for an hour; past this ceiling the call fails
 * at once and the caller reschedules (see capRetryAfter).
 */
export const INLINE_RETRY_CEILING_MS = 10_000;
/** The client's own retries (429, 5xx, timeouts, dropped connections) for JSON tasks; a streamed reply gets one. */
const JSON_MAX_RETRIES = 2;
const SPEAK_MAX_RETRIES = 1;
/** Further attempts when the reply arrives but is unusable (invalid JSON, refusal, cut off). */
const OUTPUT_ATTEMPTS = 3;
const JSON_MAX_TOKENS = 1200;
const SPEAK_MAX_TOKENS = 400;
/** A model's words around the verbatim text beyond this many characters are not a transition any more. */
const MAX_TRANSITION_CHARS = 400;

const questionsSchema = z.object({
  questions: z
    .array(
      z.object({
        text: z.string().min(10).max(600),
        competency: z.string().min(2).max(120),
        rubric: z.object({ '1': z.string().min(1), '2': z.string().min(1), '3': z.string().min(1), '4': z.string().min(1), '5': z.string().min(1) }),
        weight: z.number().int().min(1).max(3),
      }),
    )
    .min(3)
    .max(8),
});

const assessmentSchema = z.object({
  message_type: z.enum(REPLY_TYPES as [string, ...string[]]),
  needs_follow_up: z.boolean(),
  follow_up_question: z.string().max(1000),
});

const scoreSchema = z.object({
  score: z.number().int().min(1).max(5),
  rationale: z.string().min(1).max(3000),
  evidence: z.array(z.string().max(2000)).max(8),
});

const summarySchema = z.object({ summary: z.string().min(1).max(3000), strengths: z.array(z.string()), concerns: z.array(z.string()) });

/** Answers with fewer words than this always get a follow-up (within the budget), whatever the model says. */
const FOLLOW_UP_FLOOR_WORDS = 8;

/** Interviews and scores through any OpenAI-compatible chat completions server. */
export class OpenAIInterviewer implements Interviewer {
  readonly isBuiltIn = false;
  readonly label: string;
  readonly modelName: string;
  readonly settings: Record<string, unknown>;
  readonly #client: OpenAI;
  readonly #timeoutMs: number;

  constructor(opts: { baseUrl: string; apiKey: string; model: string; timeoutMs: number }) {
    this.#client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey, timeout: opts.timeoutMs, maxRetries: JSON_MAX_RETRIES, fetch: capRetryAfter(INLINE_RETRY_CEILING_MS) });
    this.#timeoutMs = opts.timeoutMs;
    this.modelName = opts.model;
    this.label = `AI interviewer (${opts.model})`;
    this.settings = { temperature: 0, maxTokens: JSON_MAX_TOKENS, outputAttempts: OUTPUT_ATTEMPTS, timeoutMs: opts.timeoutMs };
  }

  async generateQuestions(job: { title: string; description: string | null }): Promise<GeneratedQuestion[]> {
    const result = await this.#json('screening_questions', questionsSchema, questionsPrompt(job));
    // The model saw the description escaped for our tags; what it writes is read as plain text.
    return result.questions.map((q) => ({
      text: unescapeTags(q.text),
      competency: unescapeTags(q.competency),
      rubric: Object.fromEntries(Object.entries(q.rubric).map(([level, text]) => [level, unescapeTags(text)])) as Rubric,
      weight: q.weight,
    }));
  }

  async assessReply(input: AssessInput): Promise<ReplyAssessment> {
    const result = await this.#json('answer_assessment', assessmentSchema, assessPrompt(input));
    const type = result.message_type as ReplyAssessment['type'];
    if (type !== 'answer') return { type, needsFollowUp: false, followUpQuestion: null };
    const isThin = countWords(withoutScorerInstructions(input.message)) < FOLLOW_UP_FLOOR_WORDS;
    const needsFollowUp = result.needs_follow_up || isThin;
    return { type, needsFollowUp, followUpQuestion: needsFollowUp ? checkedFollowUp(unescapeTags(result.follow_up_question)) : null };
  }

  async speak(input: SpeakInput, options: SpeakOptions): Promise<string> {
    if (input.kind === 'role_answer' && !input.jobDescription.trim()) {
      const text = `${NOT_COVERED}\n\n${suffixFor(input)}`;
      options.onText(text);
      return text;
    }
    const written = await this.#stream(speakPrompt(input), options);
    const text = `${acceptWording(input, written)}${suffixFor(input) ? `\n\n${suffixFor(input)}` : ''}`;
    if (text !== written) options.onText(text);
    return text;
  }

  async scoreAnswer(input: ScoreInput): Promise<ScoredAnswer> {
    const result = await this.#json('answer_score', scoreSchema, scorePrompt(input));
    // The model saw the answer escaped for our tags; its quotes must come back as the candidate wrote them.
    return { score: result.score, rationale: unescapeTags(result.rationale), evidence: result.evidence.map(unescapeTags) };
  }

  async summarize(input: { jobTitle: string; transcript: TranscriptLine[]; scores: { competency: string; score: number }[] }): Promise<string> {
    const result = await this.#json('interview_summary', summarySchema, summaryPrompt(input));
    return unescapeTags(result.summary);
  }

  /** Streams a plain-text reply; the idle timer covers a server that stops sending mid-reply. */
  async #stream(prompt: string, options: SpeakOptions): Promise<string> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    let idleTimer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const armIdleTimer = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.#timeoutMs);
    };

    let text = '';
    let refusal = '';
    let finish: string | null = null;
    try {
      const stream = await this.#client.chat.completions.create(
        {
          model: this.modelName,
          stream: true,
          temperature: 0.3,
          max_tokens: SPEAK_MAX_TOKENS,
          messages: [
            { role: 'system', content: SYSTEM_INTERVIEWER },
            { role: 'user', content: prompt },
          ],
        },
        { signal: controller.signal, maxRetries: SPEAK_MAX_RETRIES },
      );
      armIdleTimer();
      for await (const chunk of stream) {
        armIdleTimer();
        const choice = chunk.choices[0];
        if (!choice) continue;
        const delta = choice.delta as { content?: string | null; refusal?: string | null } | undefined;
        if (delta?.refusal) refusal += delta.refusal;
        if (delta?.content) {
          text += delta.content;
          // The model saw material escaped for our tags; the candidate reads it as written.
          options.onText(unescapeTags(text));
        }
        finish = choice.finish_reason ?? finish;
      }
    } catch (error) {
      if (options.signal?.aborted) throw new ReplyAbortedError();
      if (timedOut) throw stalled(this.#timeoutMs);
      throw toModelError(error, { streaming: true });
    } finally {
      clearTimeout(idleTimer);
      options.signal?.removeEventListener('abort', abort);
    }

    // The client ends an aborted stream quietly rather than throwing.
    if (options.signal?.aborted) throw new ReplyAbortedError();
    if (timedOut) throw stalled(this.#timeoutMs);
    if (finish === null) throw new ModelUnavailableError('connection', 'The model server ended the reply without finishing it');
    if (refusal) throw new ModelOutputError('refusal', 'The model refused to write the reply');
    if (finish === 'length') throw new ModelOutputError('cut_off', 'The reply was cut off at the token limit');
    if (!text.trim()) throw new ModelOutputError('empty', 'The model returned an empty reply');
    return unescapeTags(text.trim());
  }

  async #json<T extends z.ZodType>(name: string, schema: T, prompt: string): Promise<z.infer<T>> {
    let maxTokens = JSON_MAX_TOKENS;
    let lastProblem: ModelOutputError | null = null;
    for (let attempt = 1; attempt <= OUTPUT_ATTEMPTS; attempt++) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await this.#client.chat.completions.create({
          model: this.modelName,
          temperature: 0,
          max_tokens: maxTokens,
          response_format: { type: 'json_schema', json_schema: { name, schema: z.toJSONSchema(schema) as Record<string, unknown>, strict: true } },
          messages: [
            { role: 'system', content: SYSTEM_ANALYST },
            { role: 'user', content: prompt },
          ],
        });
      } catch (error) {
        throw toModelError(error, { streaming: false });
      }
      try {
        return parseModelJson(completion, schema, name);
      } catch (error) {
        if (!(error instanceof ModelOutputError)) throw error;
        lastProblem = error;
        // The same limit would cut the same reply off again.
        if (error.problem === 'cut_off') maxTokens *= 2;
      }
    }
    throw lastProblem!;
  }
}

/**
 * The model's wording is used when it passed code's text on verbatim with at most a short
 * transition; otherwise the scripted wording is, so the candidate always gets the exact question.
 * A role answer may only state figures the job description states.
 */
function acceptWording(input: SpeakInput, written: string): string {
  const say = sayFor(input);
  if (say !== null) {
    const isVerbatim = written.includes(say) && written.length - say.length <= MAX_TRANSITION_CHARS && !/<\/?say\b/.test(written);
    return isVerbatim ? written : scriptFor(input, { selfDescribe: false });
  }
  if (input.kind === 'role_answer') {
    const isGrounded = figuresIn(written).every((figure) => figuresIn(input.jobDescription).includes(figure));
    return isGrounded && written.length <= 1200 ? written : roleAnswerByRules(input.roleQuestion, input.jobDescription);
  }
  return written;
}

function stalled(timeoutMs: number): ModelUnavailableError {
  return new ModelUnavailableError('timeout', `The model server sent nothing for ${timeoutMs} ms in the middle of a reply`);
}

/** Numbers as written without separators: "$165,000" and "165000" are the same figure. */
function figuresIn(text: string): string[] {
  return (text.match(/\d[\d,.]*/g) ?? []).map((n) => n.replace(/[,.]+$/, '').replace(/,/g, ''));
}

/** A follow-up question from the model, if it is one short question; otherwise a standard one. */
function checkedFollowUp(question: string): string {
  const text = question.replace(/\s+/g, ' ').trim();
  const isUsable = text.length >= 10 && text.length <= 300 && text.endsWith('?') && !isScorerInstruction(text);
  return isUsable ? text : FOLLOW_UP_FOR_DETAIL;
}

/** Validates a JSON reply: refusals, cut-off output and schema mismatches are errors, never data; fences and prose around the JSON are tolerated. */
export function parseModelJson<T extends z.ZodType>(completion: OpenAI.Chat.Completions.ChatCompletion, schema: T, name: string): z.infer<T> {
  const choice = completion.choices?.[0];
  if (!choice) throw new ModelOutputError('no_choices', `${name}: the model returned no choices`);
  const message = choice.message as { content?: string | null; refusal?: string | null };
  if (message.refusal) throw new ModelOutputError('refusal', `${name}: the model refused`);
  if (choice.finish_reason === 'length') throw new ModelOutputError('cut_off', `${name}: the reply was cut off at the token limit`);
  const raw = extractJson(message.content ?? '');
  if (!raw) throw new ModelOutputError('empty', `${name}: the reply is empty`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ModelOutputError('invalid_json', `${name}: the reply is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ModelOutputError('schema_mismatch', `${name}: the reply does not match the schema (${issues})`);
  }
  return parsed.data;
}

/** The JSON in a reply: inside a markdown fence if there is one, else from the first brace to the last. */
function extractJson(content: string): string {
  const trimmed = content.trim();
  const fenced = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced) return fenced[1]!.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed;
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  return first >= 0 && last > first ? trimmed.slice(first, last + 1) : trimmed;
}

/** How long the server asked us to wait, from retry-after-ms or Retry-After (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * A fetch for the openai client that marks a retryable answer whose Retry-After exceeds the
 * ceiling as not retryable (`x-should-retry: false`, which the client obeys), so the client fails
 * at once instead of sleeping for as long as the server asked. The Retry-After header is kept,
 * so the error still says how long to wait.
 */
export function capRetryAfter(ceilingMs: number, fetchImpl: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status !== 429 && response.status < 500) return response;
    const waitMs = retryAfterMs(response.headers);
    if (waitMs === null || waitMs <= ceilingMs) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The openai client's errors as ours: unavailable (try again later) or rejected (a configuration problem). */
export function toModelError(error: unknown, opts: { streaming: boolean }): Error {
  if (error instanceof ModelOutputError || error instanceof ModelUnavailableError || error instanceof ReplyAbortedError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ModelUnavailableError('timeout', 'The model server did not answer in time');
  if (error instanceof OpenAI.APIConnectionError) return new ModelUnavailableError('connection', 'Could not connect to the model server');
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const waitMs = retryAfterMs(error.headers as Headers | undefined);
    if (error.status === 429) return new ModelUnavailableError('rate_limited', 'The model server is rate limiting requests (HTTP 429)', waitMs);
    if (error.status >= 500 || error.status === 408 || error.status === 409) return new ModelUnavailableError('server_error', `The model server failed (HTTP ${error.status})`, waitMs);
    return new ModelUnavailableError('rejected', `The model server refused the request (HTTP ${error.status}); check OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL`);
  }
  // A stream that breaks off surfaces as whatever the HTTP stack threw while reading the body.
  if (opts.streaming) return new ModelUnavailableError('connection', 'The connection to the model server broke off in the middle of a reply');
  return error instanceof Error ? error : new Error(String(error));
}
