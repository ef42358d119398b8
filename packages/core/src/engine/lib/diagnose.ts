import type { Interceptor } from '../types.ts';
import type { Call } from './auth-engine.ts';
import type { Emit } from './emitter.ts';

/**
 * Why the API refused a call's last credentialed request: settles (never rejects) to what `beforeError`
 * does to ky's error, which appends the explanation to the message of the `HTTPError` for that response.
 */
export type Diagnosis = Promise<(error: Error) => Error>;

type Diagnose = (response: Response | Promise<Response>, call: Call) => Response | Promise<Response>;

/**
 * What `respond` hands every final response to; `undefined` (nothing to do, not even a call) when no
 * interceptor can `explain`. Otherwise a `401` or `403` from the origin the request went to starts
 * reading a copy of its body and asking the interceptors why, and the call keeps the answer for
 * `beforeError`. Any other status costs one comparison; the response is never delayed.
 */
export function createDiagnose(
  interceptors: readonly Interceptor[],
  running: (call: Call) => readonly Interceptor[],
  emitter: () => Emit | undefined,
): Diagnose | undefined {
  if (!interceptors.some((interceptor) => interceptor.explain !== undefined)) return undefined;
  const check = (response: Response, call: Call): Response => {
    const { sent, context } = call;
    if ((response.status !== 401 && response.status !== 403) || !call.credentialed || !sent || !context)
      return response;
    // Copied now, before the caller (or ky, for `error.data`) reads the body. The words (and the body
    // reader, and which interceptors may explain) load only when a rejection needs them: no bytes up front
    // in a bundle that splits dynamic imports, no work for a 2xx.
    const copy = response.clone();
    const ran = running(call);
    call.diagnosis = import('./explain-rejection.ts')
      .then(({ explain }) => explain(copy, sent, context, ran, emitter()))
      .catch(() => (error: Error) => error);
    return response;
  };
  return (response, call) =>
    response instanceof Promise ? response.then((settled) => check(settled, call)) : check(response, call);
}
