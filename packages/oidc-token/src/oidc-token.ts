import type { Interceptor } from '@ky-auth/core';
import { type GetLatestAuthToken, latestTokenSource, tokenInterceptor } from '@ky-auth/token';

/**
 * Options of {@link oidcToken}.
 *
 * @example
 * ```ts
 * const options: OidcTokenOptions = { getLatestAuthToken: () => auth.accessToken(), scheme: 'Bearer' };
 * ```
 */
export interface OidcTokenOptions {
  /** Returns your OpenID provider's current token, as in Amplify's `AmplifyOIDCAuthProvider`. */
  readonly getLatestAuthToken: GetLatestAuthToken;
  /** The header that carries the token. Default `Authorization`. */
  readonly header?: string | undefined;
  /** Sent before the token with a space, such as `Bearer`. Default none: the raw token, as Amplify sends it. */
  readonly scheme?: string | undefined;
  /** The time, in ms since the epoch, to tell an expired JWT by. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An interceptor for `OPENID_CONNECT` APIs: your `getLatestAuthToken` is the source, as in Amplify's
 * Swift and Android plugins. It is asked on every request and nothing it answers is kept, so a sign-out
 * or another user's sign-in counts from the very next request: your provider library caches (or use
 * {@link oidcClient}, which does, and ends with its `signOut()`). An expired JWT is never sent (the
 * function is asked once more with `forceRefresh: true`); a 401 from the API causes one call with
 * `forceRefresh: true` and one retry. Errors: `TokenError` `ERR_TOKEN_PROVIDER_FAILED` (your function threw;
 * its error is the `cause`) or `ERR_TOKEN_EXPIRED`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { oidcToken } from '@ky-auth/oidc-token';
 *
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([
 *     oidcToken({
 *       getLatestAuthToken: async ({ forceRefresh }) => (await oidcUserManager.getUser(forceRefresh)).access_token,
 *       scheme: 'Bearer',
 *     }),
 *   ], { endpoint }),
 * });
 * ```
 */
export function oidcToken(options: OidcTokenOptions): Interceptor {
  return tokenInterceptor({
    name: 'oidc',
    source: latestTokenSource(options.getLatestAuthToken, { name: 'OIDC', now: options.now }),
    header: options.header,
    scheme: options.scheme,
  });
}
