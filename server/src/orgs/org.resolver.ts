import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Errors } from '../platform/errors.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { SESSION_COOKIE, type SignedIn } from './auth.service.js';
import { Org, User } from './org.entity.js';

@Resolver()
export class OrgResolver {
  @Authorized()
  @Query(() => User, { description: 'The signed-in person (not available to API tokens).' })
  me(@Ctx() ctx: GqlContext): User {
    const viewer = viewerOf(ctx);
    if (!viewer.user) throw Errors.badInput('API tokens act for an organisation, not a person: query `org` instead of `me`.');
    return viewer.user;
  }

  @Authorized()
  @Query(() => Org)
  org(@Ctx() ctx: GqlContext): Org {
    return viewerOf(ctx).org;
  }

  @Mutation(() => User, { description: 'Starts a session (sets an httpOnly cookie).' })
  async signIn(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GqlContext): Promise<User> {
    if (!ctx.reply) throw Errors.badInput('Sign in over HTTP, not over a websocket.');
    const { viewer } = setSessionCookie(ctx, await ctx.services.auth.signIn(ctx.em, email, password));
    ctx.log.info({ userId: viewer.user!.id, orgId: viewer.org.id }, 'signed in');
    return viewer.user!;
  }

  @Authorized()
  @Mutation(() => Boolean)
  async signOut(@Ctx() ctx: GqlContext): Promise<boolean> {
    await ctx.services.auth.signOut(ctx.em, viewerOf(ctx));
    ctx.reply?.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }
}

/** Hands a new session to the browser as an httpOnly cookie (HTTP operations only). */
export function setSessionCookie(ctx: GqlContext, signedIn: SignedIn): SignedIn {
  if (!ctx.reply) throw Errors.badInput('Sign in over HTTP, not over a websocket.');
  ctx.reply.setCookie(SESSION_COOKIE, signedIn.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.services.urls.base.startsWith('https://'),
    expires: signedIn.expiresAt,
  });
  return signedIn;
}
