import { abortable, isKyAuthErrorOrAbort, TokenError } from '@ky-auth/core';
import { jwtExpiry } from './jwt-expiry.ts';
import type { GetLatestAuthToken, TokenSource } from './types.ts';

/**
 * Options of {@link latestTokenSource}.
 *
 * @example
 * ```ts
 * const options: LatestTokenSourceOptions = { name: 'partner', now: () => Date.now() + clockOffsetMs };
 * ```
 */
export interface LatestTokenSourceOptions {
  /** Names the source in error messages, such as `OIDC` or `Lambda authorizer`. Default `token`. */
  readonly name?: string | undefined;
  /** The time, in ms since the epoch, to tell an expired JWT by. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * A {@link TokenSource} over your token function that asks it on every request and keeps nothing: the
 * token a request carries is always the one your function gives for it, so a sign-out, or another user's
 * sign-in, counts from the very next request. Your function does its own caching (Amplify's
 * `fetchAuthSession` and OIDC client libraries do); ky-auth adds one call per request, answered without a
 * promise when your function answers without one.
 *
 * What it checks: a JWT that is already expired is never returned (the function is asked once more with
 * `forceRefresh: true`; if that token is expired too, `TokenError` `ERR_TOKEN_EXPIRED`); a function that
 * throws, or returns anything but a non-empty string, fails with `ERR_TOKEN_PROVIDER_FAILED` (its error is
 * the `cause`; a `KyAuthError` it throws is passed on as it is). After a 401, a burst of forced refreshes
 * for the same rejected token causes one call with `forceRefresh: true`.
 *
 * @param getLatestAuthToken - Returns the current token; told `{ forceRefresh }`.
 *
 * @example
 * ```ts
 * import { latestTokenSource, tokenInterceptor } from '@ky-auth/token';
 *
 * const source = latestTokenSource(async ({ forceRefresh }) => (await myAuth.session({ forceRefresh })).token);
 * const interceptor = tokenInterceptor({ name: 'my-auth', source, scheme: 'Bearer' });
 * ```
 */
export function latestTokenSource(
  getLatestAuthToken: GetLatestAuthToken,
  { name = 'token', now = Date.now }: LatestTokenSourceOptions = {},
): TokenSource {
  /** The last token the function gave: a 401 to an older one needs no forced call, the source moved on. */
  let latest: string | undefined;
  /** The forced call under way, shared by every 401 to the same token. */
  let forcing: Promise<string> | undefined;
  /**
   * The function usually answers the same token many times: its `exp` is read once (decoding a JWT costs
   * several times the rest of a request's authorization). Only the expiry is remembered, never sent.
   */
  let judged: string | undefined;
  let judgedExpiry: number | undefined;

  const failed = (error: unknown): never => {
    throw isKyAuthErrorOrAbort(error)
      ? error
      : new TokenError(
          'ERR_TOKEN_PROVIDER_FAILED',
          `The ${name} token source threw; the request was not sent. See \`cause\`.`,
          { cause: error },
        );
  };

  /** One call of the function, its answer checked; an expired JWT is asked for again, forced, once. */
  const ask = (forced: boolean): string | Promise<string> => {
    const judge = (token: unknown): string | Promise<string> => {
      if (typeof token !== 'string' || token.trim() === '') {
        throw new TokenError(
          'ERR_TOKEN_PROVIDER_FAILED',
          `The ${name} token source returned ${typeof token === 'string' ? 'an empty string' : typeof token} instead of a token; the request was not sent.`,
        );
      }
      latest = token;
      if (token !== judged) {
        judged = token;
        judgedExpiry = jwtExpiry(token);
      }
      if (judgedExpiry === undefined || judgedExpiry > now()) return token;
      if (!forced) return ask(true);
      throw new TokenError(
        'ERR_TOKEN_EXPIRED',
        `The ${name} token source returned a token that expired at ${new Date(judgedExpiry).toISOString()}, even when asked to refresh; the request was not sent. Check the source and this device's clock.`,
      );
    };
    let answer: unknown;
    try {
      answer = getLatestAuthToken({ forceRefresh: forced });
    } catch (error) {
      return failed(error);
    }
    return answer instanceof Promise ? answer.then(judge, failed) : judge(answer);
  };

  return ({ forceRefresh, stale, signal }) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!forceRefresh) {
      const token = ask(false);
      return typeof token === 'string' ? token : abortable(token, signal);
    }
    // A late 401 to a token the function no longer gives is answered by what it gives now, unforced.
    const force = stale === undefined || latest === undefined || stale === latest;
    forcing ??= Promise.resolve()
      .then(() => ask(force))
      .finally(() => {
        forcing = undefined;
      });
    return abortable(forcing, signal);
  };
}
