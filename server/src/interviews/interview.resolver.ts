import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Pushback } from '../ashby/pushback.entity.js';
import { Job, Question } from '../jobs/job.entity.js';
import type { Org } from '../orgs/org.entity.js';
import { asUuid } from '../jobs/job.resolver.js';
import { Errors } from '../platform/errors.js';
import { INTERVIEW_CHANGED, type InterviewChangedEvent } from '../platform/events.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { AnswerScore, Evaluation, Recommendation } from '../scoring/evaluation.entity.js';
import { Candidate, Interview, InterviewStatus, Message } from './interview.entity.js';

@InputType()
export class InterviewFilter {
  @Field(() => ID, { nullable: true })
  jobId?: string;

  @Field(() => InterviewStatus, { nullable: true })
  status?: InterviewStatus;

  @Field(() => String, { nullable: true, description: "Matches the candidate's name or email, case-insensitively." })
  search?: string;

  @Field(() => Recommendation, { nullable: true, description: "The current (newest) evaluation's recommendation." })
  recommendation?: Recommendation;
}

@ArgsType()
class InterviewsArgs {
  @Field(() => InterviewFilter, { nullable: true })
  filter?: InterviewFilter;

  @Field(() => Int, { defaultValue: 50 })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string;
}

@ObjectType()
class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
class InterviewConnection {
  @Field(() => [Interview])
  nodes!: Interview[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@Resolver(() => Interview)
export class InterviewResolver {
  @Authorized()
  @Query(() => InterviewConnection, { description: 'Newest first.' })
  async interviews(@Args(() => InterviewsArgs) args: InterviewsArgs, @Ctx() ctx: GqlContext): Promise<InterviewConnection> {
    const org = viewerOf(ctx).org;
    if (args.first < 1 || args.first > 200) throw Errors.badInput('`first` must be between 1 and 200.', { first: 'between 1 and 200' });
    const where: Record<string, unknown> = { org };
    if (args.filter?.jobId) where.job = asUuid(args.filter.jobId);
    if (args.filter?.status) where.status = args.filter.status;
    if (args.filter?.recommendation) where.id = { $in: await currentlyRecommended(ctx.em, org, args.filter.recommendation) };
    if (args.filter?.search?.trim()) {
      const like = `%${args.filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.candidate = { $or: [{ name: { $ilike: like } }, { email: { $ilike: like } }] };
    }
    const totalCount = await ctx.em.count(Interview, where);
    const cursor = args.after ? decodeCursor(args.after) : null;
    const page = await ctx.em.find(
      Interview,
      cursor ? { $and: [where, { $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] }] } : where,
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: args.first + 1 },
    );
    const nodes = page.slice(0, args.first);
    const last = nodes.at(-1);
    return { nodes, totalCount, pageInfo: { hasNextPage: page.length > args.first, endCursor: last ? encodeCursor(last) : null } };
  }

  @Authorized()
  @Query(() => Interview, { nullable: true, description: 'Null when the interview does not exist or belongs to another organisation.' })
  interview(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Interview | null> {
    return ctx.em.findOne(Interview, { id: asUuid(id), org: viewerOf(ctx).org });
  }

  @Authorized('recruiter')
  @Mutation(() => Pushback, { description: 'Queues another attempt to post a failed result to Ashby.' })
  async retryPushback(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Pushback> {
    const pushback = await ctx.em.findOne(Pushback, { id: asUuid(id), interview: { org: viewerOf(ctx).org } }, { populate: ['evaluation'] });
    if (!pushback) throw Errors.notFound('The pushback');
    return ctx.services.pushbacks.retry(ctx.em, pushback);
  }

  @Authorized()
  @Subscription(() => Interview, {
    topics: INTERVIEW_CHANGED,
    description: "An interview of the caller's organisation changed (created, status, scores, pushback). Optionally only one job's.",
    filter: ({ payload, args, context }: { payload: InterviewChangedEvent; args: { jobId?: string | null }; context: GqlContext }) =>
      payload.orgId === context.viewer?.org.id && (!args.jobId || payload.jobId === args.jobId),
  })
  async interviewChanged(@Root() payload: InterviewChangedEvent, @Arg('jobId', () => ID, { nullable: true }) _jobId: string | null, @Ctx() ctx: GqlContext): Promise<Interview> {
    // One subscription serves many events: drop what the previous event loaded.
    ctx.em.clear();
    // The caller was checked when the subscription opened; a session ended or a member removed since
    // must not keep receiving candidates' data.
    if (!(await ctx.services.auth.stillValid(ctx.em, viewerOf(ctx)))) throw Errors.unauthenticated('Your session has ended or your access was removed. Sign in again.');
    return ctx.em.findOneOrFail(Interview, { id: payload.interviewId, org: viewerOf(ctx).org });
  }

  @FieldResolver(() => Candidate)
  candidate(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<Candidate> {
    return ctx.em.findOneOrFail(Candidate, interview.candidate.id);
  }

  @FieldResolver(() => Job)
  job(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<Job> {
    return ctx.em.findOneOrFail(Job, interview.job.id);
  }

  @FieldResolver(() => [Message], { description: 'The transcript, in order.' })
  messages(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<Message[]> {
    return ctx.em.find(Message, { interview }, { orderBy: { seq: 'asc' } });
  }

  @FieldResolver(() => Evaluation, { nullable: true, description: 'The current (newest) evaluation.' })
  evaluation(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<Evaluation | null> {
    return ctx.em.findOne(Evaluation, { interview }, { orderBy: { createdAt: 'desc' } });
  }

  @FieldResolver(() => [AnswerScore], { description: "The current evaluation's answer scores, in question order." })
  async answerScores(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<AnswerScore[]> {
    const evaluation = await this.evaluation(interview, ctx);
    if (!evaluation) return [];
    return ctx.em.find(AnswerScore, { evaluation }, { populate: ['question'], orderBy: { question: { position: 'asc' } } });
  }

  @FieldResolver(() => [Pushback])
  pushbacks(@Root() interview: Interview, @Ctx() ctx: GqlContext): Promise<Pushback[]> {
    return ctx.em.find(Pushback, { interview }, { orderBy: { createdAt: 'desc' } });
  }

  @FieldResolver(() => String, { description: 'The page with the full transcript and scoring (the link in the Ashby note).' })
  transcriptUrl(@Root() interview: Interview, @Ctx() ctx: GqlContext): string {
    return ctx.services.urls.interview(interview.id);
  }
}

@Resolver(() => AnswerScore)
export class AnswerScoreResolver {
  @FieldResolver(() => String)
  async competency(@Root() score: AnswerScore, @Ctx() ctx: GqlContext): Promise<string> {
    return (await this.question(score, ctx))?.competency ?? score.questionText;
  }

  @FieldResolver(() => Question, { nullable: true, description: 'Null if the question was later removed from the job; questionText keeps what was asked.' })
  async question(@Root() score: AnswerScore, @Ctx() ctx: GqlContext): Promise<Question | null> {
    return score.question ? ctx.em.findOne(Question, score.question.id) : null;
  }
}

/** The organisation's interviews whose newest evaluation carries this recommendation (a re-score replaces the old one). */
async function currentlyRecommended(em: EntityManager, org: Org, recommendation: Recommendation): Promise<string[]> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select id from (
       select distinct on (e.interview_id) e.interview_id as id, e.recommendation
       from evaluation e join interview i on i.id = e.interview_id
       where i.org_id = ? order by e.interview_id, e.created_at desc
     ) current where recommendation = ?`,
    [org.id, recommendation],
  );
  return rows.map((r) => r.id);
}

function encodeCursor(interview: Interview): string {
  return Buffer.from(`${interview.createdAt.toISOString()}|${interview.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw Errors.badInput('`after` is not a cursor returned by `interviews`.', { after: 'unknown cursor' });
  return { createdAt, id: asUuid(id) };
}
