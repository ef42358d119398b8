import type { RequestAuthOptions } from '@ky-auth/core';

/**
 * What a token source is asked for one request.
 *
 * @example
 * ```ts
 * const request: TokenRequest = { forceRefresh: true, stale: rejectedToken };
 * ```
 */
export interface TokenRequest {
  /** True after the API rejected a token with 401: return a newer token than `stale`. */
  readonly forceRefresh: boolean;
  /** The token the API rejected, when `forceRefresh` is true. */
  readonly stale?: string | undefined;
  /** The request's abort signal: the caller stops waiting when it aborts. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The call's own ky `context` (such as `{ userId }`), for a source that answers per call, as a server
   * calling for many users does. Such a source keeps each user's tokens apart itself:
   * {@link latestTokenSource} shares one token between calls, so it is not one.
   */
  readonly context?: RequestAuthOptions | undefined;
}

/**
 * Returns the token to send: the input of {@link tokenInterceptor}. Build one with
 * {@link latestTokenSource}, or write your own that honours `forceRefresh`. It may answer a token at hand
 * at once (a string) and a token it has to fetch with a promise, so a request with a token at hand does
 * not wait on one.
 *
 * @example
 * ```ts
 * const source: TokenSource = latestTokenSource(() => readTokenFromStorage());
 * const token = await source({ forceRefresh: false });
 * ```
 */
export type TokenSource = (request: TokenRequest) => string | Promise<string>;

/**
 * Your function that returns the latest token, as Amplify's `getLatestAuthToken`. It is told when the API
 * rejected the previous token (`forceRefresh: true`) so it can skip its own cache; a function that ignores
 * its argument works too.
 *
 * @example
 * ```ts
 * const getLatestAuthToken: GetLatestAuthToken = async ({ forceRefresh }) =>
 *   (await auth.getSession({ refresh: forceRefresh })).accessToken;
 * ```
 */
export type GetLatestAuthToken = (request: { readonly forceRefresh: boolean }) => string | Promise<string>;
