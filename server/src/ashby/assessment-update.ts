import type { Interview } from '../interviews/interview.entity.js';
import { InterviewStatus } from '../interviews/interview.entity.js';
import { Recommendation, type Evaluation } from '../scoring/evaluation.entity.js';
import { RECOMMENDATION_LABEL } from '../scoring/recommendation.js';
import type { AshbyAssessment } from './assessment.entity.js';

/** One datum of an assessment update. Ashby accepts exactly these five `type` values, snake_case. */
export interface AssessmentData {
  identifier: string;
  label: string;
  description?: string;
  type: 'numeric_score' | 'numeric_duration_minutes' | 'url' | 'string' | 'boolean_success';
  value: string | number | boolean;
}

/** The body of Ashby's assessment.update (snake_case), also returned inline as `update_request`. */
export interface AssessmentUpdate {
  assessment_id: string;
  /** Integer milliseconds since the epoch; increasing per assessment. */
  timestamp: number;
  assessment_status?: AssessmentData;
  assessment_profile_url?: AssessmentData;
  assessment_result?: AssessmentData;
  cancelled_reason?: AssessmentData;
  metadata?: AssessmentData[];
}

export interface AssessmentType {
  id: string;
  name: string;
  description: string;
}

/**
 * What Prelim offers in Ashby's assessment list. The id is a fixed UUID (Ashby types it as one
 * and keeps it in interview plans), so it must never change once published.
 */
export const ASSESSMENT_TYPES: readonly AssessmentType[] = [
  {
    id: '6a40758a-4da5-485b-9b98-f8b90fc81600',
    name: 'Prelim screening interview',
    description:
      'A written interview the candidate takes in the browser at their own pace, with questions generated from the job description. Each answer is scored 1–5 against a rubric; Prelim returns the overall score, a recommendation, a summary and a link to the transcript.',
  },
];

/** Where an assessment stands, as Ashby should see it. */
export type AssessmentState =
  | { kind: 'invited' }
  | { kind: 'started' }
  | { kind: 'completed'; evaluation: Evaluation }
  | { kind: 'cancelled'; reason: string; at: Date };

export const CANCELLED_REASON = {
  ashby: 'Cancelled in Ashby',
  recruiter: 'Cancelled in Prelim by the hiring team',
  expired: 'The interview link expired before the candidate started',
} as const;

/**
 * The state of a linked interview. Completion is reported only once scored (the result is what
 * marks an assessment complete in Ashby); until then a finished interview still reads Started.
 */
export function assessmentState(input: { assessment: AshbyAssessment | null; interview: Interview; evaluation: Evaluation | null; now?: Date }): AssessmentState {
  const { assessment, interview, evaluation } = input;
  const expired = { kind: 'cancelled', reason: CANCELLED_REASON.expired, at: interview.expiresAt } as const;
  switch (interview.status) {
    case InterviewStatus.INVITED:
      return interview.expiresAt <= (input.now ?? new Date()) ? expired : { kind: 'invited' };
    case InterviewStatus.EXPIRED:
      return expired;
    case InterviewStatus.IN_PROGRESS:
    case InterviewStatus.COMPLETED:
      return { kind: 'started' };
    case InterviewStatus.SCORED:
      return evaluation ? { kind: 'completed', evaluation } : { kind: 'started' };
    case InterviewStatus.CANCELLED:
      return { kind: 'cancelled', reason: assessment?.cancelledReason ?? CANCELLED_REASON.recruiter, at: assessment?.cancelledAt ?? interview.updatedAt };
  }
}

/**
 * The assessment.update body for a state. Timestamps come from when each step happened, not
 * from when it is sent, so a retried or late update carries the same, older timestamp and cannot
 * overtake a newer one; each step is kept at least 1 ms after the one before it.
 */
export function buildUpdate(input: { assessment: AshbyAssessment; interview: Interview; state: AssessmentState; interviewUrl: string }): AssessmentUpdate {
  const { assessment, interview, state } = input;
  const invitedAt = assessment.createdAt.getTime();
  const startedAt = Math.max(interview.startedAt?.getTime() ?? 0, invitedAt + 1);
  const base = { assessment_id: assessment.id };
  const profile: AssessmentData = { identifier: 'profile-url', label: 'Interview', description: 'Transcript and scoring in Prelim', type: 'url', value: input.interviewUrl };

  switch (state.kind) {
    case 'invited':
      return {
        ...base,
        timestamp: invitedAt,
        assessment_status: status('Invited'),
        assessment_profile_url: profile,
        metadata: [{ identifier: 'expires-at', label: 'Link expires', type: 'string', value: formatUtc(interview.expiresAt) }],
      };
    case 'started':
      return { ...base, timestamp: startedAt, assessment_status: status('Started'), assessment_profile_url: profile };
    case 'completed':
      return {
        ...base,
        timestamp: Math.max(state.evaluation.createdAt.getTime(), startedAt + 1),
        assessment_status: status('Completed'),
        assessment_profile_url: profile,
        assessment_result: { identifier: 'overall-score', label: 'Overall score', description: 'Weighted rubric score, 1 to 5', type: 'numeric_score', value: state.evaluation.overallScore },
        metadata: resultDetails(interview, state.evaluation, input.interviewUrl),
      };
    case 'cancelled':
      return {
        ...base,
        timestamp: Math.max(state.at.getTime(), (interview.startedAt ? startedAt : invitedAt) + 1),
        cancelled_reason: { identifier: 'cancelled-reason', label: 'Cancelled', type: 'string', value: state.reason },
      };
  }
}

function resultDetails(interview: Interview, evaluation: Evaluation, interviewUrl: string): AssessmentData[] {
  const recommended = evaluation.recommendation === Recommendation.YES || evaluation.recommendation === Recommendation.STRONG_YES;
  const details: AssessmentData[] = [
    { identifier: 'recommendation', label: 'Recommendation', type: 'string', value: RECOMMENDATION_LABEL[evaluation.recommendation] },
    { identifier: 'recommended', label: 'Recommended', description: 'Yes or Strong yes', type: 'boolean_success', value: recommended },
    { identifier: 'summary', label: 'Summary', type: 'string', value: evaluation.summary },
  ];
  if (interview.startedAt && interview.completedAt) {
    const minutes = Math.max(1, Math.ceil((interview.completedAt.getTime() - interview.startedAt.getTime()) / 60_000));
    details.push({ identifier: 'duration', label: 'Time taken', type: 'numeric_duration_minutes', value: minutes });
  }
  details.push({ identifier: 'transcript', label: 'Transcript', type: 'url', value: interviewUrl });
  return details;
}

function status(value: string): AssessmentData {
  return { identifier: 'status', label: 'Status', type: 'string', value };
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
