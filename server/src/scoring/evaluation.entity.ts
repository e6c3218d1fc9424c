import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Interview } from '../interviews/interview.entity.js';
import { Question } from '../jobs/job.entity.js';

export enum Recommendation {
  STRONG_YES = 'strong_yes',
  YES = 'yes',
  NO = 'no',
  STRONG_NO = 'strong_no',
}
registerEnumType(Recommendation, { name: 'Recommendation' });

/** The result of scoring one interview. Re-scoring adds a new one; the newest is current. */
@ObjectType()
@Entity({ tableName: 'evaluation' })
@Index({ properties: ['interview', 'createdAt'] })
export class Evaluation {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Interview, { deleteRule: 'cascade' })
  interview!: Interview;

  @Field(() => Float, { description: 'Weighted mean of the answer scores on the 1–5 scale, one decimal.' })
  @Property({ type: 'double' })
  overallScore!: number;

  @Field(() => Recommendation)
  @Enum({ items: () => Recommendation })
  recommendation!: Recommendation;

  @Field(() => String)
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => String, { description: 'The model that scored, or the built-in scorer (not AI).' })
  @Property({ type: 'text' })
  model!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  promptVersion!: string;

  /** Model settings (temperature, max tokens…) so an evaluation can be reproduced. */
  @Property({ type: 'jsonb' })
  settings!: Record<string, unknown>;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

@ObjectType()
@Entity({ tableName: 'answer_score' })
export class AnswerScore {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Evaluation, { deleteRule: 'cascade' })
  evaluation!: Evaluation;

  @ManyToOne(() => Question, { nullable: true, deleteRule: 'set null' })
  question!: Question | null;

  /** The question as it was asked, kept even if the job's questions are edited later. */
  @Field(() => String)
  @Property({ type: 'text' })
  questionText!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  score!: number;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  weight!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  rationale!: string;

  @Field(() => [String], { description: 'Quotes from the transcript; each is checked to appear in it.' })
  @Property({ type: 'jsonb' })
  evidence!: string[];
}
