// On Node below 22 ky 2 cannot run: the guard refuses there; elsewhere '#node-guard' is an empty function.
import { refuseNodeWithoutKy2 } from '#node-guard';
import { KyAuthError } from '../errors.ts';
import { createAuthEngine } from './lib/auth-engine.ts';
import { processedError } from './lib/before-error.ts';
import type {
  AuthHooksOptions,
  AuthHooksOptionsWithEndpoint,
  Interceptor,
  RequestAuthOptions,
} from './types.ts';

export type { AuthHooksOptions, AuthHooksOptionsWithEndpoint } from './types.ts';

// ky 1 and ky 2 call hooks with different arguments and type them differently; these hooks accept both.
// biome-ignore lint/suspicious/noExplicitAny: a hook must be assignable to both majors' hook types.
type HookFunction = (...args: any[]) => any;

/**
 * ky hooks that run the interceptors. They are plain arrays, so they merge into any ky instance with
 * `ky.create({ hooks })` or `api.extend({ hooks })`, in any order: the interceptors run on the request
 * handed to fetch, after every hook. `authHooks` from `@ky-auth/core` fills `init` (which wraps the call's
 * `fetch`), `beforeRequest`, `beforeRetry` and `beforeError` (ky 2); `authOptions` from
 * `@ky-auth/core/ky1` gives ky 1 hooks and the `fetch` they work through.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { type AuthHooks, authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const hooks: AuthHooks = authHooks([apiKey('my-key')], { endpoint });
 * const api = ky.create({ prefix: endpoint }).extend({ hooks });
 * ```
 */
export interface AuthHooks {
  readonly init?: HookFunction[];
  readonly beforeRequest?: HookFunction[];
  readonly beforeRetry?: HookFunction[];
  readonly afterResponse?: HookFunction[];
  readonly beforeError?: HookFunction[];
}

/** The context of a call that has none: ky makes it an empty object later, which no hook here needs. */
const noContext: RequestAuthOptions = Object.freeze({});

/** The options ky 2 gives its `init` hooks, before it reads them. */
interface RawKyOptions {
  context?: RequestAuthOptions;
  fetch?: typeof globalThis.fetch;
  hooks?: { readonly beforeRequest?: readonly unknown[] };
  readonly timeout?: unknown;
  readonly totalTimeout?: unknown;
}

/**
 * Turns interceptors into ky 2 hooks (for ky 1.14, use `authOptions` from `@ky-auth/core/ky1`).
 * Interceptors run, in stage order, on every attempt as ky hands it to fetch: the `init` hook wraps the
 * call's `fetch`, which authorizes a copy of ky's request and sends that. So ky, its hooks and its errors
 * never hold a credential, a retry never resends a stale signature or token, and a request to an origin
 * the hooks are not bound to reaches fetch exactly as ky made it. An `onResponse` that asks for it gets
 * one re-authorized retry per call, never more. With interceptors, `options.endpoint` is required: without
 * it the call does not compile (`AuthHooksOptionsWithEndpoint`), and throws `ERR_CONFIG_MISSING_ENDPOINT`.
 *
 * Handed to ky 1, the hooks fail every request with `ERR_KY_MAJOR` rather than send it unauthenticated; on
 * Node 20, where ky 2 does not run, `authHooks` itself throws `ERR_KY_MAJOR`, naming `@ky-auth/core/ky1`.
 * The one cost of ky 2's `init` hook: ky gives each call a shallow copy of its options (so a
 * `stringifyJson` receives a shallow copy of `json`, equal but not the same object).
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([apiKey('my-key')], { endpoint }),
 * });
 * await api.get('items').json();
 * await api.get('health', { context: { authMode: 'none' } }); // no auth for this call
 * ```
 */
export function authHooks(
  interceptors: readonly Interceptor[],
  options: AuthHooksOptionsWithEndpoint,
): AuthHooks;
/**
 * Hooks with no interceptors: they bind no credentials, so they need no `endpoint`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 *
 * const api = ky.create({ prefix: 'https://api.example.com/', hooks: authHooks([]) });
 * ```
 */
export function authHooks(interceptors: readonly [], options?: AuthHooksOptions): AuthHooks;
export function authHooks(interceptors: readonly Interceptor[], options: AuthHooksOptions = {}): AuthHooks {
  refuseNodeWithoutKy2();
  const engine = createAuthEngine(interceptors, options, 'authHooks');
  // ky 1 has no `init` hook to authorize with, and passes the Request itself (ky 2 a state object): there
  // this fails every request. ky awaits it: the words load when it fails.
  const refuseKy1 = (state: unknown) =>
    state instanceof Request
      ? import('./lib/refusal.ts').then(({ kyMajorRefusal }) => {
          throw kyMajorRefusal(2);
        })
      : undefined;
  return {
    init: [
      (kyOptions: RawKyOptions) => {
        const { context = noContext, fetch, timeout, totalTimeout, hooks } = kyOptions;
        const call = engine.call({ context, fetch, timeout, totalTimeout });
        // Authorization happens on the copy of each attempt handed to fetch.
        kyOptions.fetch = ((request: Request, init: unknown) =>
          engine.send(call, request, init)) as typeof globalThis.fetch;
        // This is ky 2, which ran the init hook: the call goes without the ky 1 refusal, which ky would
        // otherwise call (and await) before every attempt. The call's own hooks object, not the client's.
        const before = hooks?.beforeRequest;
        if (before?.includes(refuseKy1)) {
          kyOptions.hooks = { ...hooks, beforeRequest: before.filter((hook) => hook !== refuseKy1) };
        }
      },
    ],
    beforeRequest: [refuseKy1],
    // ky 1 would retry that error, with back-off, as if the network had failed.
    beforeRetry: [
      ({ error }: { error: unknown }) => {
        if (error instanceof KyAuthError && error.code === 'ERR_KY_MAJOR') throw error;
      },
    ],
    beforeError: [
      (state: Error | { error: Error; request: Request }) => {
        // ky 1 hands its HTTPError itself (these hooks fail there before any); ky 2 a state object.
        if (state instanceof Error) return state;
        return processedError(state.error, engine, state.request);
      },
    ],
  };
}
