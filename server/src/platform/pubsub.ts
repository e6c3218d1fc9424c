import { createPubSub } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from './logger.js';

const EVENTS_CHANNEL = 'prelim_events';
export const TASKS_CHANNEL = 'prelim_tasks';

export interface Event {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Publish/subscribe across every Prelim process through Postgres LISTEN/NOTIFY. Published inside
 * a transaction, an event is delivered only when that transaction commits. Payloads stay small
 * (ids and statuses): NOTIFY caps them at 8000 bytes, and subscribers load what they show.
 */
export class PgPubSub {
  readonly #url: string;
  readonly #log: Logger;
  readonly #local = createPubSub<Record<string, [Record<string, unknown>]>>();
  readonly #taskListeners = new Set<(kind: string) => void>();
  #client: pg.Client | null = null;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | null = null;

  constructor(opts: { url: string; log: Logger }) {
    this.#url = opts.url;
    this.#log = opts.log;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (n) => this.#dispatch(n.channel, n.payload ?? ''));
    client.on('error', (error) => {
      this.#log.warn({ err: error.message }, 'pub/sub connection lost; reconnecting');
      this.#scheduleReconnect();
    });
    await client.connect();
    await client.query(`listen ${EVENTS_CHANNEL}`);
    await client.query(`listen ${TASKS_CHANNEL}`);
    this.#client = client;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    await this.#client?.end().catch(() => {});
    this.#client = null;
  }

  /** Publishes through the given unit of work (delivered on commit). */
  async publish(em: EntityManager, event: Event): Promise<void> {
    await em.getConnection().execute('select pg_notify(?, ?)', [EVENTS_CHANNEL, JSON.stringify(event)], 'run', em.getTransactionContext());
  }

  /** Local subscription to a topic; events come from any process. */
  subscribe(topic: string): AsyncIterable<Record<string, unknown>> {
    return this.#local.subscribe(topic);
  }

  onTaskQueued(listener: (kind: string) => void): () => void {
    this.#taskListeners.add(listener);
    return () => this.#taskListeners.delete(listener);
  }

  #dispatch(channel: string, payload: string): void {
    if (channel === TASKS_CHANNEL) {
      for (const listener of this.#taskListeners) listener(payload);
      return;
    }
    try {
      const event = JSON.parse(payload) as Event;
      this.#local.publish(event.topic, event.payload);
    } catch (error) {
      this.#log.error({ err: String(error) }, 'unreadable pub/sub event');
    }
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#client?.end().catch(() => {});
    this.#client = null;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.start().catch(() => this.#scheduleReconnect());
    }, 1000);
  }
}
