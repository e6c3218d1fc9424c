import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { goto } from '$app/navigation';
import { loginHref } from '$lib/auth/next-path';

/** A failed API call, with a message that is safe to show to the person using the page. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For BAD_USER_INPUT: what is wrong with each named input field. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

const UNREACHABLE_MESSAGE = "Couldn't reach Prelim. Check your connection and try again.";
const UNEXPECTED_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

// The server hides the details of unexpected failures behind this code; its message is not
// written for people, so it is replaced with our own wording.
const INTERNAL_CODE = 'INTERNAL_SERVER_ERROR';

/** The message to show for anything a request threw. */
export function messageOf(error: unknown, fallback = UNEXPECTED_MESSAGE): string {
  return error instanceof ApiError ? error.message : fallback;
}

type ErrorExtensions = { code?: string; fields?: unknown };

type GraphQLResponse<TData> = {
  data?: TData | null;
  errors?: { message: string; extensions?: ErrorExtensions }[];
};

export type RequestOptions = {
  /** Use SvelteKit's `fetch` inside a `load` function. */
  fetch?: typeof fetch;
  /** When false, an UNAUTHENTICATED error is thrown instead of sending the person to /login. */
  redirectOnUnauthenticated?: boolean;
};

/**
 * Runs one GraphQL operation against the same-origin `/graphql` endpoint and returns its data.
 * Throws `ApiError`; on UNAUTHENTICATED it first sends the browser to the login page.
 */
export async function request<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  ...[variables, options]: TVariables extends Record<string, never>
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions]
): Promise<TData> {
  const body = await postOperation<TData>(document, variables ?? {}, options?.fetch ?? fetch);

  const firstError = body.errors?.[0];
  if (firstError) {
    const error = toApiError(firstError);
    if (error.code === 'UNAUTHENTICATED' && options?.redirectOnUnauthenticated !== false) {
      await goto(loginHref(currentPath()), { replaceState: true });
    }
    throw error;
  }
  if (!body.data) throw new ApiError(INTERNAL_CODE, UNEXPECTED_MESSAGE);
  return body.data;
}

async function postOperation<TData>(
  document: TypedDocumentNode<TData, never>,
  variables: object,
  fetchFn: typeof fetch,
): Promise<GraphQLResponse<TData>> {
  let response: Response;
  try {
    response = await fetchFn('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', UNREACHABLE_MESSAGE);
  }

  // GraphQL errors arrive as JSON even with a 4xx status; anything else (a proxy's HTML error
  // page, an empty body) is reported without showing what came back.
  try {
    return (await response.json()) as GraphQLResponse<TData>;
  } catch {
    throw new ApiError(response.status >= 500 ? INTERNAL_CODE : 'BAD_RESPONSE', UNEXPECTED_MESSAGE);
  }
}

/** @internal Shared with the subscription client, which receives the same error shape. */
export function toApiError(error: { message: string; extensions?: ErrorExtensions }): ApiError {
  const code = error.extensions?.code ?? INTERNAL_CODE;
  if (code === INTERNAL_CODE || !error.message) return new ApiError(code, UNEXPECTED_MESSAGE);
  return new ApiError(code, error.message, fieldMessages(error.extensions?.fields));
}

function fieldMessages(fields: unknown): Record<string, string> {
  if (!fields || typeof fields !== 'object') return {};
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function currentPath(): string {
  return `${location.pathname}${location.search}`;
}
