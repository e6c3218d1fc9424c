import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { ALL_SCOPES, ENDPOINTS, type Endpoint } from './ashby-endpoints.js';
import { AshbyStore, readFixture, type RecordedNote, type WebhookAction } from './ashby-store.js';
import { handleControlRoute } from './control-routes.js';
import { fail, invalidInput, isJsonObject, newRequestId, type ErrorEnvelope } from './envelope.js';
import {
  assertLoopbackUrl,
  callPartner,
  COMPRESSED_RETRY_DELAYS_MS,
  sendWebhook,
  sendWebhookWithRetries,
  type HttpAnswer,
} from './sender.js';

export { ALL_SCOPES, WEBHOOK_TYPES } from './ashby-endpoints.js';
export { SEEDED_IDS, type RecordedNote, type WebhookAction } from './ashby-store.js';
export {
  COMPRESSED_RETRY_DELAYS_MS,
  NO_RETRY_STATUSES,
  signWebhookBody,
  WEBHOOK_USER_AGENT,
  type HttpAnswer,
} from './sender.js';

export const DEFAULT_API_KEY = 'fake-ashby-key-0001';

export interface FakeAshbyOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** API keys and their scopes; default `{ [DEFAULT_API_KEY]: ALL_SCOPES }`. */
  apiKeys?: Record<string, string[]>;
  /** Serve the `/_fake/*` control routes (see README.md); off by default. */
  controlRoutes?: boolean;
}

/** One request to the API as the fake saw it; `status` stays 0 while it is unanswered. */
export interface RecordedCall {
  endpoint: string;
  apiKey: string | null;
  body: unknown;
  status: number;
  success?: boolean;
  at: Date;
}

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'server_error' }
  | { kind: 'unavailable' }
  | { kind: 'success_false'; code: string; message?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' }
  | { kind: 'bad_json' }
  | { kind: 'wrong_shape' };

export interface WebhookToSend {
  url: string;
  secret: string | null;
  /** An object is serialised once with JSON.stringify; a string is sent byte for byte. */
  body: object | string;
  /** Sent instead of the computed `Ashby-Signature` value. */
  signature?: string;
}

export interface StageChangeInput {
  url: string;
  secret: string;
  applicationId: string;
  stageTitle: string;
  /** A random UUID when omitted. */
  webhookActionId?: string;
  /** Waits between attempts; at most `length + 1` (and 10) attempts per webhook. */
  retryDelaysMs?: readonly number[];
}

export interface StageChangeDelivery {
  webhookActionId: string;
  attempts: { action: WebhookAction; status: number }[];
}

export interface PartnerCall {
  baseUrl: string;
  endpoint: 'assessment.list' | 'assessment.start' | 'assessment.cancel';
  /** An object is serialised as JSON; a string is sent byte for byte. */
  body: object | string;
  partnerKey: string | null;
  auth?: 'basic' | 'bearer';
}

/** A local stand-in for Ashby: its API, its webhook sender and its assessment caller. */
export interface FakeAshby {
  url: string;
  calls: RecordedCall[];
  notes: RecordedNote[];
  assessmentUpdates: object[];
  completedAssessments: object[];
  webhooksCreated: object[];
  addApiKey(key: string, scopes?: string[]): void;
  removeApiKey(key: string): void;
  failNext(endpoint: string, fault: Fault, times?: number): void;
  addCandidateApplication(input?: {
    candidateName?: string;
    email?: string | null;
    jobId?: string;
    stageTitle?: string;
  }): { applicationId: string; candidateId: string };
  addJob(input: { title: string; descriptionPlain?: string | null }): { jobId: string };
  setApplicationStage(applicationId: string, stageTitle: string): void;
  applicationWebhookBody(
    applicationId: string,
    action?: WebhookAction,
    webhookActionId?: string,
  ): object;
  sendWebhook(input: WebhookToSend): Promise<HttpAnswer>;
  sendPing(input: { url: string; secret: string | null }): Promise<HttpAnswer>;
  deliverStageChange(input: StageChangeInput): Promise<StageChangeDelivery>;
  callPartner(input: PartnerCall): Promise<{ status: number; json: unknown; text: string }>;
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake Ashby API on 127.0.0.1. */
export async function startFakeAshby(options: FakeAshbyOptions = {}): Promise<FakeAshby> {
  const fake = new FakeAshbyServer(options);
  await fake.listen(options.port ?? 0);
  return fake;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: object;
  text?: string;
}

interface PendingFault {
  endpoint: string;
  fault: Fault;
  remaining: number;
}

const HANG = Symbol('hang');

const UNAVAILABLE_PAGE =
  '<html><head><title>503 Service Unavailable</title></head>' +
  '<body><h1>503 Service Unavailable</h1></body></html>';

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;
const RATE_LIMITED_BODY = readFixture<ErrorEnvelope>('error-rate-limited.json');
/** Ashby fires both for one stage change, sharing a webhookActionId (docs/related-webhooks). */
const STAGE_CHANGE_ACTIONS: readonly WebhookAction[] = [
  'candidateStageChange',
  'applicationUpdate',
];

class FakeAshbyServer implements FakeAshby {
  readonly #store = new AshbyStore();
  readonly #server: Server;
  readonly #apiKeys: Map<string, string[]>;
  readonly #faults: PendingFault[] = [];
  readonly #closing = new AbortController();
  readonly #hasControlRoutes: boolean;

  url = '';
  readonly calls: RecordedCall[] = [];
  readonly notes = this.#store.notes;
  readonly assessmentUpdates = this.#store.assessmentUpdates;
  readonly completedAssessments = this.#store.completedAssessments;
  readonly webhooksCreated = this.#store.webhooksCreated;

  constructor(options: FakeAshbyOptions) {
    const keys = options.apiKeys ?? { [DEFAULT_API_KEY]: ALL_SCOPES };
    this.#apiKeys = new Map(Object.entries(keys).map(([key, scopes]) => [key, [...scopes]]));
    this.#hasControlRoutes = options.controlRoutes ?? false;
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  addApiKey(key: string, scopes: string[] = ALL_SCOPES): void {
    this.#apiKeys.set(key, [...scopes]);
  }

  removeApiKey(key: string): void {
    this.#apiKeys.delete(key);
  }

  failNext(endpoint: string, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`failNext: times must be a positive integer; got ${times}`);
    }
    this.#faults.push({ endpoint, fault, remaining: times });
  }

  addCandidateApplication(input: Parameters<FakeAshby['addCandidateApplication']>[0] = {}) {
    return this.#store.addCandidateApplication(input);
  }

  addJob(input: { title: string; descriptionPlain?: string | null }): { jobId: string } {
    return this.#store.addJob(input);
  }

  setApplicationStage(applicationId: string, stageTitle: string): void {
    this.#store.setApplicationStage(applicationId, stageTitle);
  }

  applicationWebhookBody(
    applicationId: string,
    action: WebhookAction = 'candidateStageChange',
    webhookActionId: string = randomUUID(),
  ): object {
    return this.#store.applicationWebhookBody(applicationId, action, webhookActionId);
  }

  sendWebhook(input: WebhookToSend): Promise<HttpAnswer> {
    return sendWebhook(input);
  }

  sendPing(input: { url: string; secret: string | null }): Promise<HttpAnswer> {
    const webhookActionId = randomUUID();
    const body = { action: 'ping', webhookActionId, data: { webhookActionType: 'ping' } };
    return sendWebhook({ ...input, body });
  }

  /** Moves the application, then sends both related webhooks under one webhookActionId. */
  async deliverStageChange(input: StageChangeInput): Promise<StageChangeDelivery> {
    assertLoopbackUrl(input.url);
    this.#store.setApplicationStage(input.applicationId, input.stageTitle);
    const webhookActionId = input.webhookActionId ?? randomUUID();
    const delaysMs = input.retryDelaysMs ?? COMPRESSED_RETRY_DELAYS_MS;

    const attempts: StageChangeDelivery['attempts'] = [];
    for (const action of STAGE_CHANGE_ACTIONS) {
      const body = this.#store.applicationWebhookBody(input.applicationId, action, webhookActionId);
      const { url, secret } = input;
      const statuses = await sendWebhookWithRetries({ url, secret, body, delaysMs });
      attempts.push(...statuses.map((status) => ({ action, status })));
    }
    return { webhookActionId, attempts };
  }

  callPartner(input: PartnerCall) {
    return callPartner(input);
  }

  reset(): void {
    this.calls.length = 0;
    this.#faults.length = 0;
    this.#store.reset();
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(request);
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (this.#hasControlRoutes && path.startsWith('/_fake/')) {
        const method = request.method ?? '';
        send(response, await handleControlRoute({ fake: this, method, path, raw }));
        return;
      }

      const call: RecordedCall = {
        endpoint: path.slice(1),
        apiKey: readBasicAuth(request.headers.authorization)?.key || null,
        body: parseJson(raw) ?? null,
        status: 0,
        at: new Date(),
      };
      this.calls.push(call);

      const reply = await this.#answer(request, call.endpoint, raw);
      if (reply === HANG) return;
      send(response, reply);
      call.status = reply.status;
      const success = isJsonObject(reply.json) ? reply.json.success : undefined;
      if (typeof success === 'boolean') call.success = success;
    } catch (error) {
      if (this.#closing.signal.aborted) {
        response.destroy();
        return;
      }
      send(response, { status: 500, json: fail('internal_error', `fake Ashby failed: ${String(error)}`) });
    }
  }

  async #answer(
    request: IncomingMessage,
    endpointName: string,
    raw: Buffer,
  ): Promise<Reply | typeof HANG> {
    if (request.method !== 'POST') {
      const message = `Ashby endpoints are called with POST; got ${request.method}`;
      return { status: 405, headers: { Allow: 'POST' }, json: fail('method_not_allowed', message) };
    }

    const fault = this.#takeFault(endpointName);
    if (fault?.kind === 'hang') return HANG;
    if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { signal: this.#closing.signal });
    else if (fault) return faultReply(fault, ENDPOINTS.get(endpointName));

    const endpoint = ENDPOINTS.get(endpointName);
    if (!endpoint) {
      return { status: 404, json: fail('not_found', `No Ashby endpoint named "${endpointName}"`) };
    }

    const scopes = this.#authenticate(request.headers.authorization);
    if (!Array.isArray(scopes)) return scopes;
    if (!scopes.includes(endpoint.scope)) {
      const message = `The API key does not have the ${endpoint.scope} permission required for this endpoint`;
      return { status: 403, json: fail('missing_endpoint_permission', message) };
    }

    return answerWithBody({ request, raw, endpoint, context: { store: this.#store, scopes } });
  }

  #authenticate(header: string | undefined): string[] | Reply {
    const credentials = readBasicAuth(header);
    if (credentials === null || credentials.key === '') {
      return {
        status: 401,
        headers: { 'WWW-Authenticate': 'Basic realm="Ashby API"' },
        json: fail('unauthenticated', 'Missing API key: use HTTP Basic auth with the API key as the username and an empty password'),
      };
    }
    const scopes = this.#apiKeys.get(credentials.key);
    if (scopes === undefined || credentials.password !== '') {
      return { status: 403, json: fail('invalid_api_key', 'The API key is invalid or has been deactivated') };
    }
    return scopes;
  }

  #takeFault(endpointName: string): Fault | undefined {
    const index = this.#faults.findIndex(
      (pending) => pending.endpoint === endpointName || pending.endpoint === '*',
    );
    const pending = this.#faults[index];
    if (pending === undefined) return undefined;

    pending.remaining -= 1;
    if (pending.remaining === 0) this.#faults.splice(index, 1);
    return pending.fault;
  }
}

function answerWithBody(input: {
  request: IncomingMessage;
  raw: Buffer;
  endpoint: Endpoint;
  context: Parameters<Endpoint['handle']>[1];
}): Reply {
  if (!JSON_CONTENT_TYPE.test(input.request.headers['content-type'] ?? '')) {
    const contentType = input.request.headers['content-type'] ?? 'none';
    const message = `Content-Type must be application/json; got ${contentType}`;
    return { status: 415, json: fail('unsupported_media_type', message) };
  }

  const body = parseJson(input.raw);
  if (body === undefined) {
    return { status: 400, json: fail('invalid_input', 'The request body is not valid JSON') };
  }
  if (!isJsonObject(body)) {
    return { status: 200, json: invalidInput(['request body: expected a JSON object']) };
  }
  return { status: 200, json: input.endpoint.handle(body, input.context) };
}

function faultReply(
  fault: Exclude<Fault, { kind: 'delay' | 'hang' }>,
  endpoint: Endpoint | undefined,
): Reply {
  switch (fault.kind) {
    case 'rate_limited': {
      const errorInfo = { ...RATE_LIMITED_BODY.errorInfo, requestId: newRequestId() };
      const headers = { 'Retry-After': String(fault.retryAfterSeconds ?? 1) };
      return { status: 429, headers, json: { ...RATE_LIMITED_BODY, errorInfo } };
    }
    case 'server_error':
      return { status: 500, json: fail('internal_server_error', 'Internal server error') };
    case 'unavailable':
      return {
        status: 503,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        text: UNAVAILABLE_PAGE,
      };
    case 'success_false': {
      const message = fault.message ?? `Injected ${fault.code} from the fake Ashby`;
      return { status: 200, json: fail(fault.code, message) };
    }
    case 'bad_json':
      return { status: 200, text: '{"success":true,"results":{"id":' };
    case 'wrong_shape': {
      const item = { id: randomUUID() };
      return { status: 200, json: { success: true, results: endpoint?.isList ? [item] : item } };
    }
  }
}

function send(response: ServerResponse, reply: Reply): void {
  const text = reply.text ?? JSON.stringify(reply.json ?? {});
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    ...reply.headers,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The parsed body, or undefined when it is not JSON (an empty body is not JSON either). */
function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function readBasicAuth(header: string | undefined): { key: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { key: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
