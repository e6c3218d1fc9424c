import type { CandidateListQuery, InterviewStatus, Recommendation } from '$lib/gql/graphql';

export type CandidateRow = CandidateListQuery['interviews']['nodes'][number];

/** What the list is narrowed to; empty strings mean "any". Kept in the page's query string. */
export interface CandidateFilter {
  jobId: string;
  status: InterviewStatus | '';
  recommendation: Recommendation | '';
  search: string;
}

export const EMPTY_FILTER: CandidateFilter = { jobId: '', status: '', recommendation: '', search: '' };

const STATUSES: readonly string[] = ['INVITED', 'IN_PROGRESS', 'COMPLETED', 'SCORED', 'EXPIRED', 'CANCELLED'];
const RECOMMENDATIONS: readonly string[] = ['STRONG_YES', 'YES', 'NO', 'STRONG_NO'];

export function filterFromUrl(params: URLSearchParams): CandidateFilter {
  const status = params.get('status') ?? '';
  const recommendation = params.get('recommendation') ?? '';
  return {
    jobId: params.get('job') ?? '',
    status: STATUSES.includes(status) ? (status as InterviewStatus) : '',
    recommendation: RECOMMENDATIONS.includes(recommendation) ? (recommendation as Recommendation) : '',
    search: params.get('q') ?? '',
  };
}

export function filterToQuery(filter: CandidateFilter): string {
  const params = new URLSearchParams();
  if (filter.jobId) params.set('job', filter.jobId);
  if (filter.status) params.set('status', filter.status);
  if (filter.recommendation) params.set('recommendation', filter.recommendation);
  if (filter.search.trim()) params.set('q', filter.search.trim());
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The filter as the API takes it (`interviews(filter:)`). */
export function toApiFilter(filter: CandidateFilter) {
  return {
    jobId: filter.jobId || null,
    status: filter.status || null,
    recommendation: filter.recommendation || null,
    search: filter.search.trim() || null,
  };
}

export function isFiltered(filter: CandidateFilter): boolean {
  return Boolean(filter.jobId || filter.status || filter.recommendation || filter.search.trim());
}

/**
 * Whether a row pushed by the live subscription belongs in the list as filtered. Mirrors the
 * server's filter: search matches the candidate's name or email, case-insensitively.
 */
export function matchesFilter(row: CandidateRow, filter: CandidateFilter): boolean {
  if (filter.jobId && row.job.id !== filter.jobId) return false;
  if (filter.status && row.status !== filter.status) return false;
  if (filter.recommendation && row.evaluation?.recommendation !== filter.recommendation) return false;
  const search = filter.search.trim().toLowerCase();
  if (!search) return true;
  return row.candidate.name.toLowerCase().includes(search) || (row.candidate.email ?? '').toLowerCase().includes(search);
}
