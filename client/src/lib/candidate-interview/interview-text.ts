import type { LinkStatus } from './interview-link';

export type EndedState = Extract<LinkStatus, 'finished' | 'expired' | 'cancelled'> | 'invalid';

/** What a candidate reads when there is no interview to take. */
export const ENDED_TEXT: Record<EndedState, { title: string; body: string }> = {
  finished: {
    title: "You've finished this interview",
    body: 'Thank you — your answers are saved and the hiring team will be in touch.',
  },
  expired: {
    title: 'This link has expired',
    body: 'This interview link has expired. If you would still like to take part, reply to the invitation email and ask the hiring team for a new link.',
  },
  cancelled: {
    title: 'This interview was cancelled',
    body: 'This interview was cancelled by the hiring team, so there is nothing to answer here. If you think this is a mistake, reply to the invitation email.',
  },
  invalid: {
    title: "This link isn't valid",
    body: "This interview link isn't valid. Check that you copied the whole link from your email.",
  },
};

const EXPIRY_FORMAT = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** The expiry in the candidate's own time zone, e.g. "Friday, 12 December 2026 at 17:00 GMT". */
export function formatExpiry(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'the date in your invitation email' : EXPIRY_FORMAT.format(date);
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
