import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum Role {
  OWNER = 'owner',
  ADMIN = 'admin',
  RECRUITER = 'recruiter',
  VIEWER = 'viewer',
}
registerEnumType(Role, { name: 'Role', description: 'What a member of an organisation may do.' });

/** Roles that may change the organisation's integrations and settings. */
export const ADMIN_ROLES: readonly Role[] = [Role.OWNER, Role.ADMIN];
/** Roles that may act on interviews (resend, cancel, re-score, retry a pushback). */
export const RECRUITING_ROLES: readonly Role[] = [Role.OWNER, Role.ADMIN, Role.RECRUITER];

@ObjectType({ description: 'A recruiting team: every record belongs to exactly one.' })
@Entity({ tableName: 'org' })
export class Org {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

@ObjectType()
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'createdAt' | 'passwordHash';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Stored lower-cased so sign-in is case-insensitive. */
  @Field(() => String)
  @Property({ type: 'text', unique: true })
  email!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'membership' })
@Unique({ properties: ['org', 'user'] })
export class Membership {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Enum({ items: () => Role })
  role!: Role;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
