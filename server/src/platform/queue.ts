import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from './db.js';
import { describeError, type Logger } from './logger.js';
import { TASKS_CHANNEL, type PgPubSub } from './pubsub.js';
import { Task, TaskStatus } from './task.entity.js';

export interface TaskContext {
  /** A fresh unit of work for this run. */
  em: EntityManager;
  log: Logger;
  /** 1 on the first run. */
  attempt: number;
  isLastAttempt: boolean;
}

export type TaskHandler<P> = (payload: P, ctx: TaskContext) => Promise<void>;

interface Registration {
  handler: TaskHandler<never>;
  maxAttempts: number;
  leaseMs: number;
  backoffMs: (attempt: number) => number;
}

/** Thrown by a handler when retrying cannot help (bad data, missing permission): the task fails at once. */
export class PermanentTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentTaskError';
  }
}

/** Thrown by a handler to run again after a given delay without counting as a failure worth logging. */
export class RetryLater extends Error {
  constructor(readonly delayMs: number, message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

const POLL_MS = 1000;

/**
 * A small job queue in Postgres. Tasks are rows (Task), enqueued in the caller's transaction;
 * workers in any number of processes claim them with FOR UPDATE SKIP LOCKED under a lease, so a
 * crashed worker's task is picked up again once its lease lapses. Handlers must be idempotent.
 * (pg-boss would do; ours keeps enqueueing inside MikroORM transactions trivial and has no schema
 * of its own to manage.)
 */
export class TaskQueue {
  readonly #orm: Orm;
  readonly #log: Logger;
  readonly #pubsub: PgPubSub;
  readonly #registry = new Map<string, Registration>();
  readonly #running = new Set<Promise<void>>();
  #concurrency = 0;
  #stopped = true;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #unlisten: (() => void) | null = null;

  constructor(opts: { orm: Orm; log: Logger; pubsub: PgPubSub }) {
    this.#orm = opts.orm;
    this.#log = opts.log;
    this.#pubsub = opts.pubsub;
  }

  register<P>(kind: string, handler: TaskHandler<P>, opts: Partial<Omit<Registration, 'handler'>> = {}): void {
    this.#registry.set(kind, {
      handler: handler as TaskHandler<never>,
      maxAttempts: opts.maxAttempts ?? 8,
      leaseMs: opts.leaseMs ?? 120_000,
      backoffMs: opts.backoffMs ?? ((attempt) => Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000)),
    });
  }

  /**
   * Queues a task in the caller's unit of work; it runs once that transaction commits. With a
   * key, a task whose key was already used is not queued again (returns false).
   */
  async enqueue(em: EntityManager, kind: string, payload: Record<string, unknown>, opts: { key?: string; delayMs?: number } = {}): Promise<boolean> {
    const registration = this.#registry.get(kind);
    const rows = await em
      .createQueryBuilder(Task)
      .insert({
        // A query-builder insert (for ON CONFLICT) skips entity initialisers: every column is given here.
        id: randomUUID(),
        kind,
        payload,
        key: opts.key ?? null,
        status: TaskStatus.QUEUED,
        attempts: 0,
        maxAttempts: registration?.maxAttempts ?? 8,
        runAt: new Date(Date.now() + (opts.delayMs ?? 0)),
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict('key')
      .ignore()
      .execute('run');
    const inserted = (rows as { affectedRows?: number }).affectedRows !== 0;
    if (inserted) {
      await em.getConnection().execute('select pg_notify(?, ?)', [TASKS_CHANNEL, kind], 'run', em.getTransactionContext());
    }
    return inserted;
  }

  start(concurrency: number): void {
    if (!this.#stopped || concurrency === 0) return;
    this.#stopped = false;
    this.#concurrency = concurrency;
    this.#unlisten = this.#pubsub.onTaskQueued(() => this.#wake?.());
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unlisten?.();
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#running]);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const free = this.#concurrency - this.#running.size;
      let claimed: Task[] = [];
      if (free > 0) {
        try {
          claimed = await this.#claim(free);
        } catch (error) {
          this.#log.error({ err: describeError(error) }, 'could not claim tasks');
        }
      }
      for (const task of claimed) {
        const run = this.#execute(task).finally(() => {
          this.#running.delete(run);
          this.#wake?.();
        });
        this.#running.add(run);
      }
      if (claimed.length === 0 || this.#running.size >= this.#concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    }
  }

  async #claim(limit: number): Promise<Task[]> {
    const kinds = [...this.#registry.keys()];
    if (kinds.length === 0) return [];
    const em = this.#orm.em.fork();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(
      `update task set status = 'running', attempts = attempts + 1, updated_at = now(),
         locked_until = now() + (case kind ${kinds.map(() => 'when ? then ?::int').join(' ')} else 120000 end) * interval '1 millisecond'
       where id in (
         select id from task
         where kind in (${kinds.map(() => '?').join(', ')}) and ((status = 'queued' and run_at <= now()) or (status = 'running' and locked_until < now()))
         order by run_at limit ? for update skip locked)
       returning *`,
      [...kinds.flatMap((k) => [k, this.#registry.get(k)!.leaseMs]), ...kinds, limit],
    );
    return rows.map((row) => em.map(Task, row));
  }

  async #execute(task: Task): Promise<void> {
    const registration = this.#registry.get(task.kind)!;
    const log = this.#log.child({ taskId: task.id, kind: task.kind, attempt: task.attempts });
    const em = this.#orm.em.fork();
    const isLastAttempt = task.attempts >= task.maxAttempts;
    try {
      await registration.handler(task.payload as never, { em, log, attempt: task.attempts, isLastAttempt });
      await this.#finish(task, { status: TaskStatus.DONE, lastError: null });
      log.debug('task done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RetryLater && !isLastAttempt) {
        log.info({ delayMs: error.delayMs, reason: message }, 'task postponed');
        await this.#finish(task, { status: TaskStatus.QUEUED, lastError: message, runAt: new Date(Date.now() + error.delayMs) });
      } else if (error instanceof PermanentTaskError || isLastAttempt) {
        log.error({ err: describeError(error) }, 'task failed for good');
        await this.#finish(task, { status: TaskStatus.FAILED, lastError: message });
      } else {
        const delayMs = registration.backoffMs(task.attempts);
        log.warn({ err: describeError(error), delayMs }, 'task failed; will retry');
        await this.#finish(task, { status: TaskStatus.QUEUED, lastError: message, runAt: new Date(Date.now() + delayMs) });
      }
    }
  }

  async #finish(task: Task, update: { status: TaskStatus; lastError: string | null; runAt?: Date }): Promise<void> {
    const em = this.#orm.em.fork();
    await em.nativeUpdate(Task, { id: task.id }, { ...update, lockedUntil: null });
  }
}
