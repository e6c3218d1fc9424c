import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { asUuid } from '../jobs/job.resolver.js';
import { Errors } from '../platform/errors.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import type { SignedIn, Viewer } from './auth.service.js';
import { Invitation } from './invitation.entity.js';
import { Membership, Org, Role, User } from './org.entity.js';
import { setSessionCookie } from './org.resolver.js';

@ObjectType('Viewer', { description: 'Who is calling, in which organisation and with which role.' })
export class ViewerInfo {
  @Field(() => User, { nullable: true, description: 'Null for API tokens, which act for the organisation rather than a person.' })
  user!: User | null;

  @Field(() => Org)
  org!: Org;

  @Field(() => Role)
  role!: Role;
}

@ObjectType({ description: "A person in the organisation and their role." })
export class Member {
  @Field(() => User)
  user!: User;

  @Field(() => Role)
  role!: Role;

  @Field(() => Date)
  joinedAt!: Date;
}

@ObjectType({ description: 'What the join page shows before the invitation is accepted.' })
export class InvitationPreview {
  @Field(() => String)
  orgName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Boolean)
  expired!: boolean;
}

@InputType()
export class SignUpInput {
  @Field(() => String)
  orgName!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

/** Sign-up, the team list, roles and invitations. */
@Resolver()
export class TeamResolver {
  @Authorized()
  @Query(() => ViewerInfo)
  viewer(@Ctx() ctx: GqlContext): ViewerInfo {
    return toViewerInfo(viewerOf(ctx));
  }

  @Authorized()
  @Query(() => [Member], { description: 'Everyone in the organisation, longest-standing first.' })
  async members(@Ctx() ctx: GqlContext): Promise<Member[]> {
    return (await ctx.services.team.members(ctx.em, viewerOf(ctx).org)).map(toMember);
  }

  @Authorized('admin')
  @Query(() => [Invitation], { description: 'Invitations neither accepted nor revoked, newest first; expired ones are included (see expiresAt) so they can be sent again.' })
  invitations(@Ctx() ctx: GqlContext): Promise<Invitation[]> {
    return ctx.services.team.pendingInvitations(ctx.em, viewerOf(ctx).org);
  }

  @Query(() => InvitationPreview, { nullable: true, description: 'For the join page, without signing in. Null when the link is unknown, used or revoked.' })
  async invitation(@Arg('token', () => String) token: string, @Ctx() ctx: GqlContext): Promise<InvitationPreview | null> {
    const invitation = await ctx.services.team.findByToken(ctx.em, token);
    if (!invitation) return null;
    return { orgName: invitation.org.name, email: invitation.email, role: invitation.role, expired: invitation.expiresAt <= new Date() };
  }

  @Mutation(() => ViewerInfo, { description: 'Creates an organisation with you as its owner, and signs you in (sets the session cookie).' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: GqlContext): Promise<ViewerInfo> {
    if (!ctx.reply) throw Errors.badInput('Sign up over HTTP, not over a websocket.');
    const { viewer } = setSessionCookie(ctx, await ctx.services.team.signUp(ctx.em, input));
    ctx.log.info({ userId: viewer.user!.id, orgId: viewer.org.id }, 'signed up');
    return toViewerInfo(viewer);
  }

  @Authorized('admin')
  @Mutation(() => Invitation, { description: 'Emails a single-use join link, valid for 7 days, to <PUBLIC_URL>/join/<token>. Only owners can invite owners.' })
  inviteMember(@Arg('email', () => String) email: string, @Arg('role', () => Role) role: Role, @Ctx() ctx: GqlContext): Promise<Invitation> {
    return ctx.services.team.invite(ctx.em, viewerOf(ctx), { email, role }, ctx.log);
  }

  @Authorized('admin')
  @Mutation(() => Boolean)
  async revokeInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: GqlContext): Promise<boolean> {
    await ctx.services.team.revoke(ctx.em, viewerOf(ctx), asUuid(id));
    return true;
  }

  @Mutation(() => ViewerInfo, { description: 'Joins with a new account (name and password), or with an existing account whose password is given; signs in.' })
  async acceptInvitation(@Arg('token', () => String) token: string, @Arg('name', () => String) name: string, @Arg('password', () => String) password: string, @Ctx() ctx: GqlContext): Promise<ViewerInfo> {
    if (!ctx.reply) throw Errors.badInput('Accept the invitation over HTTP, not over a websocket.');
    const signedIn: SignedIn = setSessionCookie(ctx, await ctx.services.team.accept(ctx.em, { token, name, password }, ctx.log));
    return toViewerInfo(signedIn.viewer);
  }

  @Authorized('admin')
  @Mutation(() => Member, { description: 'Only owners can make or change owners; an organisation always keeps at least one owner.' })
  async updateMemberRole(@Arg('userId', () => ID) userId: string, @Arg('role', () => Role) role: Role, @Ctx() ctx: GqlContext): Promise<Member> {
    const viewer = viewerOf(ctx);
    const membership = await ctx.services.team.updateRole(ctx.em, viewer, { userId: asUuid(userId), role });
    ctx.log.info({ orgId: viewer.org.id, userId: membership.user.id, role }, 'member role changed');
    return toMember(membership);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Removes the person from the organisation and ends their sessions in it. Only owners can remove owners.' })
  async removeMember(@Arg('userId', () => ID) userId: string, @Ctx() ctx: GqlContext): Promise<boolean> {
    const viewer = viewerOf(ctx);
    await ctx.services.team.remove(ctx.em, viewer, asUuid(userId));
    ctx.log.info({ orgId: viewer.org.id, userId }, 'member removed');
    return true;
  }
}

function toViewerInfo(viewer: Viewer): ViewerInfo {
  return { user: viewer.user, org: viewer.org, role: viewer.role };
}

function toMember(membership: Membership): Member {
  return { user: membership.user, role: membership.role, joinedAt: membership.createdAt };
}
