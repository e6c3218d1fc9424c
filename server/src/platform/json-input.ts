/**
 * What makes parsed JSON unusable here: Postgres text cannot hold NUL (in values or keys), and
 * nesting past `maxDepth` is refused rather than walked. NUL is reported first, wherever it is
 * within the depth limit; null when the value is fine.
 */
export function findJsonProblem(value: unknown, maxDepth: number): 'nul' | 'too_deep' | null {
  let tooDeep = false;
  const hasNul = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return v.includes('\u0000');
    if (v === null || typeof v !== 'object') return false;
    if (depth > maxDepth) {
      tooDeep = true;
      return false;
    }
    return Object.entries(v).some(([key, inner]) => key.includes('\u0000') || hasNul(inner, depth + 1));
  };
  if (hasNul(value, 0)) return 'nul';
  return tooDeep ? 'too_deep' : null;
}
