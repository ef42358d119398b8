import { jest } from '@jest/globals';

/**
 * Calls `call` with virtual time (jest's fake timers, and `AbortSignal.timeout` run on them, which jest
 * leaves real), checks that what it returns is still waiting 1 ms before `ms` and has rejected at `ms`,
 * and returns the rejection. So "gives up after 10 seconds" is proven at 10 seconds exactly, in
 * milliseconds of real time, whether the code times out with `AbortSignal.timeout` or `setTimeout`.
 * Throws (failing the test) when the call settles early, resolves, or is still waiting at `ms`.
 *
 * @example
 * const cognito = stalledFetch();
 * const error = await rejectionAtTimeout(() => fromCognitoIdentityPool({ identityPoolId, fetch: cognito.fetch })(), 10_000);
 * expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
 */
export async function rejectionAtTimeout(call: () => unknown, ms: number): Promise<unknown> {
  if (!Number.isInteger(ms) || ms < 1)
    throw new Error(`rejectionAtTimeout needs a whole number of ms, not ${ms}`);
  const realTimeout = AbortSignal.timeout;
  // setImmediate and nextTick stay real: promise jobs and I/O callbacks must run while time stands still.
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  AbortSignal.timeout = (delay: number) => {
    const controller = new AbortController();
    setTimeout(
      () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      delay,
    );
    return controller.signal;
  };
  try {
    type Outcome = { state: 'pending' } | { state: 'resolved' } | { state: 'rejected'; reason: unknown };
    // Read through a function: TypeScript cannot see the callbacks below change it between the awaits.
    let settled: Outcome = { state: 'pending' };
    const outcome = (): Outcome => settled;
    Promise.resolve()
      .then(call)
      .then(
        () => {
          settled = { state: 'resolved' };
        },
        (reason: unknown) => {
          settled = { state: 'rejected', reason };
        },
      );
    await jest.advanceTimersByTimeAsync(ms - 1);
    const early = outcome();
    if (early.state !== 'pending') {
      throw new Error(`expected the call to wait ${ms} ms, but it ${early.state} after at most ${ms - 1} ms`);
    }
    await jest.advanceTimersByTimeAsync(1);
    // A rejection may take a few more promise jobs to travel up from the aborted fetch.
    for (let turn = 0; turn < 20 && outcome().state === 'pending'; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const final = outcome();
    if (final.state === 'rejected') return final.reason;
    throw new Error(
      final.state === 'resolved'
        ? `expected the call to fail at ${ms} ms, but it resolved`
        : `expected the call to fail at ${ms} ms, but it was still waiting`,
    );
  } finally {
    AbortSignal.timeout = realTimeout;
    jest.useRealTimers();
  }
}
