import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { openDatabase } from './db.js';
import { createLogger } from './logger.js';
import { PgPubSub } from './pubsub.js';
import { PermanentTaskError, TaskQueue } from './queue.js';
import { Task, TaskStatus } from './task.entity.js';

const log = createLogger('silent');
let db: TestDatabase;
let orm: MikroORM;
const running: { queue: TaskQueue; pubsub: PgPubSub }[] = [];

beforeAll(async () => {
  db = await createTestDatabase('queue');
  orm = await openDatabase({ url: db.url, log });
});
afterEach(async () => {
  for (const { queue, pubsub } of running.splice(0)) {
    await queue.stop();
    await pubsub.close();
  }
  await orm.em.fork().nativeDelete(Task, {});
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

/** One "process": its own pub/sub listener and workers on the shared database. */
async function startWorker(register: (queue: TaskQueue) => void, concurrency = 2): Promise<TaskQueue> {
  const pubsub = new PgPubSub({ url: db.url, log });
  await pubsub.start();
  const queue = new TaskQueue({ orm, log, pubsub });
  register(queue);
  queue.start(concurrency);
  running.push({ queue, pubsub });
  return queue;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tasks = () => orm.em.fork().find(Task, {}, { orderBy: { createdAt: 'asc' } });

describe('TaskQueue', () => {
  test('a task enqueued in a transaction that rolls back never exists; one that commits runs once', async () => {
    const seen: string[] = [];
    const queue = await startWorker((q) => q.register<{ n: string }>('echo', async (p) => void seen.push(p.n)));

    await orm.em.fork().transactional(async (em) => {
      await queue.enqueue(em, 'echo', { n: 'kept' });
    });
    await orm.em
      .fork()
      .transactional(async (em) => {
        await queue.enqueue(em, 'echo', { n: 'rolled back' });
        throw new Error('abort');
      })
      .catch(() => {});

    await until(async () => seen.length === 1, 'the committed task');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['kept']);
    expect((await tasks()).map((t) => [t.payload.n, t.status])).toEqual([['kept', TaskStatus.DONE]]);
  });

  test('a key already used is not queued again', async () => {
    const queue = await startWorker(() => {});
    const em = orm.em.fork();
    expect(await queue.enqueue(em, 'noop', {}, { key: 'once' })).toBe(true);
    expect(await queue.enqueue(em, 'noop', {}, { key: 'once' })).toBe(false);
    expect(await em.count(Task, { key: 'once' })).toBe(1);
  });

  test('a failing task is retried with backoff and a permanent failure stops at once', async () => {
    let flaky = 0;
    const queue = await startWorker((q) => {
      q.register('flaky', async () => {
        flaky += 1;
        if (flaky < 3) throw new Error(`attempt ${flaky} failed`);
      }, { backoffMs: () => 50 });
      q.register('broken', async () => {
        throw new PermanentTaskError('cannot ever work');
      });
    });
    const em = orm.em.fork();
    await queue.enqueue(em, 'flaky', {});
    await queue.enqueue(em, 'broken', {});
    await until(async () => (await tasks()).every((t) => t.status === TaskStatus.DONE || t.status === TaskStatus.FAILED), 'both tasks to settle');
    const byKind = Object.fromEntries((await tasks()).map((t) => [t.kind, { status: t.status, attempts: t.attempts, lastError: t.lastError }]));
    expect(byKind).toEqual({
      flaky: { status: TaskStatus.DONE, attempts: 3, lastError: null },
      broken: { status: TaskStatus.FAILED, attempts: 1, lastError: 'cannot ever work' },
    });
  });

  test("a task whose worker died is run again once its lease lapses", async () => {
    const em = orm.em.fork();
    // What a crash leaves behind: claimed, running, lease already over.
    em.create(Task, { kind: 'resume', payload: { n: 1 }, status: TaskStatus.RUNNING, attempts: 1, lockedUntil: new Date(Date.now() - 1000) });
    await em.flush();
    const seen: number[] = [];
    await startWorker((q) => q.register<{ n: number }>('resume', async (p) => void seen.push(p.n)));
    await until(async () => seen.length === 1, 'the abandoned task');
    expect((await tasks()).map((t) => [t.status, t.attempts])).toEqual([[TaskStatus.DONE, 2]]);
  });

  test('two processes share the work and run every task exactly once', async () => {
    const runs: { worker: string; n: number }[] = [];
    const handler = (worker: string) => async (p: { n: number }) => {
      await new Promise((r) => setTimeout(r, 20));
      runs.push({ worker, n: p.n });
    };
    const a = await startWorker((q) => q.register('shared', handler('a')), 3);
    await startWorker((q) => q.register('shared', handler('b')), 3);
    await orm.em.fork().transactional(async (em) => {
      for (let n = 0; n < 40; n++) await a.enqueue(em, 'shared', { n });
    });
    await until(async () => runs.length >= 40, 'all 40 tasks');
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
  });
});
