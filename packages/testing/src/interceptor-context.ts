import { createClock, type InterceptorContext } from '@ky-auth/core';

/**
 * An interceptor context as `authHooks` builds it for a first attempt, with `overrides` applied: for
 * unit-testing an interceptor's `apply` and `onResponse` without ky.
 *
 * @example
 * ```ts
 * import { interceptorContext } from '@ky-auth/testing';
 *
 * const request = new Request('https://api.example.com/items');
 * await myInterceptor.apply(request, interceptorContext({ apiName: 'orders' }));
 * request.headers.get('x-tenant'); // what the interceptor set
 * ```
 */
export function interceptorContext(overrides: Partial<InterceptorContext> = {}): InterceptorContext {
  return {
    apiName: undefined,
    endpoint: undefined,
    retryCount: 0,
    reauthorizing: false,
    signal: undefined,
    readTimeoutMs: 1_000,
    clock: createClock(),
    options: {},
    body: undefined,
    ...overrides,
  };
}
