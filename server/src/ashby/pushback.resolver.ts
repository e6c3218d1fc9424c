import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Interview } from '../interviews/interview.entity.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { Pushback, PushbackStatus } from './pushback.entity.js';

/** Results sent back to Ashby, seen from the dashboard's troubleshooting list. */
@Resolver(() => Pushback)
export class PushbackResolver {
  @Authorized()
  @Query(() => [Pushback], { description: "The organisation's pushbacks that failed (see lastError), most recently tried first." })
  failedPushbacks(@Ctx() ctx: GqlContext): Promise<Pushback[]> {
    return ctx.em.find(Pushback, { status: PushbackStatus.FAILED, interview: { org: viewerOf(ctx).org } }, { orderBy: { updatedAt: 'desc', id: 'desc' } });
  }

  @FieldResolver(() => Interview)
  interview(@Root() pushback: Pushback, @Ctx() ctx: GqlContext): Promise<Interview> {
    return ctx.em.findOneOrFail(Interview, pushback.interview.id);
  }
}
