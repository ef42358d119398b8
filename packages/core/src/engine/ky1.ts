import { KyAuthError } from '../errors.ts';
import type { AuthHooks } from './auth-hooks.ts';
import { type Call, createAuthEngine } from './lib/auth-engine.ts';
import { processedError } from './lib/before-error.ts';
import { markAuthFetch, sendsThrough } from './lib/credentialed-mark.ts';
import type {
  AuthHooksOptions,
  AuthHooksOptionsWithEndpoint,
  Interceptor,
  RequestAuthOptions,
} from './types.ts';

// ky 1 apps type their options from this entry, as ky 2 apps do from the root one.
export type { AuthHooksOptions, AuthHooksOptionsWithEndpoint } from './types.ts';

/** The parts of ky 1's normalized options that the hooks read. */
interface NormalizedKyOptions {
  readonly context?: RequestAuthOptions;
  readonly timeout?: number | false;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof globalThis.fetch;
}

/** What `authOptions` gives a ky 1 client: spread it into `ky.create()` or `.extend()`. */
export interface AuthOptions {
  readonly hooks: AuthHooks;
  /** The fetch that authorizes each attempt (a copy of ky's request) and sends it. */
  readonly fetch: typeof globalThis.fetch;
}

/**
 * Turns interceptors into ky 1.14 options: `hooks` and the `fetch` that authorizes each attempt as ky
 * hands it over. Authorization happens on a copy of ky's request, inside `fetch`: ky, its hooks and its
 * errors never hold a credential, every hook runs as it would without ky-auth, ky 1's `timeout` bounds
 * the authorization too, and a request to an origin the options are not bound to reaches fetch exactly
 * as ky made it. Same interceptors and options as `authHooks` from `@ky-auth/core` (ky 2); a client
 * `fetch` of your own goes in `options.fetch`. With interceptors, `options.endpoint` is required: without
 * it the call does not compile (`AuthHooksOptionsWithEndpoint`), and throws `ERR_CONFIG_MISSING_ENDPOINT`.
 *
 * The hooks check that the client's `fetch` is this one (or sends through it): spreading `hooks` alone,
 * or a later `fetch` option that replaces it, fails every request with `ERR_KY1_FETCH_MISSING` rather
 * than send it unauthenticated. Two sets on one client: pass the first set's `fetch` as the second's
 * `options.fetch`. Handed to ky 2, the hooks fail every request with `ERR_KY_MAJOR`.
 *
 * @example
 * ```ts
 * import ky from 'ky'; // ky 1.14
 * import { authOptions } from '@ky-auth/core/ky1';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefixUrl: endpoint,
 *   ...authOptions([apiKey('my-key')], { endpoint }),
 * });
 * await api.get('items').json();
 * ```
 */
export function authOptions(
  interceptors: readonly Interceptor[],
  options: AuthHooksOptionsWithEndpoint,
): AuthOptions;
/**
 * ky 1 options with no interceptors: they bind no credentials, so they need no `endpoint`.
 *
 * @example
 * ```ts
 * import ky from 'ky'; // ky 1.14
 * import { authOptions } from '@ky-auth/core/ky1';
 *
 * const api = ky.create({ prefixUrl: 'https://api.example.com/', ...authOptions([]) });
 * ```
 */
export function authOptions(interceptors: readonly [], options?: AuthHooksOptions): AuthOptions;
export function authOptions(
  interceptors: readonly Interceptor[],
  options: AuthHooksOptions = {},
): AuthOptions {
  const engine = createAuthEngine(interceptors, options, 'authOptions');
  // ky 1 has no hook that sees a call before it starts: its `beforeRequest` (which runs for every attempt)
  // tells `fetch` the call and the attempt, by the very request ky is about to send. A call is known by
  // the abort signal ky makes for it (the same for all its attempts, unless a timeout was retried), or
  // where there is none, by the options object ky hands its hooks.
  const calls = new WeakMap<object, Call>();
  const attempts = new WeakMap<Request, { readonly call: Call; readonly retryCount: number }>();
  const fetch = markAuthFetch(
    ((request: Request, init: unknown) => {
      const attempt = attempts.get(request);
      // Not seen by the hooks (an app hook before them returned a Request, and ky 1 skipped the rest):
      // authorized all the same, in the default auth mode, without a re-authorized retry (which attempt of
      // which call this is cannot be known, so neither can whether the call already had one).
      if (attempt === undefined) {
        const unknown = engine.call({ context: {}, fetch: options.fetch });
        unknown.reauthorized = true;
        return engine.send(unknown, request, init);
      }
      return engine.send(attempt.call, request, init, attempt.retryCount);
    }) as typeof globalThis.fetch,
    options.fetch,
  );

  const hooks: AuthHooks = {
    beforeRequest: [
      (request: unknown, kyOptions: NormalizedKyOptions, state?: { retryCount?: number }) => {
        if (!(request instanceof Request))
          return refuse(() => import('./lib/refusal.ts').then(({ kyMajorRefusal }) => kyMajorRefusal(1)));
        if (!sendsThrough(kyOptions.fetch, fetch)) return refuse(missingFetch);
        const key = kyOptions.signal ?? kyOptions;
        let call = calls.get(key);
        if (call === undefined) {
          call = engine.call({
            context: kyOptions.context ?? {},
            fetch: options.fetch,
            timeout: kyOptions.timeout,
          });
          // A call met first on a retry lost its key (a timeout made a new signal): it may already have had
          // its re-authorized retry, so it gets none, keeping attempts within ky's limit plus one.
          call.reauthorized = (state?.retryCount ?? 0) > 0;
          calls.set(key, call);
        }
        attempts.set(request, { call, retryCount: state?.retryCount ?? 0 });
        return undefined;
      },
    ],
    // ky 1 retries any error a hook or fetch throws, as if the network had failed: an authorization
    // failure must reach the caller as it is.
    beforeRetry: [
      ({ error }: { error: unknown }) => {
        if (error instanceof KyAuthError) throw error;
      },
    ],
    // Why the API refused a request the interceptors authorized is appended to ky's HTTPError's message.
    beforeError: [
      (error: Error) => {
        if (!(error instanceof Error)) return error;
        return processedError(error, engine);
      },
    ],
  };
  return { hooks, fetch };
}

async function refuse(why: () => KyAuthError | Promise<KyAuthError>): Promise<never> {
  throw await why();
}

function missingFetch(): KyAuthError {
  return new KyAuthError(
    'ERR_KY1_FETCH_MISSING',
    "ky-auth's ky 1 hooks are on this client, but its fetch is not: spread both, as ky.create({ prefixUrl, ...authOptions(interceptors, { endpoint }) }) (a fetch of your own goes in authOptions' options.fetch). A second set on the same client (fromConfig's client(name, base) over a base with its own): pass the first set's fetch as the second's options.fetch (fromConfig's providers.fetch). The request was not sent.",
  );
}
