import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Ashby does not document its webhook User-Agent; this stands in for a non-empty one. */
export const WEBHOOK_USER_AGENT = 'AshbyWebhooks/1.0 (fake-ashby)';
const PARTNER_USER_AGENT = 'AshbyAssessments/1.0 (fake-ashby)';

/** Ashby gives up after this many attempts (developers.ashbyhq.com/docs/retries). */
export const MAX_WEBHOOK_ATTEMPTS = 10;

/** Statuses Ashby does not retry; everything else non-2xx, and timeouts, is retried. */
export const NO_RETRY_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 405, 410]);

/** Ashby waits (2^n - 1) x 10 s before retry n; the fake compresses seconds to milliseconds. */
export const COMPRESSED_RETRY_DELAYS_MS: readonly number[] = Array.from(
  { length: MAX_WEBHOOK_ATTEMPTS - 1 },
  (_, index) => (2 ** (index + 1) - 1) * 10,
);

/** Ashby's request timeout is not documented; a receiver should answer well inside this. */
const REQUEST_TIMEOUT_MS = 10_000;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface HttpAnswer {
  status: number;
  text: string;
}

/** `sha256=<lower-case hex HMAC-SHA256>` over exactly these bytes, as in `Ashby-Signature`. */
export function signWebhookBody(secret: string, bytes: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
}

/**
 * POSTs a webhook body as Ashby does. An object is serialised once and the signature covers
 * exactly the bytes that go on the wire; a string is sent as given.
 */
export async function sendWebhook(input: {
  url: string;
  secret: string | null;
  body: object | string;
  signature?: string;
}): Promise<HttpAnswer> {
  const text = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const bytes = Buffer.from(text, 'utf8');
  const signature =
    input.signature ?? (input.secret === null ? undefined : signWebhookBody(input.secret, bytes));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': WEBHOOK_USER_AGENT,
  };
  if (signature !== undefined) headers['Ashby-Signature'] = signature;
  return postToLoopback({ url: input.url, headers, bytes });
}

/**
 * Sends one webhook until it is accepted, following Ashby's rules: stop on 2xx or a status in
 * NO_RETRY_STATUSES, otherwise wait and retry, at most `delaysMs.length + 1` (and 10) attempts.
 * Network errors and timeouts count as status 0 and are retried.
 */
export async function sendWebhookWithRetries(input: {
  url: string;
  secret: string | null;
  body: object;
  delaysMs: readonly number[];
}): Promise<number[]> {
  assertLoopbackUrl(input.url);
  const bytes = JSON.stringify(input.body);
  const maxAttempts = Math.min(MAX_WEBHOOK_ATTEMPTS, input.delaysMs.length + 1);
  const statuses: number[] = [];

  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const status = await sendWebhook({ url: input.url, secret: input.secret, body: bytes }).then(
      (answer) => answer.status,
      () => 0,
    );
    statuses.push(status);
    if (isAccepted(status) || NO_RETRY_STATUSES.has(status) || attempt === maxAttempts) break;
    await sleep(input.delaysMs[attempt - 1]);
  }
  return statuses;
}

/**
 * Calls a partner's assessment endpoint the way Ashby would, with the partner's key. An object
 * body is serialised as JSON; a string is sent as given (to test how a partner treats bad JSON).
 */
export async function callPartner(input: {
  baseUrl: string;
  endpoint: 'assessment.list' | 'assessment.start' | 'assessment.cancel';
  body: object | string;
  partnerKey: string | null;
  auth?: 'basic' | 'bearer';
}): Promise<{ status: number; json: unknown; text: string }> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'User-Agent': PARTNER_USER_AGENT,
  };
  if (input.partnerKey !== null) {
    headers.Authorization = authorization(input.partnerKey, input.auth ?? 'basic');
  }

  const url = `${input.baseUrl.replace(/\/+$/, '')}/${input.endpoint}`;
  const text = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const answer = await postToLoopback({ url, headers, bytes: Buffer.from(text, 'utf8') });
  return { ...answer, json: parseJson(answer.text) };
}

function authorization(key: string, scheme: 'basic' | 'bearer'): string {
  if (scheme === 'bearer') return `Bearer ${key}`;
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

function isAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The fake only ever talks to this machine; any other target is a mistake in the caller. */
export function assertLoopbackUrl(text: string): URL {
  const url = new URL(text);
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`fake Ashby only sends to http://127.0.0.1 or localhost; refused ${url.origin}`);
  }
  return url;
}

function postToLoopback(input: {
  url: string;
  headers: Record<string, string>;
  bytes: Buffer;
}): Promise<HttpAnswer> {
  const url = assertLoopbackUrl(input.url);

  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST',
      headers: { ...input.headers, 'Content-Length': String(input.bytes.length) },
      timeout: REQUEST_TIMEOUT_MS,
    });
    outgoing.on('timeout', () => {
      outgoing.destroy(new Error(`no answer from ${url.origin} within ${REQUEST_TIMEOUT_MS} ms`));
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.end(input.bytes);
  });
}
