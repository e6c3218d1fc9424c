import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, Errors } from '../platform/errors.js';
import { hashToken, randomToken } from '../platform/secrets.js';
import { ApiToken, Session } from './auth.entity.js';
import { Membership, Org, Role, User } from './org.entity.js';
import { SignInThrottle } from './sign-in-throttle.js';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;
// scrypt from node:crypto rather than a native argon2 addon: nothing to compile on install.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SESSION_DAYS = 14;
export const SESSION_COOKIE = 'prelim_session';
export const MIN_PASSWORD_LENGTH = 10;

/** Who is calling: a person with a session, or an internal tool with an org API token. */
export interface Viewer {
  org: Org;
  role: Role;
  user: User | null;
  via: 'session' | 'api_token';
  sessionId?: string;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, n, salt, key] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !n || !salt || !key) {
    // Same work either way, so timing does not tell which emails have accounts.
    await scrypt(password, randomBytes(16), 32, SCRYPT);
    return false;
  }
  const derived = await scrypt(password, Buffer.from(salt, 'base64'), 32, { ...SCRYPT, N: Number(n) });
  const expected = Buffer.from(key, 'base64');
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A new session: the token goes into the cookie, never into storage or logs. */
export interface SignedIn {
  token: string;
  expiresAt: Date;
  viewer: Viewer;
}

/** Accounts, sessions and API tokens. */
export class AuthService {
  readonly #throttle = new SignInThrottle();

  async createOrgWithOwner(em: EntityManager, input: { orgName: string; ownerEmail: string; ownerName: string; password: string }): Promise<{ org: Org; user: User }> {
    const email = normaliseEmail(input.ownerEmail);
    const problems: Record<string, string> = {};
    if (!input.orgName.trim()) problems.orgName = 'required';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.ownerEmail = 'expected an email address';
    if (!input.ownerName.trim()) problems.ownerName = 'required';
    if (input.password.length < MIN_PASSWORD_LENGTH) problems.password = `at least ${MIN_PASSWORD_LENGTH} characters`;
    if (Object.keys(problems).length > 0) {
      throw Errors.badInput(`Cannot create the organisation: ${Object.entries(problems).map(([f, p]) => `${f} ${p}`).join(', ')}.`, problems);
    }
    const passwordHash = await hashPassword(input.password);
    try {
      return await em.transactional(async (tem) => {
        const org = tem.create(Org, { name: input.orgName.trim() });
        const user = tem.create(User, { email, name: input.ownerName.trim(), passwordHash });
        tem.create(Membership, { org, user, role: Role.OWNER });
        await tem.flush();
        return { org, user };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw Errors.conflict(`An account with the email ${email} already exists.`);
      throw error;
    }
  }

  /** Returns a new session token for valid credentials; the same message for any wrong part. */
  async signIn(em: EntityManager, email: string, password: string): Promise<SignedIn> {
    const user = await this.authenticate(em, email, password);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Email or password is incorrect.');
    const membership = await em.findOne(Membership, { user }, { populate: ['org'], orderBy: { createdAt: 'asc' } });
    if (!membership) throw new DomainError('FORBIDDEN', 'This account does not belong to any organisation. Ask an admin to invite you.');
    return this.startSession(em, { user, org: membership.org, role: membership.role });
  }

  /**
   * The account for these credentials, or null when either part is wrong. Every call counts
   * towards the email's sign-in throttle, which throws RATE_LIMITED once it is used up.
   */
  async authenticate(em: EntityManager, email: string, password: string): Promise<User | null> {
    const normalised = normaliseEmail(email);
    await this.#throttle.begin(em, normalised);
    const user = await em.findOne(User, { email: normalised });
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) return null;
    await this.#throttle.succeeded(em, normalised);
    return user;
  }

  /** A new session for a member of an organisation (sign-in, sign-up, accepting an invitation). */
  async startSession(em: EntityManager, member: { user: User; org: Org; role: Role }): Promise<SignedIn> {
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
    const session = em.create(Session, { tokenHash: hashToken(token), user: member.user, org: member.org, expiresAt });
    await em.flush();
    return { token, expiresAt, viewer: { org: member.org, role: member.role, user: member.user, via: 'session', sessionId: session.id } };
  }

  async signOut(em: EntityManager, viewer: Viewer): Promise<void> {
    if (viewer.sessionId) await em.nativeDelete(Session, { id: viewer.sessionId });
  }

  async createApiToken(em: EntityManager, org: Org, name: string): Promise<{ token: string; apiToken: ApiToken }> {
    const token = `prelim_${randomToken(32)}`;
    const apiToken = em.create(ApiToken, { org, name, tokenHash: hashToken(token) });
    await em.flush();
    return { token, apiToken };
  }

  /** Resolves a session cookie or a bearer API token to the caller; null for anyone else. */
  /** Whether a viewer resolved earlier (an open subscription's) still holds: session alive, membership or token not revoked. */
  async stillValid(em: EntityManager, viewer: Viewer): Promise<boolean> {
    if (viewer.via === 'session') {
      if (!viewer.sessionId || !viewer.user) return false;
      const session = await em.count(Session, { id: viewer.sessionId, expiresAt: { $gt: new Date() } });
      const member = await em.count(Membership, { user: viewer.user.id, org: viewer.org.id });
      return session > 0 && member > 0;
    }
    return true;
  }

  async viewerFor(em: EntityManager, input: { sessionToken?: string; bearer?: string }): Promise<Viewer | null> {
    if (input.bearer) {
      const apiToken = await em.findOne(ApiToken, { tokenHash: hashToken(input.bearer), revokedAt: null }, { populate: ['org'] });
      if (!apiToken) return null;
      apiToken.lastUsedAt = new Date();
      await em.flush();
      // Internal tools act with admin rights within their organisation.
      return { org: apiToken.org, role: Role.ADMIN, user: null, via: 'api_token' };
    }
    if (input.sessionToken) {
      const session = await em.findOne(Session, { tokenHash: hashToken(input.sessionToken), expiresAt: { $gt: new Date() } }, { populate: ['user', 'org'] });
      if (!session) return null;
      const membership = await em.findOne(Membership, { user: session.user, org: session.org });
      if (!membership) return null;
      return { org: session.org, role: membership.role, user: session.user, via: 'session', sessionId: session.id };
    }
    return null;
  }
}
