import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { abortable } from '../helpers/abortable.ts';
import { authHooks } from './auth-hooks.ts';
import { authOptions as authOptions1 } from './ky1.ts';
import type { Interceptor } from './types.ts';

// A request aborted while an interceptor waits (for a token, credentials) rejects with the caller's abort
// reason, whatever its type: `controller.abort()`'s AbortError, `AbortSignal.timeout`'s TimeoutError, or
// the caller's own value. Wrapping it as ERR_INTERCEPTOR_FAILED would hide that the caller gave up.

const api = 'https://api.example.com';
let sent = 0;
const server = setupServer(
  http.all(`${api}/*`, () => {
    sent += 1;
    return HttpResponse.json({});
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

/** Waits on a refresh that never ends, as a token interceptor does, until the request aborts. */
const waitForever = (signal: AbortSignal | undefined) =>
  abortable(new Promise<never>(() => undefined), signal);
const waitingToApply: Interceptor = {
  name: 'waiting',
  stage: 'auth',
  apply: (_request, { signal }) => waitForever(signal),
};
/** Lets the first attempt go, then waits on a refresh when looking at its response (after a 401). */
const waitingToRetry: Interceptor = {
  name: 'waiting',
  stage: 'auth',
  apply: () => undefined,
  onResponse: async (_response, _request, { signal }) => {
    await waitForever(signal);
    return true;
  },
};

describe.each([
  { major: 1, when: 'apply', interceptor: waitingToApply },
  { major: 2, when: 'apply', interceptor: waitingToApply },
  { major: 1, when: 'onResponse', interceptor: waitingToRetry },
  { major: 2, when: 'onResponse', interceptor: waitingToRetry },
])('through ky $major, waiting in $when', ({ major, interceptor }) => {
  const create = () =>
    major === 1
      ? ky1.create({ prefixUrl: api, ...authOptions1([interceptor], { endpoint: api }), retry: 0 })
      : ky2.create({ prefix: api, hooks: authHooks([interceptor], { endpoint: api }), retry: 0 });

  it.each([
    ['controller.abort()', (controller: AbortController) => controller.abort()],
    [
      'a TimeoutError',
      (controller: AbortController) => controller.abort(new DOMException('late', 'TimeoutError')),
    ],
    [
      'a reason of its own',
      (controller: AbortController) => controller.abort(new Error('user navigated away')),
    ],
  ])('rejects with the abort reason of %s, and sends nothing more', async (_label, abort) => {
    sent = 0;
    const controller = new AbortController();
    const pending = create().get('items', { signal: controller.signal });
    setTimeout(() => abort(controller), 20);
    const error = await pending.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(controller.signal.aborted).toBe(true);
    expect(error).toBe(controller.signal.reason);
    expect(sent).toBe(interceptor === waitingToApply ? 0 : 1);
  });
});
