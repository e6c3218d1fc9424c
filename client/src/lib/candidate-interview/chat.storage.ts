/**
 * Per-tab memory of what the candidate typed, so a reload or a crashed tab loses nothing.
 * Storage can be unavailable (privacy modes, full quota); the chat still works without it.
 */

export type StoredAnswer = { clientId: string; text: string };

function keyFor(token: string, name: 'draft' | 'outbox'): string {
  return `prelim.interview.${token}.${name}`;
}

function readItem(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeItem(key: string, value: string | null): void {
  try {
    if (value === null || value === '') sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Nothing to do: the text stays on screen, it just won't survive a reload.
  }
}

export function loadDraft(token: string): string {
  return readItem(keyFor(token, 'draft')) ?? '';
}

export function saveDraft(token: string, draft: string): void {
  writeItem(keyFor(token, 'draft'), draft);
}

export function loadOutbox(token: string): StoredAnswer[] {
  const raw = readItem(keyFor(token, 'outbox'));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is StoredAnswer =>
        typeof item?.clientId === 'string' && typeof item?.text === 'string',
    );
  } catch {
    return [];
  }
}

export function saveOutbox(token: string, answers: StoredAnswer[]): void {
  writeItem(keyFor(token, 'outbox'), answers.length ? JSON.stringify(answers) : null);
}

/** A random id for one answer; falls back for browsers without `crypto.randomUUID` (plain http). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
