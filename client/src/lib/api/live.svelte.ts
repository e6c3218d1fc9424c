import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { ApiError, toApiError } from './graphql';

/** `live` while events arrive; `reconnecting` after the connection dropped (events may be missed). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers<TData> {
  next(data: TData): void;
  /** The subscription ended for good (the server refused it); the page should say so. */
  error?(error: ApiError): void;
  /** The connection came back after a drop: events in between were lost, so reload what is shown. */
  reconnected?(): void;
}

const MAX_RETRY_WAIT_MS = 15_000;

/**
 * The one graphql-ws connection of this tab, opened on the first subscription and closed after the
 * last. The session cookie rides along with the upgrade request (same origin), so it needs no params.
 */
class LiveConnection {
  status = $state<LiveStatus>('connecting');
  #client: Client | null = null;
  readonly #reconnectListeners = new Set<() => void>();

  subscribe<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    handlers: LiveHandlers<TData>,
  ): () => void {
    const reconnected = () => handlers.reconnected?.();
    this.#reconnectListeners.add(reconnected);
    const stop = this.#connection().subscribe<TData>(
      { query: print(document), variables },
      {
        next: (result) => {
          if (result.errors?.length) handlers.error?.(toApiError(result.errors[0]!));
          else if (result.data) handlers.next(result.data);
        },
        error: (error) => handlers.error?.(toSubscriptionError(error)),
        complete: () => {},
      },
    );
    return () => {
      this.#reconnectListeners.delete(reconnected);
      stop();
    };
  }

  /** Drops the connection, e.g. on sign-out, so the next subscription carries the new session. */
  reset(): void {
    void this.#client?.dispose();
    this.#client = null;
    this.status = 'connecting';
  }

  #connection(): Client {
    this.#client ??= createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      lazy: true,
      retryAttempts: Infinity,
      // A server restart or a flaky network is not fatal: keep trying, as a dashboard left open should.
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, MAX_RETRY_WAIT_MS))),
      on: {
        connecting: (isRetry) => {
          this.status = isRetry ? 'reconnecting' : 'connecting';
        },
        connected: (_socket, _payload, wasRetry) => {
          this.status = 'live';
          if (wasRetry) for (const listener of this.#reconnectListeners) listener();
        },
        closed: () => {
          if (this.#reconnectListeners.size > 0) this.status = 'reconnecting';
        },
      },
    });
    return this.#client;
  }
}

function toSubscriptionError(error: unknown): ApiError {
  if (Array.isArray(error) && error.length > 0) return toApiError(error[0]);
  return new ApiError('NETWORK_ERROR', 'Live updates stopped. Reload the page to see the latest changes.');
}

/** Live updates for this tab. */
export const live = new LiveConnection();
