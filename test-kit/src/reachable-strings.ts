import { inspect } from 'node:util';

/**
 * Every string that can be read from `error`: its message and stack, and those of its whole `cause`
 * chain (and `AggregateError` errors), `util.inspect` at any depth (own properties, hidden or not),
 * `JSON.stringify`, and `String()`. What a log line, a crash report or an error tracker could show.
 */
export function reachableStrings(error: unknown): string[] {
  const strings: string[] = [inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    try {
      strings.push(JSON.stringify(value) ?? '');
    } catch {
      // A cycle: inspect above still shows every part of it.
    }
    if (value instanceof Error) {
      strings.push(String(value), value.message, value.stack ?? '');
      visit(value.cause);
      if (value instanceof AggregateError) for (const inner of value.errors) visit(inner);
    }
    for (const key of Reflect.ownKeys(value)) {
      const property = (value as Record<PropertyKey, unknown>)[key];
      if (typeof property === 'string') strings.push(property);
      else visit(property);
    }
  };
  visit(error);
  return strings;
}
