import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Org, Role, User } from './org.entity.js';

/** An emailed invitation to join an organisation with a role. Only the link token's hash is stored. */
@ObjectType({ description: 'An invitation that has been sent and not yet accepted or revoked.' })
@Entity({ tableName: 'invitation' })
@Index({ properties: ['org', 'email'] })
export class Invitation {
  [OptionalProps]?: 'createdAt' | 'acceptedAt' | 'revokedAt' | 'invitedBy';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org!: Org;

  /** Lower-cased, like User.email. */
  @Field(() => String)
  @Property({ type: 'text' })
  email!: string;

  @Field(() => Role)
  @Enum({ items: () => Role })
  role!: Role;

  /** sha256 of the 32 random bytes in the emailed link. */
  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  /** Null when an API token sent it, or once that person's account is gone. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  invitedBy: User | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
