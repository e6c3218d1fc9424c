import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Org } from '../orgs/org.entity.js';
import { Job, Question } from '../jobs/job.entity.js';

@ObjectType()
@Entity({ tableName: 'candidate' })
@Unique({ properties: ['org', 'ashbyCandidateId'] })
export class Candidate {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @Property({ type: 'text', nullable: true })
  ashbyCandidateId!: string | null;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "Link to the candidate's profile in Ashby." })
  @Property({ type: 'text', nullable: true })
  profileUrl!: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum InterviewStatus {
  INVITED = 'invited',
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  SCORED = 'scored',
  EXPIRED = 'expired',
  CANCELLED = 'cancelled',
}
registerEnumType(InterviewStatus, { name: 'InterviewStatus' });

export enum InterviewSource {
  STAGE_CHANGE = 'stage_change',
  ASSESSMENT = 'assessment',
  MANUAL = 'manual',
}
registerEnumType(InterviewSource, { name: 'InterviewSource' });

/** One candidate's screening for one application. At most one per Ashby application, whichever path started it. */
@ObjectType()
@Entity({ tableName: 'interview' })
@Unique({ properties: ['org', 'ashbyApplicationId'] })
@Index({ properties: ['org', 'createdAt'] })
export class Interview {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'startedAt' | 'completedAt' | 'scoredAt' | 'lastSeq' | 'linkVersion' | 'status' | 'questionIds';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @ManyToOne(() => Job)
  job!: Job;

  @ManyToOne(() => Candidate)
  candidate!: Candidate;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ashbyApplicationId!: string | null;

  @Field(() => InterviewSource)
  @Enum({ items: () => InterviewSource })
  source!: InterviewSource;

  @Field(() => InterviewStatus)
  @Enum({ items: () => InterviewStatus })
  status: InterviewStatus = InterviewStatus.INVITED;

  /** sha256 of the candidate's link token; the token itself is derived with SecretBox and never stored. */
  @Property({ type: 'text', unique: true })
  linkTokenHash!: string;

  /** Bumped to invalidate the current link (a new token is derived from it). */
  @Property({ type: 'int' })
  linkVersion: number = 1;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /**
   * The job's questions as they stood when the candidate started, in order. Recruiters may edit
   * the job's questions afterwards; this interview keeps asking and scoring the ones it began with.
   */
  @Property({ type: 'jsonb', nullable: true })
  questionIds: string[] | null = null;

  /** Highest message sequence number used; incremented under the row lock so messages get gapless, ordered numbers. */
  @Property({ type: 'int' })
  lastSeq: number = 0;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  scoredAt: Date | null = null;
}

export enum MessageRole {
  INTERVIEWER = 'interviewer',
  CANDIDATE = 'candidate',
}
registerEnumType(MessageRole, { name: 'MessageRole' });

/** What a message is in the conversation. Interviewer: question, follow_up, role_answer, redirect, closing; candidate: answer, role_question, off_topic. */
export enum MessageKind {
  QUESTION = 'question',
  FOLLOW_UP = 'follow_up',
  ANSWER = 'answer',
  CLOSING = 'closing',
  /** The candidate asked about the role (or what a question means); not part of any answer. */
  ROLE_QUESTION = 'role_question',
  /** The interviewer's answer to a role question, from the job description. */
  ROLE_ANSWER = 'role_answer',
  /** Off-topic or abusive; not part of any answer. */
  OFF_TOPIC = 'off_topic',
  /** The interviewer steering back to the open question. */
  REDIRECT = 'redirect',
}
registerEnumType(MessageKind, { name: 'MessageKind' });

@ObjectType()
@Entity({ tableName: 'message' })
@Unique({ properties: ['interview', 'seq'] })
@Unique({ properties: ['interview', 'clientId'] })
export class Message {
  [OptionalProps]?: 'createdAt' | 'clientId' | 'question';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Interview, { deleteRule: 'cascade' })
  interview!: Interview;

  @Field(() => Int)
  @Property({ type: 'int' })
  seq!: number;

  @Field(() => MessageRole)
  @Enum({ items: () => MessageRole })
  role!: MessageRole;

  @Field(() => MessageKind)
  @Enum({ items: () => MessageKind })
  kind!: MessageKind;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;

  /** The question this message asks or answers. */
  @ManyToOne(() => Question, { nullable: true, deleteRule: 'set null' })
  question: Question | null = null;

  /** The candidate page's id for a message, so a resent message is stored once. */
  @Property({ type: 'text', nullable: true })
  clientId: string | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
