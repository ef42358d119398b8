import { KyAuthError } from '../errors.ts';
import type { AuthHooks } from './auth-hooks.ts';
import { type Call, createAuthEngine } from './lib/auth-engine.ts';
import { markCredentialed } from './lib/credentialed-mark.ts';
import { loadErrorHandling } from './lib/load-error-handling.ts';
import { reusableBody } from './lib/reusable-body.ts';
import type { AuthHooksOptions, Interceptor, RequestAuthOptions } from './types.ts';

/** The parts of ky 1's normalized options that authHooks reads. */
interface NormalizedKyOptions {
  readonly context?: object;
  readonly timeout?: number | false;
  readonly fetch?: typeof globalThis.fetch;
  readonly body?: unknown;
}

/**
 * Turns interceptors into ky 1.14 hooks: `beforeRequest` authorizes every attempt (ky 1 runs it again
 * before each retry), `afterResponse` follows redirects and sends the one re-authorized retry an
 * `onResponse` asks for. ky 1's `timeout` bounds the authorization too (`ERR_AUTH_TIMEOUT`). Same
 * interceptors and options as `authHooks` from `@ky-auth/core`, which is for ky 2.
 *
 * Handed to ky 2, the hooks fail every request with `ERR_KY_MAJOR` rather than send it unauthenticated.
 *
 * @example
 * ```ts
 * import ky from 'ky'; // ky 1.14
 * import { authHooks } from '@ky-auth/core/ky1';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefixUrl: endpoint,
 *   hooks: authHooks([apiKey('my-key')], { endpoint }),
 * });
 * await api.get('items').json();
 * ```
 */
export function authHooks(interceptors: readonly Interceptor[], options: AuthHooksOptions = {}): AuthHooks {
  const engine = createAuthEngine(interceptors, options);
  // ky 1 makes one `context` object per call: the call's state is keyed by it.
  const calls = new WeakMap<object, Call>();
  const errorHandling = loadErrorHandling();
  const callOf = (kyOptions: NormalizedKyOptions): Call => {
    const key = kyOptions.context ?? {};
    let call = calls.get(key);
    if (call === undefined) {
      call = engine.call({
        context: key as RequestAuthOptions,
        body: () => reusableBody(kyOptions.body),
        fetch: kyOptions.fetch,
      });
      calls.set(key, call);
    }
    return call;
  };

  return {
    beforeRequest: [
      async (request: unknown, kyOptions: NormalizedKyOptions, state?: { retryCount?: number }) => {
        if (!(request instanceof Request)) throw (await import('./lib/refusal.ts')).kyMajorRefusal(1);
        const call = callOf(kyOptions);
        // ky 1 retries a copy of the request as the last attempt sent it: start again from the caller's headers.
        let attempt = request;
        if (call.pristine === undefined) call.pristine = new Headers(request.headers);
        else attempt = engine.fresh(request, call);
        // ky 1's `timeout` covers only the fetch: bound a provider that hangs by it too.
        let sending = await withinTimeout(
          engine.authorize(attempt, call, state?.retryCount ?? 0, false),
          kyOptions.timeout,
        );
        if (call.credentialed && sending.redirect === 'follow') {
          call.follows = true;
          sending = new Request(sending, { redirect: 'manual' });
          markCredentialed(sending);
        }
        return sending === request ? undefined : sending;
      },
    ],
    // ky 1 retries any error a hook throws; an auth failure or an abort must reach the caller as it is.
    // ky 1 then runs `beforeRequest` again, which re-authorizes the retry.
    beforeRetry: [
      ({ request, error }: { request: Request; error: unknown }) => {
        if (error instanceof KyAuthError || request.signal.aborted) throw error;
      },
    ],
    afterResponse: [
      async (
        request: unknown,
        kyOptions: NormalizedKyOptions,
        response: Response,
        state?: { retryCount?: number },
      ) => {
        // ky 2 passes one state object (these hooks fail there before any response, unless another hook answered).
        if (!(request instanceof Request)) return undefined;
        const call = callOf(kyOptions);
        if (!call.credentialed) return undefined;
        const result = await engine.respond(response, request, call, state?.retryCount ?? 0);
        return result === response ? undefined : result;
      },
    ],
    // ky 1's HTTPError holds the request as sent: without its credentials, it can be logged. Why the API
    // refused a request the interceptors authorized is appended to its message.
    beforeError: [
      (error: Error & { options?: NormalizedKyOptions }) => {
        const call = calls.get(error.options?.context ?? {});
        return errorHandling.then(({ processedError }) => processedError(error, engine, call));
      },
    ],
  };
}

/** Settles like `work`, or fails with `ERR_AUTH_TIMEOUT` once `timeout` ms have passed. */
function withinTimeout<T>(work: Promise<T>, timeout: number | false | undefined): Promise<T> {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KyAuthError(
            'ERR_AUTH_TIMEOUT',
            `Authorizing the request took longer than ky's timeout (${timeout} ms); it was not sent. A credentials or token provider did not answer in time.`,
          ),
        ),
      timeout,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
