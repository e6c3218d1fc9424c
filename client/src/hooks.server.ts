import type { HandleServerError } from '@sveltejs/kit';

/**
 * SvelteKit's default logs every unmatched path, and ours carry secrets (candidate link tokens,
 * webhook URL tokens). Not-found pages are not logged; other errors are logged with the token
 * segments masked, and the page only ever gets a generic sentence.
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
  if (status !== 404) {
    const path = event.url.pathname.replace(/\/(i|join|webhooks\/ashby)\/[^/]+/gi, '/$1/:token');
    process.stderr.write(`${JSON.stringify({ level: 50, msg: 'page error', status, path, err: error instanceof Error ? error.name : 'error' })}\n`);
  }
  return { message: 'Something went wrong. Please reload the page.' };
};
