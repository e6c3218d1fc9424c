import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Interview } from '../interviews/interview.entity.js';
import { Org } from '../orgs/org.entity.js';

/** The last assessment status Ashby has heard from Prelim; later ones never overwrite earlier ones. */
export enum StatusPushed {
  INVITED = 'invited',
  STARTED = 'started',
  CANCELLED = 'cancelled',
}

/**
 * An interview that Ashby started (or adopted) as an assessment through the partner API. Its id is
 * the `assessment_id` Ashby knows it by; one per interview, so one per application.
 */
@Entity({ tableName: 'ashby_assessment' })
export class AshbyAssessment {
  [OptionalProps]?: 'createdAt' | 'statusPushed' | 'cancelledAt' | 'cancelledReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @ManyToOne(() => Interview, { deleteRule: 'cascade', unique: true })
  interview!: Interview;

  @Property({ type: 'uuid' })
  assessmentTypeId!: string;

  /** Invited is delivered in the reply to assessment.start; started and cancelled by assessment.update. */
  @Enum({ items: () => StatusPushed })
  statusPushed: StatusPushed = StatusPushed.INVITED;

  /** When and why the interview was cancelled, for the cancelled_reason sent to Ashby. */
  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  cancelledReason: string | null = null;

  /** When Ashby started the assessment: the timestamp of the Invited status. */
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
