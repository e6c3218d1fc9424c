import type {
  InterviewStatus,
  PushbackStatus,
  Recommendation,
} from '$lib/gql/graphql';

/** The scale of both answer scores and the overall score. */
export const MAX_SCORE = 5;

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  STRONG_YES: 'Strong yes',
  YES: 'Yes',
  NO: 'No',
  STRONG_NO: 'Strong no',
};

export const INTERVIEW_STATUS_LABELS: Record<InterviewStatus, string> = {
  INVITED: 'Invited',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  SCORED: 'Scored',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled',
};

/** Why a report has no evaluation yet, for each status that can lack one. */
export const UNSCORED_EXPLANATIONS: Record<InterviewStatus, string> = {
  INVITED: "The candidate hasn't started this interview yet.",
  IN_PROGRESS: 'The candidate is still answering. Scores appear here once they finish.',
  COMPLETED: 'The interview is finished and is being scored. The scores appear here on their own in a minute.',
  SCORED: 'No score was recorded for this interview.',
  EXPIRED: 'The link expired before the candidate finished, so there is no score.',
  CANCELLED: 'This interview was cancelled, so there is no score.',
};

export function formatScore(score: number, fractionDigits = 0): string {
  return `${score.toFixed(fractionDigits)} / ${MAX_SCORE}`;
}

export function describePushback(pushback: { status: PushbackStatus; lastError: string | null }) {
  switch (pushback.status) {
    case 'POSTED':
      return 'Posted to Ashby';
    case 'FAILED':
      return `Failed: ${pushback.lastError ?? 'Ashby did not say why.'}`;
    case 'PENDING':
      return 'Pending';
  }
}

/** `assessment_result` → `Assessment result`. */
export function humanizeKind(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : DATE_TIME.format(date);
}
