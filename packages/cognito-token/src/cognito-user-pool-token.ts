import type { Interceptor } from '@ky-auth/core';
import { tokenInterceptor } from '@ky-auth/token';
import { userPoolTokenSource } from './lib/user-pool-token-source.ts';
import type { UserPoolSession } from './user-pool-session.ts';

/**
 * A JWT as Amplify gives it: `toString()` is the token.
 *
 * @example
 * ```ts
 * const jwt: JwtLike = (await fetchAuthSession()).tokens!.accessToken;
 * ```
 */
export interface JwtLike {
  toString(): string;
}

/**
 * What a token function may return: the token itself, `{ accessToken, idToken }`, or Amplify's
 * `fetchAuthSession()` result (`undefined` `tokens` when nobody is signed in).
 *
 * @example
 * ```ts
 * const tokens: CognitoTokens = { accessToken: stored.accessToken, idToken: stored.idToken };
 * ```
 */
export type CognitoTokens =
  | string
  | { readonly accessToken?: string | JwtLike | undefined; readonly idToken?: string | JwtLike | undefined }
  | {
      readonly tokens?: { readonly accessToken: JwtLike; readonly idToken?: JwtLike | undefined } | undefined;
    };

/**
 * Returns the user's current tokens; told `forceRefresh: true` after the API rejected one. Amplify's
 * `fetchAuthSession` is such a function.
 *
 * @example
 * ```ts
 * import { fetchAuthSession } from 'aws-amplify/auth';
 *
 * const tokens: CognitoTokensFunction = fetchAuthSession;
 * ```
 */
export type CognitoTokensFunction = (request: {
  readonly forceRefresh: boolean;
}) => CognitoTokens | Promise<CognitoTokens>;

/**
 * Options of {@link cognitoUserPoolToken}.
 *
 * @example
 * ```ts
 * const options: CognitoUserPoolTokenOptions = { tokens: session, use: 'id', scheme: 'Bearer' };
 * ```
 */
export interface CognitoUserPoolTokenOptions {
  /** Where the tokens come from: a {@link userPoolSession}, or a function such as Amplify's `fetchAuthSession`. */
  readonly tokens: UserPoolSession | CognitoTokensFunction;
  /** Which token to send. Default `'access'`, as Amplify does; `'id'` for authorizers that want ID tokens. */
  readonly use?: 'access' | 'id' | undefined;
  /** The authorizer's identity source header. Default `Authorization`. */
  readonly header?: string | undefined;
  /** Sent before the token with a space, such as `Bearer`. Default none: the raw token, as Amplify sends it. */
  readonly scheme?: string | undefined;
  /** For a token function: the time, in ms since the epoch, to tell an expired token by. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An interceptor for `AMAZON_COGNITO_USER_POOLS` APIs: sends the user's access token (or ID token with
 * `use: 'id'`) in `Authorization`, raw as Amplify does, or after a `scheme`. A request that already
 * carries the header keeps it. A token function (Amplify's `fetchAuthSession`) is asked on every request
 * and nothing it answers is kept, so a sign-out or another user's sign-in counts from the very next
 * request; a {@link userPoolSession} caches and refreshes its tokens by one call however many requests
 * wait, and forgets them at `signOut()`. An expired token is never sent; a 401 from the API causes one
 * forced refresh and one retry. Failures are `TokenError`s (`ERR_NOT_SIGNED_IN`, `ERR_TOKEN_EXPIRED`,
 * `ERR_TOKEN_REFRESH_FAILED`, `ERR_TOKEN_REFRESH_REJECTED`, `ERR_TOKEN_PROVIDER_FAILED`), and the request
 * is not sent.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { fetchAuthSession } from 'aws-amplify/auth';
 * import { authHooks } from '@ky-auth/core';
 * import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
 *
 * // An Amplify app keeps its sign-in; ky-auth sends its tokens.
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([cognitoUserPoolToken({ tokens: fetchAuthSession, use: 'id' })], { endpoint }),
 * });
 * ```
 */
export function cognitoUserPoolToken(options: CognitoUserPoolTokenOptions): Interceptor {
  return tokenInterceptor({
    name: 'cognito',
    source: userPoolTokenSource(options),
    header: options.header,
    scheme: options.scheme,
  });
}
