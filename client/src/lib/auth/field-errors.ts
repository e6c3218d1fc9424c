import { ApiError, messageOf } from '$lib/api/graphql';

/**
 * Per-field messages from an error's `extensions.fields`, under the form's own field names.
 * `aliases` maps a server field name to the form's (e.g. `ownerEmail` → `email`).
 */
export function fieldErrorsOf(error: unknown, aliases: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(error.fields).map(([field, problem]) => [aliases[field] ?? field, problem]));
}

/**
 * The message above a form. Input errors repeat each field's sentence, which already sits under
 * its field, so for them the summary only points there; other errors keep their own words.
 */
export function formErrorOf(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === 'BAD_USER_INPUT' && Object.keys(error.fields).length > 0) {
    return 'Please fix the fields marked below.';
  }
  return messageOf(error, fallback);
}
