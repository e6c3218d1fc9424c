import { SEEDED_IDS } from './ashby-store.js';
import { isJsonObject, type JsonObject } from './envelope.js';
import type { FakeAshby } from './fake-ashby.js';

interface ControlReply {
  status: number;
  json: object;
}

/**
 * The `/_fake/*` routes that let a person drive the fake by hand (see README.md). They need no
 * API key; the server only listens on 127.0.0.1.
 */
export async function handleControlRoute(input: {
  fake: FakeAshby;
  method: string;
  path: string;
  raw: Buffer;
}): Promise<ControlReply> {
  const route = `${input.method} ${input.path}`;
  try {
    switch (route) {
      case 'GET /_fake/notes':
        return { status: 200, json: input.fake.notes };
      case 'GET /_fake/calls':
        return { status: 200, json: input.fake.calls };
      case 'POST /_fake/stage-change':
        return { status: 200, json: await deliverStageChange(input.fake, readBody(input.raw)) };
      case 'POST /_fake/ping':
        return { status: 200, json: await sendPing(input.fake, readBody(input.raw)) };
      default:
        return { status: 404, json: { error: `no control route ${route}; see README.md` } };
    }
  } catch (error) {
    return { status: 400, json: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function deliverStageChange(fake: FakeAshby, body: JsonObject) {
  return fake.deliverStageChange({
    url: requireString(body, 'url'),
    secret: requireString(body, 'secret'),
    applicationId: optionalString(body, 'applicationId') ?? SEEDED_IDS.applicationId,
    stageTitle: requireString(body, 'stageTitle'),
  });
}

function sendPing(fake: FakeAshby, body: JsonObject) {
  const secret = body.secret === null ? null : requireString(body, 'secret');
  return fake.sendPing({ url: requireString(body, 'url'), secret });
}

function readBody(raw: Buffer): JsonObject {
  const body: unknown = JSON.parse(raw.toString('utf8') || '{}');
  if (!isJsonObject(body)) throw new Error('the request body must be a JSON object');
  return body;
}

function requireString(body: JsonObject, field: string): string {
  const value = body[field];
  if (typeof value === 'string' && value !== '') return value;
  throw new Error(`"${field}" is required (a non-empty string)`);
}

function optionalString(body: JsonObject, field: string): string | undefined {
  return body[field] === undefined ? undefined : requireString(body, field);
}
