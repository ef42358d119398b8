/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts; `promise` goes on. Lets a
 * caller that waits on shared work (a refresh) give up without cancelling it for the others.
 *
 * @example
 * ```ts
 * import { abortable } from '@ky-auth/core';
 *
 * const token = await abortable(sharedRefresh, request.signal);
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
