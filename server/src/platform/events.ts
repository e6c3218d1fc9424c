import type { EntityManager } from '@mikro-orm/postgresql';
import type { PgPubSub } from './pubsub.js';

export const INTERVIEW_CHANGED = 'interview.changed';

export interface InterviewChangedEvent {
  orgId: string;
  interviewId: string;
  jobId: string;
  status: string;
}

/** Tells every process (GraphQL subscribers of that org) that an interview changed; delivered on commit. */
export function publishInterviewChanged(pubsub: PgPubSub, em: EntityManager, event: InterviewChangedEvent): Promise<void> {
  return pubsub.publish(em, { topic: INTERVIEW_CHANGED, payload: { ...event } });
}
