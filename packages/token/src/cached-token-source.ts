import { cachedSource, KyAuthError, TokenError } from '@ky-auth/core';
import { jwtExpiry } from './jwt-expiry.ts';
import type { GetLatestAuthToken, TokenSource } from './types.ts';

/**
 * Options of {@link cachedTokenSource}.
 *
 * @example
 * ```ts
 * const options: CachedTokenSourceOptions = { name: 'partner', cacheMs: 30_000 };
 * ```
 */
export interface CachedTokenSourceOptions {
  /** Names the source in error messages, such as `OIDC` or `Lambda authorizer`. Default `token`. */
  readonly name?: string | undefined;
  /**
   * How long a token that is not a JWT with `exp` (an opaque token) is reused, in ms. Default 0: such a
   * token is fetched for every request (concurrent requests share one call), except that the token a
   * forced refresh fetched after a 401 is sent by the retry that follows.
   */
  readonly cacheMs?: number | undefined;
  /** Refresh a JWT this long before its `exp` (at most half its remaining life). Default 60 s. */
  readonly refreshBeforeMs?: number | undefined;
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * Wraps your token function in a cache. A JWT is reused until shortly before its `exp` (read without
 * verifying: the API verifies), then fetched again by one call however many requests wait; while it is
 * cached the source answers at once with the token, not a promise. A token that is already expired is
 * never returned: the function is asked once more with `forceRefresh: true`, and if that token is expired
 * too the request fails with `TokenError` `ERR_TOKEN_EXPIRED`. A function that throws, or returns anything
 * but a non-empty string, fails with `ERR_TOKEN_SOURCE_FAILED` (its error is the `cause`; a `KyAuthError`
 * it throws is passed on as it is).
 *
 * @param getLatestAuthToken - Returns the current token; told `{ forceRefresh }`.
 *
 * @example
 * ```ts
 * import { cachedTokenSource, tokenInterceptor } from '@ky-auth/token';
 *
 * const source = cachedTokenSource(async ({ forceRefresh }) => (await myAuth.session({ forceRefresh })).token);
 * const interceptor = tokenInterceptor({ name: 'my-auth', source, scheme: 'Bearer' });
 * ```
 */
export function cachedTokenSource(
  getLatestAuthToken: GetLatestAuthToken,
  { name = 'token', cacheMs = 0, refreshBeforeMs, now = Date.now }: CachedTokenSourceOptions = {},
): TokenSource {
  const fetchToken = async (forceRefresh: boolean): Promise<string> => {
    let token: unknown;
    try {
      token = await getLatestAuthToken({ forceRefresh });
    } catch (error) {
      throw error instanceof KyAuthError
        ? error
        : new TokenError(
            'ERR_TOKEN_SOURCE_FAILED',
            `The ${name} token source threw; the request was not sent. See \`cause\`.`,
            {
              cause: error,
            },
          );
    }
    if (typeof token !== 'string' || token.trim() === '') {
      throw new TokenError(
        'ERR_TOKEN_SOURCE_FAILED',
        `The ${name} token source returned ${typeof token === 'string' ? 'an empty string' : typeof token} instead of a token; the request was not sent.`,
      );
    }
    return token;
  };

  // An opaque token that is not cached is still the answer to the forced refresh that fetched it, and
  // the retry that refresh was for must send it: the next request takes it over, once.
  let handoff: string | undefined;
  const cache = cachedSource<string>({
    now,
    ...(refreshBeforeMs !== undefined && { refreshBeforeMs }),
    async load(reason) {
      // A token that is already expired is asked for again, forced, once.
      for (let forced = reason === 'forced'; ; forced = true) {
        const token = await fetchToken(forced);
        const expiresAt = jwtExpiry(token);
        if (expiresAt === undefined || expiresAt > now()) {
          if (expiresAt === undefined && cacheMs === 0 && reason === 'forced') handoff = token;
          return { value: token, expiresAt: expiresAt ?? now() + cacheMs };
        }
        if (forced) {
          throw new TokenError(
            'ERR_TOKEN_EXPIRED',
            `The ${name} token source returned a token that expired at ${new Date(expiresAt).toISOString()}, even when asked to refresh; the request was not sent. Check the source and this device's clock.`,
          );
        }
      }
    },
  });

  return ({ forceRefresh, stale, signal }) => {
    const forced = handoff;
    handoff = undefined;
    if (forceRefresh) return cache.get({ forceRefresh, stale, signal });
    return forced ?? cache.read({ signal });
  };
}
