/** What the candidate's link says about its interview, before anything is started. */
export type InterviewLink = {
  status: LinkStatus;
  orgName: string;
  jobTitle: string;
  candidateFirstName: string;
  questionCount: number;
  estimatedMinutes: number;
  expiresAt: string;
  interviewer: { builtIn: boolean; label: string };
};

export type LinkStatus = 'not_started' | 'in_progress' | 'finished' | 'expired' | 'cancelled';

export type LinkLookup = { found: true; link: InterviewLink } | { found: false };

const LINK_STATUSES: readonly string[] = [
  'not_started',
  'in_progress',
  'finished',
  'expired',
  'cancelled',
] satisfies LinkStatus[];

/** Thrown when the link could not be checked at all; the person can try again. */
export class LinkLookupError extends Error {}

/**
 * Looks the token up without starting anything: mail scanners open these links too, so only the
 * candidate's "Start interview" click may change the interview.
 */
export async function fetchInterviewLink(token: string, fetchFn = fetch): Promise<LinkLookup> {
  let response: Response;
  try {
    response = await fetchFn(`/api/interview-link/${encodeURIComponent(token)}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new LinkLookupError("We couldn't reach the interview service. Check your connection and try again.");
  }

  if (response.status === 404 || response.status === 400) return { found: false };
  if (!response.ok) {
    throw new LinkLookupError("We couldn't load your interview just now. Please try again in a moment.");
  }

  const body: unknown = await response.json().catch(() => null);
  if (!isInterviewLink(body)) {
    throw new LinkLookupError("We couldn't load your interview just now. Please try again in a moment.");
  }
  return { found: true, link: body };
}

function isInterviewLink(body: unknown): body is InterviewLink {
  if (typeof body !== 'object' || body === null) return false;
  const link = body as Partial<InterviewLink>;
  return (
    typeof link.status === 'string' &&
    LINK_STATUSES.includes(link.status) &&
    typeof link.orgName === 'string' &&
    typeof link.jobTitle === 'string' &&
    typeof link.interviewer === 'object' &&
    link.interviewer !== null
  );
}
