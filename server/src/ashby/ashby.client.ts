import { z } from 'zod';
import type { AssessmentUpdate } from './assessment-update.js';

/** Why a call to Ashby failed, in terms the caller can act on. */
export type AshbyFailure =
  | 'missing_key' // HTTP 401: no credentials reached Ashby
  | 'invalid_key' // HTTP 403: wrong or deactivated key
  | 'missing_permission' // HTTP 403 or success:false with missing_endpoint_permission
  | 'rate_limited' // HTTP 429
  | 'unavailable' // HTTP 5xx, network error or timeout
  | 'api_error' // HTTP 200 with success:false (e.g. application_not_found)
  | 'bad_response'; // not JSON, or not the documented shape

const RETRYABLE: ReadonlySet<AshbyFailure> = new Set(['rate_limited', 'unavailable']);

export class AshbyError extends Error {
  constructor(
    readonly failure: AshbyFailure,
    message: string,
    readonly opts: { endpoint: string; code?: string; requestId?: string; retryAfterMs?: number; ambiguous?: boolean; timedOut?: boolean } = { endpoint: '' },
  ) {
    super(message);
    this.name = 'AshbyError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.failure);
  }
}

const errorEnvelope = z.object({
  success: z.literal(false),
  errors: z.array(z.string()).optional(),
  errorInfo: z.object({ code: z.string(), message: z.string().optional(), requestId: z.string().optional() }).optional(),
});

// Optional fields may be absent or null in Ashby's replies; `.nullish()` accepts both.
const emailAddress = z.object({ value: z.string() }).passthrough();

export const applicationSchema = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  candidate: z.object({ id: z.string().min(1), name: z.string(), primaryEmailAddress: emailAddress.nullish() }).passthrough(),
  currentInterviewStage: z.object({ id: z.string().min(1), title: z.string() }).passthrough().nullish(),
  job: z.object({ id: z.string().min(1), title: z.string() }).passthrough(),
  appliedViaJobPostingId: z.string().nullish(),
}).passthrough();
export type AshbyApplication = z.infer<typeof applicationSchema>;

const candidateSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  primaryEmailAddress: emailAddress.nullish(),
  profileUrl: z.string().nullish(),
}).passthrough();
export type AshbyCandidate = z.infer<typeof candidateSchema>;

const jobSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  jobPostingIds: z.array(z.string()).nullish(),
  status: z.string().nullish(),
}).passthrough();

const descriptionPart = z.object({ plain: z.string().nullish(), html: z.string().nullish() }).nullish();
const jobPostingSchema = z.object({
  id: z.string(),
  title: z.string(),
  jobId: z.string().nullish(),
  descriptionPlain: z.string().nullish(),
  descriptionParts: z.object({ descriptionOpening: descriptionPart, descriptionBody: descriptionPart, descriptionClosing: descriptionPart }).passthrough().nullish(),
}).passthrough();
export type AshbyJobPosting = z.infer<typeof jobPostingSchema>;

const apiKeyInfoSchema = z.object({ title: z.string().nullish(), scopes: z.array(z.string()).nullish() }).passthrough();
const planSchema = z.object({ id: z.string(), title: z.string(), isArchived: z.boolean().nullish() }).passthrough();
const stageSchema = z.object({ id: z.string(), title: z.string(), orderInInterviewPlan: z.number().nullish() }).passthrough();
const noteSchema = z.object({ id: z.string(), content: z.string().nullish(), createdAt: z.string().nullish() }).passthrough();
export type AshbyNote = z.infer<typeof noteSchema>;

export interface AshbyClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request. Ashby documents no timeout of its own. */
  timeoutMs?: number;
  /** Retries inside one call for 429 and 5xx, honouring Retry-After up to maxRetryWaitMs. */
  retries?: number;
  maxRetryWaitMs?: number;
  userAgent?: string;
}

/**
 * Ashby's RPC-style API: every call is POST /<category>.<method> with a JSON body and Basic auth
 * (key as user name, empty password). Errors often arrive as HTTP 200 with success:false, so every
 * reply's envelope is checked and its results validated before use.
 */
export class AshbyClient {
  readonly #opts: Required<AshbyClientOptions>;

  constructor(opts: AshbyClientOptions) {
    this.#opts = { timeoutMs: 10_000, retries: 2, maxRetryWaitMs: 10_000, userAgent: 'Prelim/1.0 (+screening interviews)', ...opts };
  }

  apiKeyInfo() {
    return this.#call('apiKey.info', {}, apiKeyInfoSchema);
  }

  application(applicationId: string) {
    return this.#call('application.info', { applicationId }, applicationSchema);
  }

  candidate(id: string) {
    return this.#call('candidate.info', { id }, candidateSchema);
  }

  job(id: string) {
    return this.#call('job.info', { id }, jobSchema);
  }

  jobPosting(jobPostingId: string) {
    return this.#call('jobPosting.info', { jobPostingId }, jobPostingSchema);
  }

  async interviewPlans() {
    return this.#paginate('interviewPlan.list', { includeArchived: false }, planSchema);
  }

  async interviewStages(interviewPlanId: string) {
    return this.#paginate('interviewStage.list', { interviewPlanId }, stageSchema);
  }

  /** Not idempotent: an ambiguous failure is not retried here (the caller checks listNotes first). */
  createNote(input: { candidateId: string; html: string }) {
    return this.#call(
      'candidate.createNote',
      { candidateId: input.candidateId, note: { type: 'text/html', value: input.html }, sendNotifications: false },
      noteSchema,
      { idempotent: false },
    );
  }

  /** Idempotent: the same update again replaces itself (same identifiers and timestamp). Ashby answers no results. */
  async updateAssessment(update: AssessmentUpdate): Promise<void> {
    await this.#request('assessment.update', { ...update });
  }

  async listNotes(candidateId: string, limit = 100) {
    return this.#call('candidate.listNotes', { candidateId, limit }, z.array(noteSchema));
  }

  /** Stage names across all active interview plans, without repeats, in plan order. */
  async stageNames(): Promise<string[]> {
    const names = new Set<string>();
    for (const plan of await this.interviewPlans()) {
      if (plan.isArchived) continue;
      for (const stage of await this.interviewStages(plan.id)) names.add(stage.title);
    }
    return [...names];
  }

  async #paginate<T extends z.ZodType>(endpoint: string, body: Record<string, unknown>, item: T): Promise<z.infer<T>[]> {
    const all: z.infer<T>[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const reply = await this.#request(endpoint, { ...body, limit: 100, ...(cursor ? { cursor } : {}) });
      const parsed = z.object({ results: z.array(item), moreDataAvailable: z.boolean().nullish(), nextCursor: z.string().nullish() }).safeParse(reply);
      if (!parsed.success) throw this.#badShape(endpoint, parsed.error);
      all.push(...parsed.data.results);
      if (!parsed.data.moreDataAvailable || !parsed.data.nextCursor) return all;
      // A cursor handed out twice would page forever.
      if (seen.has(parsed.data.nextCursor)) throw new AshbyError('bad_response', `Ashby repeated a page cursor for ${endpoint}.`, { endpoint });
      seen.add(parsed.data.nextCursor);
      cursor = parsed.data.nextCursor;
    }
    return all;
  }

  async #call<T extends z.ZodType>(endpoint: string, body: Record<string, unknown>, results: T, opts: { idempotent?: boolean } = {}): Promise<z.infer<T>> {
    const reply = await this.#request(endpoint, body, opts.idempotent ?? true);
    const parsed = z.object({ results }).safeParse(reply);
    if (!parsed.success) throw this.#badShape(endpoint, parsed.error);
    return (parsed.data as { results: z.infer<T> }).results;
  }

  async #request(endpoint: string, body: Record<string, unknown>, idempotent = true): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once(endpoint, body);
      } catch (error) {
        if (!(error instanceof AshbyError) || !error.retryable || attempt >= this.#opts.retries) throw error;
        // Ashby may have applied a write whose answer we lost: repeating it could apply it twice.
        if (!idempotent && error.opts.ambiguous) throw error;
        const wait = error.opts.retryAfterMs ?? 500 * 2 ** attempt;
        // A server asking for a long pause is better served by the task queue's backoff than by holding this call.
        if (wait > this.#opts.maxRetryWaitMs) throw error;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async #once(endpoint: string, body: Record<string, unknown>): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.#opts.baseUrl}/${endpoint}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.#opts.apiKey}:`).toString('base64')}`,
          'content-type': 'application/json',
          accept: 'application/json; version=1',
          'user-agent': this.#opts.userAgent,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
        // Ashby's API does not redirect; following one would send the request body elsewhere.
        redirect: 'manual',
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new AshbyError('unavailable', timedOut ? `Ashby did not answer ${endpoint} within ${this.#opts.timeoutMs} ms` : `Could not reach Ashby for ${endpoint}`, {
        endpoint,
        // The request may have been applied even though we saw no answer, and may still be in progress.
        ambiguous: true,
        timedOut,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      throw new AshbyError('bad_response', `Ashby answered ${endpoint} with a redirect (HTTP ${response.status}), which its API never does; check ASHBY_API_URL.`, { endpoint });
    }
    const text = await readLimited(response, MAX_REPLY_BYTES).catch(() => null);
    if (text === null) throw new AshbyError('bad_response', `Ashby's reply to ${endpoint} is larger than ${MAX_REPLY_BYTES / 1024 / 1024} MB or was cut off.`, { endpoint, ambiguous: true });
    const json = safeJson(text);
    const envelope = errorEnvelope.safeParse(json);
    const code = envelope.success ? (envelope.data.errorInfo?.code ?? envelope.data.errors?.[0]) : undefined;
    const requestId = envelope.success ? envelope.data.errorInfo?.requestId : undefined;

    if (response.status === 401) throw new AshbyError('missing_key', 'Ashby rejected the request: no API key was received.', { endpoint, code, requestId });
    if (response.status === 403) {
      if (code === 'missing_endpoint_permission') {
        throw new AshbyError('missing_permission', `The Ashby API key lacks the permission ${endpoint} needs (${permissionFor(endpoint)}).`, { endpoint, code, requestId });
      }
      throw new AshbyError('invalid_key', 'Ashby rejected the API key: it is wrong or has been deactivated.', { endpoint, code, requestId });
    }
    if (response.status === 429) {
      throw new AshbyError('rate_limited', `Ashby is rate limiting ${endpoint}.`, { endpoint, code, requestId, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
    }
    if (response.status >= 500) throw new AshbyError('unavailable', `Ashby answered ${endpoint} with HTTP ${response.status}.`, { endpoint, code, requestId, ambiguous: true });
    if (response.status !== 200) throw new AshbyError('bad_response', `Ashby answered ${endpoint} with unexpected HTTP ${response.status}.`, { endpoint, code, requestId });
    if (json === undefined) throw new AshbyError('bad_response', `Ashby's reply to ${endpoint} is not JSON.`, { endpoint });
    if (envelope.success) {
      if (code === 'missing_endpoint_permission') {
        throw new AshbyError('missing_permission', `The Ashby API key lacks the permission ${endpoint} needs (${permissionFor(endpoint)}).`, { endpoint, code, requestId });
      }
      if (code === 'rate_limit_exceeded') throw new AshbyError('rate_limited', `Ashby is rate limiting ${endpoint}.`, { endpoint, code, requestId });
      const detail = envelope.data.errorInfo?.message ?? code ?? 'no reason given';
      throw new AshbyError('api_error', `Ashby refused ${endpoint}: ${detail}`, { endpoint, code, requestId });
    }
    if (!isObject(json) || json.success !== true) throw new AshbyError('bad_response', `Ashby's reply to ${endpoint} has no success flag.`, { endpoint });
    return json;
  }

  #badShape(endpoint: string, error: z.ZodError): AshbyError {
    const where = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return new AshbyError('bad_response', `Ashby's reply to ${endpoint} is not in the documented shape (${where}).`, { endpoint });
  }
}

const PERMISSIONS: Record<string, string> = {
  'apiKey.info': 'apiKeysRead',
  'application.info': 'candidatesRead',
  'candidate.info': 'candidatesRead',
  'candidate.listNotes': 'candidatesRead',
  'candidate.createNote': 'candidatesWrite',
  'assessment.update': 'candidatesWrite',
  'job.info': 'jobsRead',
  'jobPosting.info': 'jobsRead',
  'interviewPlan.list': 'interviewsRead',
  'interviewStage.list': 'interviewsRead',
};

function permissionFor(endpoint: string): string {
  return PERMISSIONS[endpoint] ?? 'see Ashby’s API documentation';
}

const MAX_REPLY_BYTES = 5 * 1024 * 1024;

/** The body as text, or a rejection once it passes `max` bytes (a hostile or broken server cannot fill memory). */
async function readLimited(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error('reply too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
