import { randomBytes } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export interface ErrorEnvelope {
  success: false;
  errors: string[];
  errorInfo: { code: string; message: string; requestId: string };
}

export interface SuccessEnvelope {
  success: true;
  results?: unknown;
  [key: string]: unknown;
}

export type Envelope = SuccessEnvelope | ErrorEnvelope;

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped id like the `requestId` in Ashby's error envelopes. */
export function newRequestId(): string {
  let id = '01J';
  for (const byte of randomBytes(23)) id += CROCKFORD_BASE32[byte % 32];
  return id;
}

export function ok(results: unknown): SuccessEnvelope {
  return { success: true, results };
}

/** Ashby's error envelope; the deprecated `errors` array carries the same code. */
export function fail(code: string, message: string): ErrorEnvelope {
  return {
    success: false,
    errors: [code],
    errorInfo: { code, message, requestId: newRequestId() },
  };
}

export function invalidInput(problems: string[]): ErrorEnvelope {
  return fail('invalid_input', problems.join('; '));
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
