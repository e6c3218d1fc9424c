import type { DeliveryOutcome, ProcessingResult } from '$lib/gql/graphql';

/** How each outcome reads in the troubleshooting log, and the colour of its badge. */
export const OUTCOME_LABELS: Record<DeliveryOutcome, { label: string; tone: string }> = {
  ACCEPTED: { label: 'Accepted', tone: 'success' },
  PING: { label: 'Ping', tone: 'accent' },
  IGNORED_STAGE: { label: 'Ignored: other stage', tone: 'warning' },
  IGNORED_ACTION: { label: 'Ignored: other event', tone: '' },
  DUPLICATE: { label: 'Duplicate', tone: '' },
  INVALID_SIGNATURE: { label: 'Refused: signature', tone: 'danger' },
  INVALID_PAYLOAD: { label: 'Refused: unreadable', tone: 'danger' },
  DISCONNECTED: { label: 'Refused: disconnected', tone: 'danger' },
};

export const PROCESSING_LABELS: Record<ProcessingResult, { label: string; tone: string }> = {
  INTERVIEW_CREATED: { label: 'Interview created', tone: 'success' },
  INTERVIEW_EXISTS: { label: 'Interview already existed', tone: '' },
  SKIPPED: { label: 'Skipped', tone: 'warning' },
  FAILED: { label: 'Failed', tone: 'danger' },
};

// Zero-width and direction marks: pasted names can carry them, and they break an exact match.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Names that differ from `wanted` only in letter case, spaces or invisible characters. */
export function nearMatches(wanted: string, names: readonly string[]): string[] {
  const squash = (name: string) => name.replace(INVISIBLE, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return names.filter((name) => name !== wanted && squash(name) === squash(wanted));
}

export function hasOuterSpace(name: string): boolean {
  return name !== name.trim();
}

export function hasInvisibleCharacter(name: string): boolean {
  return new RegExp(INVISIBLE.source).test(name);
}
