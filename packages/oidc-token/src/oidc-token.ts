import type { Interceptor } from '@ky-auth/core';
import { cachedTokenSource, type GetLatestAuthToken, tokenInterceptor } from '@ky-auth/token';

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
  /** How long an opaque (non-JWT) token is reused, in ms. Default 0: fetched for every request. */
  readonly cacheMs?: number | undefined;
  /** Refresh a JWT this long before its `exp` (at most half its remaining life). Default 60 s. */
  readonly refreshBeforeMs?: number | undefined;
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An interceptor for `OPENID_CONNECT` APIs: your `getLatestAuthToken` is the source, as in Amplify's
 * Swift and Android plugins, and ky-auth adds what they leave to you. A JWT is cached until shortly
 * before its `exp` and then fetched again by one call however many requests wait; an expired token is
 * never sent; a 401 from the API causes one call with `forceRefresh: true` and one retry. Errors:
 * `TokenError` `ERR_TOKEN_SOURCE_FAILED` (your function threw; its error is the `cause`) or
 * `ERR_TOKEN_EXPIRED`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { oidcToken } from '@ky-auth/oidc-token';
 *
 * const api = ky.create({
 *   prefix: 'https://api.example.com/',
 *   hooks: authHooks([
 *     oidcToken({
 *       getLatestAuthToken: async ({ forceRefresh }) => (await oidcUserManager.getUser(forceRefresh)).access_token,
 *       scheme: 'Bearer',
 *     }),
 *   ]),
 * });
 * ```
 */
export function oidcToken(options: OidcTokenOptions): Interceptor {
  return tokenInterceptor({
    name: 'oidc',
    source: cachedTokenSource(options.getLatestAuthToken, { ...options, name: 'OIDC' }),
    header: options.header,
    scheme: options.scheme,
  });
}
