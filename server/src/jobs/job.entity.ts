import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Org } from '../orgs/org.entity.js';

/** Level descriptions of a 1–5 rubric, keyed '1' to '5'. */
export type Rubric = Record<'1' | '2' | '3' | '4' | '5', string>;

/** An Ashby job mirrored into Prelim, with the screening questions generated from its description. */
@ObjectType()
@Entity({ tableName: 'job' })
@Unique({ properties: ['org', 'ashbyJobId'] })
export class Job {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ashbyJobId!: string | null;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  /** Full posting text (with company boilerplate): used to answer candidates' questions about the role. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description!: string | null;

  /** The job-specific part of the posting: what questions are generated from. */
  @Property({ type: 'text', nullable: true })
  descriptionBody!: string | null;

  @Field(() => String, { description: 'What generated the questions: a model name, or the built-in generator.' })
  @Property({ type: 'text' })
  questionsGeneratedBy!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType()
@Entity({ tableName: 'question' })
@Index({ properties: ['job', 'position'] })
export class Question {
  [OptionalProps]?: 'archivedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Job, { deleteRule: 'cascade' })
  job!: Job;

  @Field(() => Int)
  @Property({ type: 'int' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  competency!: string;

  @Property({ type: 'jsonb' })
  rubric!: Rubric;

  @Field(() => Int)
  @Property({ type: 'int' })
  weight!: number;

  /** Set when a recruiter removes or replaces the question; interviews that asked it still refer to it. */
  @Property({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;
}
