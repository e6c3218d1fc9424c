import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { asUuid } from '../jobs/job.resolver.js';
import { Errors } from '../platform/errors.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { Interview } from './interview.entity.js';

/** What a recruiter can do to one interview from its page: resend, cancel, re-score. */
@Resolver(() => Interview)
export class InterviewActionsResolver {
  @Authorized('recruiter')
  @Mutation(() => Interview, { description: "Emails the candidate's link again; a link that expired before the start is extended." })
  async resendInvite(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Interview> {
    return ctx.services.interviews.resendInvite(ctx.em, await findInterview(ctx, id), ctx.log);
  }

  @Authorized('recruiter')
  @Mutation(() => Interview, { description: 'Cancels an interview that has not finished; the candidate\'s link then says it was cancelled.' })
  async cancelInterview(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Interview> {
    const interview = await findInterview(ctx, id);
    await ctx.services.interviews.cancel(ctx.em, interview, { log: ctx.log, by: 'recruiter' });
    return interview;
  }

  @Authorized('recruiter')
  @Mutation(() => Interview, { description: 'Scores a completed interview again; the new evaluation replaces the current one and its note is posted to Ashby.' })
  async rescoreInterview(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<Interview> {
    return ctx.services.interviews.rescore(ctx.em, await findInterview(ctx, id), ctx.log);
  }
}

async function findInterview(ctx: GqlContext, id: string): Promise<Interview> {
  const interview = await ctx.em.findOne(Interview, { id: asUuid(id), org: viewerOf(ctx).org });
  if (!interview) throw Errors.notFound('The interview');
  return interview;
}
