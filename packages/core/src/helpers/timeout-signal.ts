/** What {@link timeoutSignal} made: the signal to hand on, and the way to let go of it. */
export interface TimeoutSignal {
  /** Aborts with a `TimeoutError` after `timeoutMs`, or with the reason of the signal given. */
  readonly signal: AbortSignal;
  /** Stops the timer and stops listening to the signal given: call it once the work is done. */
  clear(): void;
}

/**
 * A signal that aborts after `timeoutMs` (with a `TimeoutError`, as `AbortSignal.timeout` does) or as soon
 * as `signal` aborts (with its reason), whichever comes first. Built on `AbortController` and `setTimeout`
 * alone: React Native before 0.87 has no `AbortSignal.timeout`, and older runtimes no `AbortSignal.any`.
 * `clear` must be called when the work ends, so no timer outlives it.
 *
 * @param timeoutMs - How long the work may take, in ms.
 * @param signal - The caller's signal, if any.
 *
 * @example
 * ```ts
 * import { timeoutSignal } from '@ky-auth/core/internal/timeout-signal';
 *
 * const deadline = timeoutSignal(10_000, request.signal);
 * try {
 *   return await (await fetch('https://login.example.com/token', { signal: deadline.signal })).json();
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export function timeoutSignal(timeoutMs: number, signal?: AbortSignal): TimeoutSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => controller.abort(timeoutError()), timeoutMs);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Named as the reason `AbortSignal.timeout` gives, but a plain error: React Native has no `DOMException`,
 * and a `DOMException` of another realm is not recognized as an error by `redactedCause`.
 */
function timeoutError(): Error {
  const error = new Error('The operation timed out.');
  error.name = 'TimeoutError';
  return error;
}
