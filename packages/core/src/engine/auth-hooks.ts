// On Node below 22 ky 2 cannot run: the guard refuses there; elsewhere '#node-guard' is an empty function.
import { refuseNodeWithoutKy2 } from '#node-guard';
import { KyAuthError } from '../errors.ts';
import { type Call, createAuthEngine } from './lib/auth-engine.ts';
import { markAuthFetch } from './lib/credentialed-mark.ts';
import { loadErrorHandling } from './lib/load-error-handling.ts';
import { reusableBody } from './lib/reusable-body.ts';
import type { AuthHooksOptions, Interceptor, InterceptorContext, RequestAuthOptions } from './types.ts';

export type { AuthHooksOptions } from './types.ts';

// ky 1 and ky 2 call hooks with different arguments and type them differently; these hooks accept both.
// biome-ignore lint/suspicious/noExplicitAny: a hook must be assignable to both majors' hook types.
type HookFunction = (...args: any[]) => any;

/**
 * ky hooks that run the interceptors. They are plain arrays, so they merge into any ky instance with
 * `ky.create({ hooks })` or `api.extend({ hooks })`; add them last so the signature covers the headers
 * that other hooks set. `authHooks` from `@ky-auth/core` fills `init`, `beforeRequest` and `beforeError`
 * (ky 2); the one from `@ky-auth/core/ky1` fills `beforeRequest`, `beforeRetry`, `afterResponse` and
 * `beforeError`.
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

/**
 * The redirect mode the caller asked for, recorded by the first set of ky-auth hooks on a client (which
 * turns it into `manual`), so that every later set knows the caller's own choice.
 */
const callerRedirectKey = Symbol.for('ky-auth.caller-redirect');
type CallContext = RequestAuthOptions & { [callerRedirectKey]?: RequestRedirect };

/** The options ky 2 gives its `init` hooks, before it reads them. */
interface RawKyOptions {
  context?: CallContext;
  fetch?: typeof globalThis.fetch;
  redirect?: RequestRedirect;
  readonly body?: unknown;
  readonly json?: unknown;
  readonly stringifyJson?: (data: unknown) => string;
}

/**
 * Turns interceptors into ky 2 hooks (for ky 1.14, import `authHooks` from `@ky-auth/core/ky1`).
 * Interceptors run, in stage order, on every attempt as ky sends it: the `init` hook wraps the call's
 * `fetch`, so a retry never resends a stale signature or token and no response is cloned. An
 * `onResponse` that asks for it gets one re-authorized retry per request, never more.
 *
 * Handed to ky 1, the hooks fail every request with `ERR_KY_MAJOR` rather than send it unauthenticated; on
 * Node 20, where ky 2 does not run, `authHooks` itself throws `ERR_KY_MAJOR`, naming `@ky-auth/core/ky1`.
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
export function authHooks(interceptors: readonly Interceptor[], options: AuthHooksOptions = {}): AuthHooks {
  refuseNodeWithoutKy2();
  const engine = createAuthEngine(interceptors, options);
  // Where `beforeError` finds a call's state: keyed by the call's own copy of ky's `context`, not stored
  // on it, so that an error's `options` never reach the request that carried the credentials.
  const calls = new WeakMap<object, Call>();
  const errorHandling = loadErrorHandling();
  return {
    init: [
      (kyOptions: RawKyOptions) => {
        const context: CallContext = { ...kyOptions.context };
        let body: { value: InterceptorContext['body'] } | undefined;
        const call = engine.call({
          context,
          // Serialized once, however often an interceptor asks: ky 2 serializes `json` after `init`.
          body: () => {
            body ??= { value: originalBody(kyOptions) };
            return body.value;
          },
          fetch: kyOptions.fetch,
        });
        calls.set(context, call);
        kyOptions.context = context;
        kyOptions.fetch = markAuthFetch(((request: Request, init: unknown) =>
          engine.send(call, request, init)) as typeof globalThis.fetch);
        // A call that may carry credentials must not have fetch follow a redirect with them.
        context[callerRedirectKey] ??= kyOptions.redirect ?? 'follow';
        if (context[callerRedirectKey] === 'follow' && engine.running(call).length > 0) {
          call.follows = true;
          kyOptions.redirect = 'manual';
        }
      },
    ],
    beforeRequest: [
      (state: unknown) => {
        // ky 1 passes the Request itself (ky 2 a state object), and has no `init` hook to authorize with.
        // ky awaits this hook: the words load when it fails.
        if (state instanceof Request) {
          return import('./lib/refusal.ts').then(({ kyMajorRefusal }) => {
            throw kyMajorRefusal(2);
          });
        }
        return undefined;
      },
    ],
    // ky 1 would retry that error, with back-off, as if the network had failed.
    beforeRetry: [
      ({ error }: { error: unknown }) => {
        if (error instanceof KyAuthError && error.code === 'ERR_KY_MAJOR') throw error;
      },
    ],
    beforeError: [
      (state: Error | { error: Error; request: Request; options: RawKyOptions }) => {
        // ky 1 hands its HTTPError itself (these hooks fail there before any); ky 2 a state object.
        if (state instanceof Error) return state;
        const { error, request, options: kyOptions } = state;
        const call = kyOptions.context === undefined ? undefined : calls.get(kyOptions.context);
        return errorHandling.then(({ processedError }) => processedError(error, engine, call, request));
      },
    ],
  };
}

function originalBody(kyOptions: RawKyOptions): InterceptorContext['body'] {
  if (kyOptions.body !== undefined) return reusableBody(kyOptions.body);
  if (kyOptions.json === undefined) return undefined;
  const text = (kyOptions.stringifyJson ?? JSON.stringify)(kyOptions.json);
  return typeof text === 'string' ? text : undefined;
}
