import { createClock, type InterceptorContext } from '@ky-auth/core';

/** An interceptor context for a first attempt, as authHooks would build it. */
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
