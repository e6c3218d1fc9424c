import { fail, isJsonObject, type Envelope, type JsonObject } from './envelope.js';
import { InputCheck } from './input-check.js';

export const MAX_PAGE_SIZE = 100;

interface Window {
  since: number;
  upto: number;
  offset: number;
}

/**
 * One page of an append-only collection, answered the way Ashby's paginated lists are.
 * A cursor pins the window read by the first page, so items added mid-listing do not shift later
 * pages; they arrive with the next incremental sync. A sync token remembers how far a finished
 * pass read, so passing it back returns only what was added since.
 */
export function listPage<T>(input: {
  endpoint: string;
  body: JsonObject;
  collection: readonly T[];
  select: (window: T[]) => unknown[];
}): Envelope {
  const check = new InputCheck(input.body);
  const limit = check.optionalInteger('limit', {
    min: 1,
    max: MAX_PAGE_SIZE,
    fallback: MAX_PAGE_SIZE,
  });
  const cursor = check.optionalString('cursor');
  const syncToken = check.optionalString('syncToken');
  const invalid = check.result();
  if (invalid) return invalid;

  const size = input.collection.length;
  const window = readWindow({ endpoint: input.endpoint, cursor, syncToken, size });
  if ('success' in window) return window;

  const items = input.select(input.collection.slice(window.since, window.upto));
  const end = window.offset + limit;
  const results = items.slice(window.offset, end);
  if (end < items.length) {
    const next = encode({ e: input.endpoint, s: window.since, u: window.upto, o: end });
    return { success: true, results, moreDataAvailable: true, nextCursor: next };
  }
  const nextSyncToken = encode({ e: input.endpoint, n: window.upto });
  return { success: true, results, moreDataAvailable: false, syncToken: nextSyncToken };
}

function readWindow(input: {
  endpoint: string;
  cursor: string | undefined;
  syncToken: string | undefined;
  size: number;
}): Window | Envelope {
  if (input.cursor !== undefined) {
    const cursor = decode(input.cursor);
    const isValid = cursor?.e === input.endpoint && [cursor.s, cursor.u, cursor.o].every(isCount);
    if (!isValid) {
      return fail('invalid_next_cursor', 'The cursor is not one this endpoint issued; restart the listing without a cursor');
    }
    return { since: Number(cursor.s), upto: Number(cursor.u), offset: Number(cursor.o) };
  }

  if (input.syncToken !== undefined) {
    const token = decode(input.syncToken);
    const isValid =
      token?.e === input.endpoint && isCount(token.n) && Number(token.n) <= input.size;
    if (!isValid) {
      return fail('sync_token_invalid', 'The sync token is not one this endpoint issued; drop it and run a full sync');
    }
    return { since: Number(token.n), upto: input.size, offset: 0 };
  }

  return { since: 0, upto: input.size, offset: 0 };
}

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && Number(value) >= 0;
}

function encode(value: JsonObject): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}
