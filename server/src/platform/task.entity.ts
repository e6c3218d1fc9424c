import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export enum TaskStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  DONE = 'done',
  FAILED = 'failed',
}

/**
 * A unit of background work in the Postgres-backed queue (see queue.ts). Written in the same
 * transaction as the row that needs it, so work is never lost nor done without its cause.
 */
@Entity({ tableName: 'task' })
@Index({ properties: ['status', 'runAt'] })
export class Task {
  [OptionalProps]?: 'status' | 'attempts' | 'maxAttempts' | 'runAt' | 'lockedUntil' | 'lastError' | 'createdAt' | 'updatedAt' | 'key';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** Optional idempotency key: a second task with the same key is not queued. */
  @Property({ type: 'text', nullable: true, unique: true })
  key: string | null = null;

  @Enum({ items: () => TaskStatus })
  status: TaskStatus = TaskStatus.QUEUED;

  @Property({ type: 'int' })
  attempts: number = 0;

  @Property({ type: 'int' })
  maxAttempts: number = 8;

  @Property({ type: 'timestamptz' })
  runAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
