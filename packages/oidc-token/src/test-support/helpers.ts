import { expect } from '@jest/globals';
import { createClock, type InterceptorContext } from '@ky-auth/core';
import { SignJWT } from 'jose';

/** An interceptor context for a first attempt, as authHooks builds it. */
export function testContext(overrides: Partial<InterceptorContext> = {}): InterceptorContext {
  return {
    apiName: undefined,
    endpoint: undefined,
    retryCount: 0,
    reauthorizing: false,
    signal: undefined,
    clock: createClock(),
    options: {},
    body: undefined,
    ...overrides,
  };
}

/** The error `action` throws or rejects with; fails the test when it succeeds. */
export async function caught(action: () => unknown): Promise<Error> {
  try {
    await action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but none was thrown');
}

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
