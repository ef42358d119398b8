/**
 * Remembers the last `limit` values it was given. A token interceptor uses it to recognise, in a 401
 * response's request, a token it sent itself rather than one the caller set for that request.
 */
export function recentValues(limit: number): { add(value: string): void; has(value: string): boolean } {
  const values = new Set<string>();
  return {
    add(value) {
      values.delete(value);
      values.add(value);
      if (values.size > limit) values.delete(values.values().next().value as string);
    },
    has: (value) => values.has(value),
  };
}
