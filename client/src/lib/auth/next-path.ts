/**
 * Returns `next` when it is a path on this site, otherwise `/`. Guards the post-login redirect
 * against `?next=https://elsewhere` and the protocol-relative `//elsewhere` (and `/\elsewhere`,
 * which browsers treat the same way).
 */
export function toSafeNextPath(next: string | null, origin: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  try {
    const url = new URL(next, origin);
    if (url.origin !== origin) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** The login page's address, returning to `path` after signing in. */
export function loginHref(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
