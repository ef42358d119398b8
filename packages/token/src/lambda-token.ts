import type { Interceptor } from '@ky-auth/core';
import { cachedTokenSource } from './cached-token-source.ts';
import { tokenInterceptor } from './token-interceptor.ts';
import type { GetLatestAuthToken } from './types.ts';

/**
 * Options of {@link lambdaToken}.
 *
 * @example
 * ```ts
 * const options: LambdaTokenOptions = { getToken: () => partnerToken, header: 'x-partner-token' };
 * ```
 */
export interface LambdaTokenOptions {
  /** Returns the token your Lambda authorizer expects. */
  readonly getToken: GetLatestAuthToken;
  /** The authorizer's identity source header. Default `authorization`. */
  readonly header?: string | undefined;
  /** How long an opaque (non-JWT) token is reused, in ms. Default 0: fetched for every request. */
  readonly cacheMs?: number | undefined;
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An interceptor for `AWS_LAMBDA` APIs with a token-based Lambda authorizer: the value of `getToken` goes
 * into the authorizer's identity source header, as it is. Caching, expiry and the 401 retry behave as in
 * {@link oidcToken}: a JWT is reused until shortly before its `exp`, an opaque token is fetched per
 * request unless `cacheMs` says otherwise.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { lambdaToken } from '@ky-auth/token';
 *
 * const api = ky.create({
 *   prefix: 'https://api.example.com/',
 *   hooks: authHooks([lambdaToken({ getToken: () => localStorage.getItem('partner-token') ?? '', header: 'x-partner-token' })]),
 * });
 * ```
 */
export function lambdaToken(options: LambdaTokenOptions): Interceptor {
  return tokenInterceptor({
    name: 'lambda',
    source: cachedTokenSource(options.getToken, { ...options, name: 'Lambda authorizer' }),
    header: options.header ?? 'authorization',
  });
}
