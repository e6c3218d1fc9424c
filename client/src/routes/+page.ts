import { redirect } from '@sveltejs/kit';
import { request } from '$lib/api/graphql';
import { VIEWER_QUERY } from '$lib/auth/session.documents';
import type { PageLoad } from './$types';

/** Signed-in members start at their candidates; everyone else sees what Prelim is. */
export const load: PageLoad = async ({ fetch }) => {
  let isSignedIn = false;
  try {
    await request(VIEWER_QUERY, {}, { fetch, redirectOnUnauthenticated: false });
    isSignedIn = true;
  } catch {
    // Signed out, or the API is unreachable: either way the landing page is the right answer.
  }
  if (isSignedIn) redirect(307, '/candidates');
};
