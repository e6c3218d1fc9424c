import type { HandleClientError } from '@sveltejs/kit';

// Unexpected errors are logged for whoever is debugging; the page shows only this sentence.
export const handleError: HandleClientError = ({ error, status }) => {
  if (status !== 404) console.error(error);
  return { message: 'Something went wrong. Please reload the page.' };
};
