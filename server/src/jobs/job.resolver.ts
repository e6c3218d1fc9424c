import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { Job, Question } from './job.entity.js';

@ObjectType({ description: 'What an answer at this level looks like.' })
export class RubricLevel {
  @Field(() => Int)
  level!: number;

  @Field(() => String)
  description!: string;
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
