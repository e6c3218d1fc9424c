import { error, redirect } from '@sveltejs/kit';
import { ApiError, request } from '$lib/api/graphql';
import { loginHref } from '$lib/auth/next-path';
import { VIEWER_QUERY } from '$lib/auth/session.documents';
import type { LayoutLoad } from './$types';

/** Every dashboard page needs a signed-in member; everyone else goes to /login and comes back. */
export const load: LayoutLoad = async ({ fetch, url, untrack }) => {
  try {
    const { viewer } = await request(VIEWER_QUERY, {}, { fetch, redirectOnUnauthenticated: false });
    return { viewer };
  } catch (failure) {
    if (failure instanceof ApiError && failure.code === 'UNAUTHENTICATED') {
      redirect(307, loginHref(untrack(() => `${url.pathname}${url.search}`)));
    }
    error(503, failure instanceof ApiError ? failure.message : 'Prelim could not load your account.');
  }
};
