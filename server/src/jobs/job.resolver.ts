import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Interview } from '../interviews/interview.entity.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { Job, Question } from './job.entity.js';

@ObjectType({ description: 'What an answer at this level looks like.' })
export class RubricLevel {
  @Field(() => Int)
  level!: number;

  @Field(() => String)
  description!: string;
}

@InputType()
export class RubricLevelInput {
  @Field(() => Int, { description: '1 to 5.' })
  level!: number;

  @Field(() => String)
  description!: string;
}

@InputType({ description: 'A screening question. Errors name the field: text, competency, weight, rubric, or rubric.<level> for one level.' })
export class QuestionInput {
  @Field(() => String, { description: '10 to 600 characters.' })
  text!: string;

  @Field(() => String, { description: '2 to 120 characters.' })
  competency!: string;

  @Field(() => Int, { description: '1 (nice to have) to 3 (essential).' })
  weight!: number;

  @Field(() => [RubricLevelInput], { description: 'Levels 1 to 5, each exactly once, each described.' })
  rubric!: RubricLevelInput[];
}

@Resolver(() => Job)
export class JobResolver {
  @Authorized()
  @Query(() => [Job])
  jobs(@Ctx() ctx: GqlContext): Promise<Job[]> {
    return ctx.em.find(Job, { org: viewerOf(ctx).org }, { orderBy: { createdAt: 'desc' } });
  }

  @Authorized()
  @Query(() => Job, { nullable: true, description: "Null when the job does not exist or belongs to another organisation." })
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Job | null> {
    return ctx.em.findOne(Job, { id: asUuid(id), org: viewerOf(ctx).org });
  }

  @FieldResolver(() => [Question])
  questions(@Root() job: Job, @Ctx() ctx: GqlContext): Promise<Question[]> {
    return ctx.em.find(Question, { job, archivedAt: null }, { orderBy: { position: 'asc' } });
  }

  @FieldResolver(() => Int, { description: 'Interviews for this job, in any status.' })
  interviewCount(@Root() job: Job, @Ctx() ctx: GqlContext): Promise<number> {
    return ctx.em.count(Interview, { job });
  }

  @Authorized('recruiter')
  @Mutation(() => Question, { description: 'Edits a question. One that an interview has already used is archived and replaced, so the returned id may be new.' })
  updateQuestion(@Arg('id', () => ID) id: string, @Arg('input', () => QuestionInput) input: QuestionInput, @Ctx() ctx: GqlContext): Promise<Question> {
    return ctx.services.questions.update(ctx.em, viewerOf(ctx).org, asUuid(id), input);
  }

  @Authorized('recruiter')
  @Mutation(() => Question, { description: 'Adds a question after the current ones.' })
  addQuestion(@Arg('jobId', () => ID) jobId: string, @Arg('input', () => QuestionInput) input: QuestionInput, @Ctx() ctx: GqlContext): Promise<Question> {
    return ctx.services.questions.add(ctx.em, viewerOf(ctx).org, asUuid(jobId), input);
  }

  @Authorized('recruiter')
  @Mutation(() => Boolean, { description: 'Removes a question from the job; interviews that asked it keep it.' })
  async removeQuestion(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<boolean> {
    await ctx.services.questions.remove(ctx.em, viewerOf(ctx).org, asUuid(id));
    return true;
  }

  @Authorized('recruiter')
  @Mutation(() => [Question], { description: "Sets the order of the job's questions; the list must name each current question exactly once." })
  reorderQuestions(@Arg('jobId', () => ID) jobId: string, @Arg('questionIds', () => [ID]) questionIds: string[], @Ctx() ctx: GqlContext): Promise<Question[]> {
    return ctx.services.questions.reorder(ctx.em, viewerOf(ctx).org, asUuid(jobId), questionIds.map(asUuid));
  }

  @Authorized('recruiter')
  @Mutation(() => [Question], { description: "Replaces the job's questions with new ones written from its description by the configured interviewer." })
  regenerateQuestions(@Arg('jobId', () => ID) jobId: string, @Ctx() ctx: GqlContext): Promise<Question[]> {
    return ctx.services.questions.regenerate(ctx.em, viewerOf(ctx).org, asUuid(jobId), ctx.log);
  }

  @Authorized('recruiter')
  @Mutation(() => Job, { description: "Sets the description questions are generated from, for jobs whose Ashby posting has none." })
  updateJobDescription(@Arg('jobId', () => ID) jobId: string, @Arg('description', () => String) description: string, @Ctx() ctx: GqlContext): Promise<Job> {
    return ctx.services.questions.updateDescription(ctx.em, viewerOf(ctx).org, asUuid(jobId), description);
  }
}

@Resolver(() => Question)
export class QuestionResolver {
  @FieldResolver(() => [RubricLevel])
  rubric(@Root() question: Question): RubricLevel[] {
    return Object.entries(question.rubric).map(([level, description]) => ({ level: Number(level), description }));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot match a row, so it is looked up as one that never exists. */
export function asUuid(id: string): string {
  return UUID.test(id) ? id : '00000000-0000-0000-0000-000000000000';
}
