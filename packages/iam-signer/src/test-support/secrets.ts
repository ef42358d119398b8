import { expect } from '@jest/globals';

/** Secrets used across the tests: no error message may contain any of them. */
export const testSecrets = {
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE-session-token-do-not-leak/+==',
} as const;

const extraSecrets: string[] = [];

/** Registers another secret (an ID token, a signature) that messages must not contain. */
export function rememberSecret(secret: string): void {
  extraSecrets.push(secret);
}

/** Fails when the error's message (or its cause's) contains a known secret. */
export function expectNoSecrets(error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    for (const secret of [...Object.values(testSecrets), ...extraSecrets]) {
      expect(current.message).not.toContain(secret);
    }
    current = current.cause;
  }
}

/** The error `action` throws or rejects with, checked for secrets; fails the test when it succeeds. */
export async function caught(action: () => unknown): Promise<Error & { code?: string }> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${String(error)}`);
    expectNoSecrets(error);
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}
