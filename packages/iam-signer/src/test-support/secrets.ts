import { caught as caughtError, expectNoSecrets as expectNoneOf } from '@ky-auth/test-kit';

/** Secrets used across the tests: no error may show any of them. */
export const testSecrets = {
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE-session-token-do-not-leak/+==',
} as const;

const rememberedSecrets: Record<string, string> = {};

/** Registers another secret (an ID token, a signature) that errors must not show. */
export function rememberSecret(secret: string): void {
  rememberedSecrets[`remembered secret #${Object.keys(rememberedSecrets).length + 1}`] = secret;
}

/**
 * Fails when the error shows a known secret anywhere a user could see it (message, stack, code, the
 * cause chain, its own properties): test-kit's check with this package's secrets.
 */
export function expectNoSecrets(error: unknown): void {
  expectNoneOf(error, { ...testSecrets, ...rememberedSecrets });
}

/** The error `action` throws or rejects with, checked for secrets; fails the test when it succeeds. */
export async function caught(action: () => unknown): Promise<Error & { code?: string }> {
  const error = await caughtError(action);
  expectNoSecrets(error);
  return error;
}
