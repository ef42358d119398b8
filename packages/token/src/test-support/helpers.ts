import { inspect } from 'node:util';
import { expect } from '@jest/globals';
import { SignJWT } from 'jose';

export { caught } from '../../../../scripts/caught.ts';

const signingKey = new TextEncoder().encode('unit-test-signing-key-not-a-secret');

/** A JWT (signed by jose, HS256) that expires `expiresInSeconds` from `now`, with a unique `jti`. */
export function jwt(
  expiresInSeconds: number,
  now: number = Date.now(),
  claims: Record<string, unknown> = {},
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ...claims, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInSeconds)
    .sign(signingKey);
}

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

/**
 * Asserts that no string reachable from the error (see {@link reachableStrings}: message, stack, the
 * whole cause chain, `util.inspect`, `JSON.stringify`) contains any of `secrets`.
 */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  expect(error).toBeInstanceOf(Error);
  const strings = reachableStrings(error);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(3);
    const leaks = strings.filter((text) => text.includes(secret));
    expect(leaks).toEqual([]);
  }
}
