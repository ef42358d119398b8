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
