import { apiKey } from '@ky-auth/api-key';
import {
  type AuthHooks,
  type AuthHooksOptions,
  type AuthHooksOptionsWithEndpoint,
  authHooks,
  type Interceptor,
} from '@ky-auth/core';
import {
  type AuthOptions,
  authOptions,
  type AuthHooksOptionsWithEndpoint as Ky1OptionsWithEndpoint,
} from '@ky-auth/core/ky1';

// Type tests, compiled by `pnpm typecheck` and never run: interceptors are bound to an endpoint, so
// authHooks (and ky 1's authOptions) with interceptors and no endpoint does not compile (at run time:
// ConfigError ERR_CONFIG_MISSING_ENDPOINT). Each `@ts-expect-error` line must stay an error: one that
// compiles fails the typecheck.

/** `true` only when the two types are the same. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(verdict: Equal<A, B>) => verdict;

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
declare const options: AuthHooksOptions;
declare const interceptors: Interceptor[];
declare const fromEnvironment: string | undefined;

export function ky2WithInterceptors() {
  // The endpoint as a string, a URL, or a list of both (a client that calls several APIs).
  same<ReturnType<typeof authHooks>, AuthHooks>(true);
  authHooks([apiKey('k')], { endpoint });
  authHooks([apiKey('k')], { endpoint: new URL(endpoint) });
  authHooks([apiKey('k')], { endpoint: [endpoint, new URL('https://other.example.com/')] });
  authHooks(interceptors, { endpoint, apiName: 'orders', allowInsecureHttp: false });
  // @ts-expect-error interceptors need the endpoint their credentials are bound to
  authHooks([apiKey('k')]);
  // @ts-expect-error the same with options that leave it out
  authHooks([apiKey('k')], {});
  // @ts-expect-error an endpoint spelt out as undefined is still missing
  authHooks([apiKey('k')], { endpoint: undefined });
  // @ts-expect-error an endpoint that may be missing (an unset environment variable, say)
  authHooks([apiKey('k')], { endpoint: fromEnvironment });
  // @ts-expect-error a list of interceptors typed as an array, not known to be empty, needs it too
  authHooks(interceptors, { onEvent: () => {} });
}

export function passThrough() {
  // A helper that passes options through types them with the endpoint...
  const install = (list: readonly Interceptor[], given: AuthHooksOptionsWithEndpoint) =>
    authHooks(list, given);
  install([apiKey('k')], { endpoint });
  // @ts-expect-error ...so its callers cannot leave it out either
  install([apiKey('k')], {});
  // @ts-expect-error plain AuthHooksOptions may lack it
  authHooks([apiKey('k')], options);
  // ...or fills it in first.
  authHooks([apiKey('k')], { ...options, endpoint: options.endpoint ?? endpoint });
  const bound: AuthHooksOptionsWithEndpoint = { endpoint, apiName: 'orders' };
  // @ts-expect-error the type itself requires it
  const unbound: AuthHooksOptionsWithEndpoint = { apiName: 'orders' };
  return [bound, unbound];
}

export function withoutInterceptors() {
  // Nothing to bind: no endpoint needed.
  authHooks([]);
  authHooks([], {});
  authHooks([], options);
  authHooks([], { onEvent: () => {} });
  authHooks([], { endpoint });
}

export function ky1() {
  same<ReturnType<typeof authOptions>, AuthOptions>(true);
  same<Ky1OptionsWithEndpoint, AuthHooksOptionsWithEndpoint>(true);
  authOptions([apiKey('k')], { endpoint });
  authOptions([apiKey('k')], { endpoint: new URL(endpoint), fetch: globalThis.fetch });
  authOptions([apiKey('k')], { endpoint: [endpoint, new URL('https://other.example.com/')] });
  // @ts-expect-error interceptors need the endpoint their credentials are bound to
  authOptions([apiKey('k')]);
  // @ts-expect-error a client fetch is not an endpoint
  authOptions([apiKey('k')], { fetch: globalThis.fetch });
  // @ts-expect-error an endpoint that may be missing
  authOptions(interceptors, { endpoint: fromEnvironment });
  // @ts-expect-error plain AuthHooksOptions may lack it
  authOptions([apiKey('k')], options);
  authOptions([]);
  authOptions([], {});
}
