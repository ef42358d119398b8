/**
 * The decoded parameters of a query string, a repeated key collecting its values in order; `+` is a space,
 * as `URLSearchParams` (and ky's `searchParams`) write it. Without a prototype, so `__proto__` is a key.
 */
export function queryRecord(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  if (search.length <= 1) return query;
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (typeof existing === 'string') query[key] = [existing, value];
    else existing.push(value);
  }
  return query;
}
