import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Interview } from '../interviews/interview.entity.js';
import { Evaluation } from '../scoring/evaluation.entity.js';

export enum PushbackKind {
  ASHBY_NOTE = 'ashby_note',
  ASSESSMENT_RESULT = 'assessment_result',
  /** An Ashby assessment's status (started, cancelled); one per interview. */
  ASSESSMENT_STATUS = 'assessment_status',
}
registerEnumType(PushbackKind, { name: 'PushbackKind' });

export enum PushbackStatus {
  PENDING = 'pending',
  POSTED = 'posted',
  FAILED = 'failed',
}
registerEnumType(PushbackStatus, { name: 'PushbackStatus' });

/**
 * Sending a result back to Ashby: the note and the assessment result, one per evaluation and kind;
 * an assessment's status, one per interview (no evaluation). Failures are kept and retryable.
 */
@ObjectType()
@Entity({ tableName: 'pushback' })
@Unique({ properties: ['evaluation', 'kind'] })
export class Pushback {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'attempts' | 'lastError' | 'ashbyRef' | 'postedAt' | 'status' | 'evaluation';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Interview, { deleteRule: 'cascade' })
  interview!: Interview;

  @ManyToOne(() => Evaluation, { deleteRule: 'cascade', nullable: true })
  evaluation: Evaluation | null = null;

  @Field(() => PushbackKind)
  @Enum({ items: () => PushbackKind })
  kind!: PushbackKind;

  @Field(() => PushbackStatus)
  @Enum({ items: () => PushbackStatus })
  status: PushbackStatus = PushbackStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'int' })
  attempts: number = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** Ashby's id for what we created, once posted: the note id, or the assessment_id an update was for. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ashbyRef: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  postedAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
