/** The only tags Ashby keeps in an HTML note (candidate.createNote in Ashby's OpenAPI text). */
export const NOTE_ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'b',
  'i',
  'u',
  'a',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
]);

// Quoted attribute values may contain `>`, so they are matched as whole strings.
const TAG_OR_COMMENT =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;
const HREF = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const SAFE_HREF = /^(?:https?:|mailto:)/i;

/**
 * Stores an HTML note the way Ashby does: allowed tags survive without attributes (except a safe
 * `href` on `<a>`), every other tag and comment is removed, and the text inside is kept.
 */
export function stripDisallowedHtml(html: string): string {
  return html.replace(TAG_OR_COMMENT, keepAllowedTag);
}

function keepAllowedTag(
  _match: string,
  slash?: string,
  name?: string,
  attributes?: string,
): string {
  const tag = name?.toLowerCase();
  if (tag === undefined || !NOTE_ALLOWED_TAGS.has(tag)) return '';
  if (slash === '/') return `</${tag}>`;
  if (tag !== 'a') return `<${tag}>`;

  const href = readHref(attributes ?? '');
  return href === null ? '<a>' : `<a href="${href.replaceAll('"', '&quot;')}">`;
}

function readHref(attributes: string): string | null {
  const match = HREF.exec(attributes);
  const href = match?.[1] ?? match?.[2] ?? match?.[3];
  return href !== undefined && SAFE_HREF.test(href.trim()) ? href.trim() : null;
}
