import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Org, User } from './org.entity.js';

/** A signed-in browser. Only the token's hash is stored; the token lives in an httpOnly cookie. */
@Entity({ tableName: 'session' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'lastSeenAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  lastSeenAt: Date = new Date();
}

/** An organisation-scoped bearer token for internal tools. */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}

/**
 * A sign-in attempt that has not (yet) succeeded, counted per email to throttle password guessing.
 * Kept in Postgres so the limit holds across restarts and every instance.
 */
@Entity({ tableName: 'sign_in_attempt' })
@Index({ properties: ['email', 'attemptedAt'] })
@Index({ properties: ['attemptedAt'] })
export class SignInAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Normalised (lower-cased) as typed, whether or not an account has it. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'timestamptz' })
  attemptedAt: Date = new Date();
}
