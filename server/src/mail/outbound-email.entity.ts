import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Interview } from '../interviews/interview.entity.js';

export enum EmailStatus {
  PENDING = 'pending',
  SENT = 'sent',
  FAILED = 'failed',
}

/** The outbox: one row per email to send, so a crash between deciding and sending loses nothing. */
@Entity({ tableName: 'outbound_email' })
export class OutboundEmail {
  [OptionalProps]?: 'createdAt' | 'status' | 'attempts' | 'lastError' | 'sentAt' | 'providerMessageId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Interview, { deleteRule: 'cascade' })
  interview!: Interview;

  @Property({ type: 'text' })
  kind!: string;

  /** Unique per logical email (e.g. invite:<interview>:<n>) so a retried job never queues a second copy. */
  @Property({ type: 'text', unique: true })
  dedupeKey!: string;

  @Enum({ items: () => EmailStatus })
  status: EmailStatus = EmailStatus.PENDING;

  @Property({ type: 'int' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'text', nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
