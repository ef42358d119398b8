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

/** Asserts that neither the error's message nor those of its causes contain any of `secrets`. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const messages: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause)
    messages.push(current.message);
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    for (const secret of secrets) expect(message).not.toContain(secret);
  }
}
