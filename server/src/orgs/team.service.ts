import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mailer } from '../mail/mailer.js';
import { DomainError, Errors } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { PublicUrl } from '../platform/public-url.js';
import { hashToken, randomToken } from '../platform/secrets.js';
import { Session } from './auth.entity.js';
import { MIN_PASSWORD_LENGTH, normaliseEmail, hashPassword, type AuthService, type SignedIn, type Viewer } from './auth.service.js';
import { memberInvitationEmail } from './invitation-email.js';
import { Invitation } from './invitation.entity.js';
import { Membership, Org, Role, User } from './org.entity.js';

/** How long an emailed invitation link works. */
export const INVITATION_DAYS = 7;

const MAX_NAME_LENGTH = 120;
const MAX_PASSWORD_LENGTH = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const TeamErrors = {
  emailTaken: (email: string) =>
    new DomainError('CONFLICT', `An account with the email ${email} already exists. Sign in instead, or ask an admin of your team to invite you.`, { fields: { email: 'An account with this email already exists.' } }),
  alreadyMember: (email: string) => Errors.conflict(`${email} is already a member of this organisation. Change their role in the team list instead.`),
  invitationUnusable: () => new DomainError('NOT_FOUND', 'This invitation link is not valid or has already been used. Ask the person who invited you to send a new one.'),
  invitationExpired: (expiresAt: Date) =>
    Errors.conflict(`This invitation expired on ${expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC')}. Ask the person who invited you to send a new one.`),
  wrongPasswordForExisting: (email: string) =>
    new DomainError('UNAUTHENTICATED', `An account with the email ${email} already exists: enter its password to join with it.`, { fields: { password: 'Enter the password of your existing account.' } }),
  onlyOwnersGrantOwner: () => Errors.forbidden('Only owners can make someone an owner.'),
  onlyOwnersTouchOwners: () => Errors.forbidden('Only owners can change or remove another owner.'),
  lastOwner: () => Errors.conflict('This is the only owner of the organisation. Make someone else an owner first: an organisation always keeps at least one owner.'),
  mailFailed: () => Errors.upstream('The invitation email could not be sent, so no invitation was created. Check the mail settings (SMTP_URL) and try again.'),
};

/** Fields of the sign-up form, validated together. */
export interface SignUpInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
}

/** Sign-up, the organisation's members and roles, and invitations by email. */
export class TeamService {
  constructor(private readonly deps: { auth: AuthService; mailer: Mailer; urls: PublicUrl }) {}

  /** Creates the organisation with its first user as owner and signs them in. */
  async signUp(em: EntityManager, input: SignUpInput): Promise<SignedIn> {
    const email = normaliseEmail(input.email);
    const fields = {
      ...nameProblem('orgName', input.orgName, 'the organisation name'),
      ...nameProblem('name', input.name, 'your name'),
      ...emailProblem('email', email),
      ...passwordProblem('password', input.password),
    };
    if (Object.keys(fields).length > 0) throw Errors.badInput(`Cannot sign up: ${Object.values(fields).join(' ')}`, fields);

    let created: { org: Org; user: User };
    try {
      created = await this.deps.auth.createOrgWithOwner(em, { orgName: input.orgName, ownerEmail: email, ownerName: input.name, password: input.password });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') throw TeamErrors.emailTaken(email);
      throw error;
    }
    return this.deps.auth.startSession(em, { ...created, role: Role.OWNER });
  }

  /** Everyone in the organisation, longest-standing first. */
  members(em: EntityManager, org: Org): Promise<Membership[]> {
    return em.find(Membership, { org }, { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Sent and neither accepted nor revoked (expired ones included, so they can be sent again), newest first. */
  pendingInvitations(em: EntityManager, org: Org): Promise<Invitation[]> {
    return em.find(Invitation, { org, acceptedAt: null, revokedAt: null }, { orderBy: { createdAt: 'desc' } });
  }

  /** A usable (not accepted, not revoked) invitation for the join page, expired or not; null otherwise. */
  async findByToken(em: EntityManager, token: string): Promise<Invitation | null> {
    if (!INVITATION_TOKEN.test(token)) return null;
    return em.findOne(Invitation, { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null }, { populate: ['org'] });
  }

  /**
   * Emails a single-use join link. Inviting an email again replaces its pending invitation, so
   * only the newest link works.
   */
  async invite(em: EntityManager, viewer: Viewer, input: { email: string; role: Role }, log: Logger): Promise<Invitation> {
    const email = normaliseEmail(input.email);
    const fields = emailProblem('email', email);
    if (Object.keys(fields).length > 0) throw Errors.badInput(`Cannot invite: ${fields.email}`, fields);
    if (input.role === Role.OWNER && viewer.role !== Role.OWNER) throw TeamErrors.onlyOwnersGrantOwner();
    if (await em.count(Membership, { org: viewer.org, user: { email } })) throw TeamErrors.alreadyMember(email);

    const token = randomToken(32);
    const invitation = await em.transactional(async (tem) => {
      await tem.nativeUpdate(Invitation, { org: viewer.org, email, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
      const created = tem.create(Invitation, {
        org: viewer.org,
        email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: viewer.user,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
      });
      await tem.flush();
      return created;
    });

    const content = memberInvitationEmail({ orgName: viewer.org.name, inviterName: viewer.user?.name ?? null, role: input.role, link: this.deps.urls.join(token), expiresAt: invitation.expiresAt });
    try {
      await this.deps.mailer.send({ to: email, ...content });
    } catch (error) {
      // The link exists only in this email: without it the invitation is useless, so it goes.
      await em.nativeDelete(Invitation, { id: invitation.id });
      // SMTP errors can quote the recipient, so only the error's kind is logged.
      log.warn({ invitationId: invitation.id, failure: error instanceof Error ? error.name : 'error', code: (error as { code?: unknown } | null)?.code }, 'invitation email failed');
      throw TeamErrors.mailFailed();
    }
    log.info({ invitationId: invitation.id, orgId: viewer.org.id, role: input.role }, 'member invited');
    return invitation;
  }

  async revoke(em: EntityManager, viewer: Viewer, invitationId: string): Promise<void> {
    const changed = await em.nativeUpdate(Invitation, { id: invitationId, org: viewer.org, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
    if (changed === 0) throw Errors.notFound('The pending invitation');
  }

  /**
   * Joins the organisation with the invitation's role and signs in there. A new email gets an
   * account with this name and password; an existing account must give its own password.
   */
  async accept(em: EntityManager, input: { token: string; name: string; password: string }, log: Logger): Promise<SignedIn> {
    const invitation = await this.findByToken(em, input.token);
    if (!invitation) throw TeamErrors.invitationUnusable();
    if (invitation.expiresAt <= new Date()) throw TeamErrors.invitationExpired(invitation.expiresAt);

    const existing = await em.findOne(User, { email: invitation.email });
    if (existing) {
      if (!(await this.deps.auth.authenticate(em, invitation.email, input.password))) throw TeamErrors.wrongPasswordForExisting(invitation.email);
    } else {
      const fields = { ...nameProblem('name', input.name, 'your name'), ...passwordProblem('password', input.password) };
      if (Object.keys(fields).length > 0) throw Errors.badInput(`Cannot create your account: ${Object.values(fields).join(' ')}`, fields);
    }
    const passwordHash = existing ? null : await hashPassword(input.password);

    try {
      const membership = await em.transactional(async (tem) => {
        // The guarded update makes the link single-use even when it is submitted twice at once.
        const claimed = await tem.nativeUpdate(Invitation, { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } }, { acceptedAt: new Date() });
        if (claimed === 0) throw TeamErrors.invitationUnusable();
        const user = existing ?? tem.create(User, { email: invitation.email, name: input.name.trim(), passwordHash });
        const current = existing ? await tem.findOne(Membership, { org: invitation.org, user }) : null;
        const joined = current ?? tem.create(Membership, { org: invitation.org, user, role: invitation.role });
        await tem.flush();
        return joined;
      });
      log.info({ invitationId: invitation.id, orgId: invitation.org.id, userId: membership.user.id }, 'invitation accepted');
      return await this.deps.auth.startSession(em, { user: membership.user, org: invitation.org, role: membership.role });
    } catch (error) {
      // Someone created an account with this email between the check and the insert.
      if (error instanceof UniqueConstraintViolationException) throw TeamErrors.emailTaken(invitation.email);
      throw error;
    }
  }

  /** Owners may change anyone; admins may not touch owners nor make owners. One owner always remains. */
  async updateRole(em: EntityManager, viewer: Viewer, input: { userId: string; role: Role }): Promise<Membership> {
    const membership = await this.#memberOf(em, viewer, input.userId);
    if (input.role === Role.OWNER && viewer.role !== Role.OWNER) throw TeamErrors.onlyOwnersGrantOwner();
    if (membership.role === input.role) return membership;

    await em.transactional(async (tem) => {
      if (membership.role === Role.OWNER) await this.#keepAnOwner(tem, viewer.org);
      await tem.nativeUpdate(Membership, { id: membership.id }, { role: input.role });
    });
    await em.refresh(membership);
    return membership;
  }

  /** Removes someone from the organisation and ends their sessions there; their account stays. */
  async remove(em: EntityManager, viewer: Viewer, userId: string): Promise<void> {
    const membership = await this.#memberOf(em, viewer, userId);
    await em.transactional(async (tem) => {
      if (membership.role === Role.OWNER) await this.#keepAnOwner(tem, viewer.org);
      await tem.nativeDelete(Membership, { id: membership.id });
      await tem.nativeDelete(Session, { user: membership.user.id, org: viewer.org.id });
    });
  }

  async #memberOf(em: EntityManager, viewer: Viewer, userId: string): Promise<Membership> {
    const membership = await em.findOne(Membership, { org: viewer.org, user: userId }, { populate: ['user'] });
    if (!membership) throw Errors.notFound('The member');
    if (membership.role === Role.OWNER && viewer.role !== Role.OWNER) throw TeamErrors.onlyOwnersTouchOwners();
    return membership;
  }

  /**
   * Called before an owner stops being one. Locks the owners' rows so two owners demoting each
   * other at once cannot both see the other one still there.
   */
  async #keepAnOwner(em: EntityManager, org: Org): Promise<void> {
    const owners = await em.getConnection().execute<{ id: string }[]>(
      `select id from membership where org_id = ? and role = 'owner' for update`,
      [org.id], 'all', em.getTransactionContext(),
    );
    if (owners.length <= 1) throw TeamErrors.lastOwner();
  }
}

function nameProblem(field: string, value: string, what: string): Record<string, string> {
  const trimmed = value.trim();
  if (!trimmed) return { [field]: `Enter ${what}.` };
  if (trimmed.length > MAX_NAME_LENGTH) return { [field]: `Shorten ${what} to at most ${MAX_NAME_LENGTH} characters (it has ${trimmed.length}).` };
  return {};
}

function emailProblem(field: string, email: string): Record<string, string> {
  if (!EMAIL.test(email) || email.length > 254) return { [field]: 'Enter an email address like name@company.com.' };
  return {};
}

function passwordProblem(field: string, password: string): Record<string, string> {
  if (password.length < MIN_PASSWORD_LENGTH) return { [field]: `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (password.length > MAX_PASSWORD_LENGTH) return { [field]: `Use a password of at most ${MAX_PASSWORD_LENGTH} characters.` };
  return {};
}
