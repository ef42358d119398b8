import { RequestPolicyError } from '@ky-auth/core';

/**
 * Lists the `[name, value]` pairs of a `HeadersInit` (a record, a `Headers` or any iterable of pairs, a
 * `Map` included) without building a `Headers`, which would throw a bare `TypeError` on a bad value before
 * it could be validated. `null` and `undefined` (a Gen1 `custom_header` that returns nothing) are no headers.
 */
export function headerEntries(headers: unknown, source: string): Array<readonly [string, unknown]> {
  if (headers === undefined || headers === null) return [];
  if (typeof headers === 'object' && Symbol.iterator in headers) {
    return Array.from(headers as Iterable<unknown>, (pair) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw notHeaders(source, 'an iterable whose items are not [name, value] pairs');
      }
      return [pair[0], pair[1]] as const;
    });
  }
  if (typeof headers === 'object') return Object.entries(headers);
  throw notHeaders(source, `a ${typeof headers}`);
}

function notHeaders(source: string, got: string): RequestPolicyError {
  return new RequestPolicyError(
    'ERR_INVALID_HEADERS',
    `Invalid ${source}: expected a record of header names to values, a Headers object or [name, value] pairs, got ${got}.`,
  );
}
