import { DomainError } from '../platform/errors.js';
import { InterviewStatus } from './interview.entity.js';

/** Where an interview stands, in words for a recruiter. */
const STANDING: Record<InterviewStatus, string> = {
  [InterviewStatus.INVITED]: 'has not been started yet',
  [InterviewStatus.IN_PROGRESS]: 'is still in progress',
  [InterviewStatus.COMPLETED]: 'is already completed',
  [InterviewStatus.SCORED]: 'is already completed and scored',
  [InterviewStatus.EXPIRED]: 'has expired',
  [InterviewStatus.CANCELLED]: 'was cancelled',
};

/** Refusals of the dashboard's interview actions. */
export const InterviewErrors = {
  notCancellable: (status: InterviewStatus) => new DomainError('CONFLICT', `This interview ${STANDING[status]}, so it can no longer be cancelled.`),
  notResendable: (status: InterviewStatus) => new DomainError('CONFLICT', `This interview ${STANDING[status]}, so its invitation cannot be sent again.`),
  notScorable: (status: InterviewStatus) => new DomainError('CONFLICT', `This interview ${STANDING[status]}; only completed interviews can be re-scored.`),
  scoringUnderWay: () => new DomainError('CONFLICT', 'This interview is being scored right now. The new result will appear here when it is ready.'),
};
