import type { Interceptor } from '@ky-auth/core';
import { latestTokenSource } from './latest-token-source.ts';
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
  /** The time, in ms since the epoch, to tell an expired JWT by. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An interceptor for `AWS_LAMBDA` APIs with a token-based Lambda authorizer: the value of `getToken` goes
 * into the authorizer's identity source header, as it is. `getToken` is asked on every request (see
 * {@link latestTokenSource}: keep the token in your own code if fetching it is costly), an expired JWT is
 * never sent, and a 401 from the API causes one call with `forceRefresh: true` and one retry.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { lambdaToken } from '@ky-auth/token';
 *
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([lambdaToken({ getToken: () => localStorage.getItem('partner-token') ?? '', header: 'x-partner-token' })], { endpoint }),
 * });
 * ```
 */
export function lambdaToken(options: LambdaTokenOptions): Interceptor {
  return tokenInterceptor({
    name: 'lambda',
    source: latestTokenSource(options.getToken, { name: 'Lambda authorizer', now: options.now }),
    header: options.header ?? 'authorization',
  });
}
