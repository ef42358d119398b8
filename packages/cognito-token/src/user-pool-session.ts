import {
  assertSecureTransport,
  ConfigError,
  cachedSource,
  type Expiring,
  isAwsRegion,
  isKyAuthErrorOrAbort,
  redactedCause,
  TokenError,
} from '@ky-auth/core';
import type { TokenRequest } from '@ky-auth/token';
import { CognitoServiceError, cognitoRequest } from './lib/cognito-request.ts';
import { secretHash } from './lib/secret-hash.ts';
import { tokenClaims } from './lib/token-claims.ts';

/**
 * The tokens of a signed-in user.
 *
 * @example
 * ```ts
 * const { accessToken, idToken, refreshToken }: UserPoolTokens = await session.getTokens();
 * ```
 */
export interface UserPoolTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
}

/**
 * Options of {@link userPoolSession}.
 *
 * @example
 * ```ts
 * const options: UserPoolSessionOptions = {
 *   userPoolId: 'us-east-1_AbC123',
 *   clientId: '4example',
 *   tokens: JSON.parse(localStorage.getItem('tokens') ?? 'null') ?? undefined,
 * };
 * ```
 */
export interface UserPoolSessionOptions {
  /** The pool's region. Default: the prefix of `userPoolId` (`us-east-1` of `us-east-1_AbC123`). */
  readonly region?: string | undefined;
  readonly userPoolId: string;
  /** The app client; `USER_PASSWORD_AUTH` must be among its auth flows for `signIn`. */
  readonly clientId: string;
  /** The app client's secret, when it has one: requests then carry `SECRET_HASH`. */
  readonly clientSecret?: string | undefined;
  /**
   * The user-pool API. Default `https://cognito-idp.<region>.amazonaws.com/`; a local stand-in such as
   * cognito-local may be plain `http:` on `localhost`, `127.0.0.0/8` or `[::1]`.
   */
  readonly endpoint?: string | URL | undefined;
  /**
   * Allows an `endpoint` over plain `http:` to hosts other than loopback, which then receives passwords and
   * tokens unencrypted: a trusted test network only. Default `false`, as core's `isSecureTransport` decides
   * for every ky-auth request.
   */
  readonly allowInsecureHttp?: boolean | undefined;
  /**
   * Tokens saved from an earlier sign-in: the session starts signed in, and refreshes at once when the
   * access or ID token is missing or expired.
   */
  readonly tokens?: (Partial<UserPoolTokens> & { readonly refreshToken: string }) | undefined;
  /** Sends the Cognito requests. Default `globalThis.fetch` at the time of the call. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * How long one Cognito request may take, answer included, in ms. Default 10 000 (ky's own default). A
   * refresh that runs out of time fails with `ERR_TOKEN_REFRESH_FAILED`, and the next request tries again.
   * An answer is read up to 256 KiB; a larger one fails the same way.
   */
  readonly timeoutMs?: number | undefined;
  /** Refresh this long before the tokens expire (at most half their remaining life). Default 60 s. */
  readonly refreshBeforeMs?: number | undefined;
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * A Cognito user-pool session.
 *
 * @example
 * ```ts
 * await session.signIn({ username: 'alice@example.com', password });
 * const { idToken } = await session.getTokens();
 * await session.signOut();
 * ```
 */
export interface UserPoolSession {
  readonly userPoolId: string;
  readonly clientId: string;
  /**
   * Signs in with `USER_PASSWORD_AUTH` (for servers, scripts and tests; browser apps usually sign in
   * with Amplify or the Hosted UI and pass their tokens). Fails with `TokenError`
   * `ERR_SIGN_IN_REJECTED` (wrong password, unknown or unconfirmed user), `ERR_SIGN_IN_CHALLENGE` (Cognito
   * asks for a new password or MFA, which this session does not answer) or `ERR_SIGN_IN_FAILED`.
   */
  signIn(credentials: { readonly username: string; readonly password: string }): Promise<UserPoolTokens>;
  /**
   * The current tokens, refreshed with `REFRESH_TOKEN_AUTH` by one request however many callers wait
   * when they are about to expire, or when `forceRefresh` is set (unless `stale` is no longer current).
   */
  getTokens(request?: Partial<TokenRequest>): Promise<UserPoolTokens>;
  /**
   * Forgets the tokens at once, and fails every call waiting on a refresh with `TokenError`
   * `ERR_NOT_SIGNED_IN` (so a request waiting on one is not sent), then revokes the refresh token at
   * Cognito (`RevokeToken`) unless `revoke: false`. A failed revocation throws `TokenError`
   * `ERR_TOKEN_REVOKE_FAILED`; the session is signed out all the same.
   */
  signOut(options?: { readonly revoke?: boolean }): Promise<void>;
}

/**
 * A built-in Cognito user-pool session: holds `{ idToken, accessToken, refreshToken }`, reads their `exp`
 * (unverified: the API verifies), and refreshes them through Cognito's `InitiateAuth` (`REFRESH_TOKEN_AUTH`) with fetch, with
 * `SECRET_HASH` when the app client has a secret (WebCrypto: browsers and Node). Expired tokens are
 * never returned. Errors are `TokenError`s: `ERR_NOT_SIGNED_IN` before `signIn` or after `signOut`;
 * `ERR_TOKEN_REFRESH_REJECTED` when Cognito refuses the refresh token (`NotAuthorizedException`: revoked
 * or expired), which ends the session; `ERR_TOKEN_REFRESH_FAILED` for network or service errors (the next
 * call tries again). Cognito requests never follow a redirect: one fails with `RequestPolicyError`
 * `ERR_AUTH_SERVER_REDIRECT`, and the password or token goes nowhere else. Messages never contain a token,
 * password or secret.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { cognitoUserPoolToken, userPoolSession } from '@ky-auth/cognito-token';
 *
 * const session = userPoolSession({ userPoolId: 'us-east-1_AbC123', clientId: '4example' });
 * await session.signIn({ username: 'reports@example.com', password: process.env.REPORTS_PASSWORD! });
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([cognitoUserPoolToken({ tokens: session })], { endpoint }),
 * });
 * ```
 */
export function userPoolSession(options: UserPoolSessionOptions): UserPoolSession {
  const { userPoolId, clientId, clientSecret } = options;
  const endpoint = checkedEndpoint(options);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = (action: string, body: Record<string, unknown>) =>
    cognitoRequest(endpoint, action, body, options.fetch ?? globalThis.fetch, timeoutMs);

  let refreshToken: string | undefined = options.tokens?.refreshToken;
  let restored = completeTokens(options.tokens);
  let username = usernameOf(options.tokens);
  /** Bumped by signIn and signOut, so that a refresh started before them changes nothing after. */
  let epoch = 0;
  /**
   * A failure's cause as it may be kept: Cognito's own errors hold only the exception name and status;
   * anything else (a failed or custom fetch) is a redacted copy without the password, tokens or secret.
   */
  const safeCause = (error: unknown, sent: string | undefined): Error =>
    error instanceof CognitoServiceError
      ? error
      : redactedCause(error, { secrets: [sent, refreshToken, clientSecret] });

  const withSecretHash = async (user: string | undefined): Promise<Record<string, string>> => {
    if (clientSecret === undefined) return {};
    if (user === undefined) {
      throw new TokenError(
        'ERR_TOKEN_REFRESH_FAILED',
        'The app client has a secret, and SECRET_HASH needs the user name, which the saved tokens do not hold: restore the access or ID token along with the refresh token, or sign in again.',
      );
    }
    return { SECRET_HASH: await secretHash(clientSecret, user, clientId) };
  };

  const refresh = async (): Promise<UserPoolTokens> => {
    const startedIn = epoch;
    const used = refreshToken;
    if (used === undefined) {
      throw new TokenError(
        'ERR_NOT_SIGNED_IN',
        `Nobody is signed in to user pool ${userPoolId}: call signIn first; the request was not sent.`,
      );
    }
    let result: Record<string, unknown>;
    try {
      result = await send('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: used, ...(await withSecretHash(username)) },
      });
    } catch (error) {
      if (error instanceof CognitoServiceError && error.type === 'NotAuthorizedException') {
        if (epoch === startedIn) refreshToken = undefined;
        throw new TokenError(
          'ERR_TOKEN_REFRESH_REJECTED',
          `Cognito rejected the refresh token of user pool ${userPoolId} (NotAuthorizedException: revoked, expired, or the user was signed out or disabled); the session has ended and the request was not sent. Sign in again.`,
          { cause: error },
        );
      }
      // A TokenError of the secret hash, or a redirect refused (ERR_AUTH_SERVER_REDIRECT), keeps its code.
      if (isKyAuthErrorOrAbort(error)) throw error;
      throw new TokenError(
        'ERR_TOKEN_REFRESH_FAILED',
        `Refreshing the tokens of user pool ${userPoolId} at ${endpoint.origin} failed${error instanceof CognitoServiceError ? ` (${error.status} ${error.type})` : ''}; the request was not sent. See \`cause\`.`,
        { cause: safeCause(error, used) },
      );
    }
    const tokens = issuedTokens(result, used, 'ERR_TOKEN_REFRESH_FAILED');
    if (epoch === startedIn) refreshToken = tokens.refreshToken;
    return tokens;
  };

  const cache = cachedSource<UserPoolTokens>({
    now,
    ...(options.refreshBeforeMs !== undefined && { refreshBeforeMs: options.refreshBeforeMs }),
    async load(reason) {
      const saved = reason === 'forced' ? undefined : restored;
      restored = undefined;
      const tokens = saved !== undefined && expiryOf(saved) > now() ? saved : await refresh();
      return unexpired(tokens, now(), userPoolId);
    },
  });

  return {
    userPoolId,
    clientId,
    async signIn({ username: user, password }) {
      let result: Record<string, unknown>;
      try {
        result = await send('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: user, PASSWORD: password, ...(await withSecretHash(user)) },
        });
      } catch (error) {
        if (isKyAuthErrorOrAbort(error)) throw error;
        if (error instanceof CognitoServiceError && error.status >= 400 && error.status < 500) {
          throw new TokenError(
            'ERR_SIGN_IN_REJECTED',
            `Cognito refused the sign-in to user pool ${userPoolId} (${error.type}): check the user name and password, that the user is confirmed, and that the app client allows USER_PASSWORD_AUTH.`,
            { cause: error },
          );
        }
        throw new TokenError(
          'ERR_SIGN_IN_FAILED',
          `Signing in to user pool ${userPoolId} at ${endpoint.origin} failed${error instanceof CognitoServiceError ? ` (${error.status} ${error.type})` : ''}. See \`cause\`.`,
          { cause: safeCause(error, password) },
        );
      }
      if (typeof result.ChallengeName === 'string') {
        throw new TokenError(
          'ERR_SIGN_IN_CHALLENGE',
          `Cognito answered the sign-in with the ${result.ChallengeName} challenge, which userPoolSession does not handle: complete it with Amplify or the Hosted UI, then pass the tokens.`,
        );
      }
      const tokens = issuedTokens(result, undefined, 'ERR_SIGN_IN_FAILED');
      epoch += 1;
      refreshToken = tokens.refreshToken;
      username = usernameOf(tokens);
      cache.clear();
      restored = tokens;
      return cache.get();
    },
    getTokens(request = {}) {
      const forceRefresh = request.forceRefresh === true;
      const current = cache.peek();
      const stale =
        forceRefresh &&
        current !== undefined &&
        (request.stale === undefined ||
          request.stale === current.accessToken ||
          request.stale === current.idToken)
          ? current
          : undefined;
      // A sign-out (or another sign-in) while this call waits fails it: the tokens it would get are not sent.
      const askedIn = epoch;
      return cache.get({ forceRefresh, stale, signal: request.signal }).then((tokens) => {
        if (epoch !== askedIn) {
          throw new TokenError(
            'ERR_NOT_SIGNED_IN',
            `The session of user pool ${userPoolId} was signed out while this request waited for its tokens; the request was not sent.`,
          );
        }
        return tokens;
      });
    },
    async signOut({ revoke = true } = {}) {
      const token = refreshToken;
      epoch += 1;
      refreshToken = undefined;
      restored = undefined;
      username = undefined;
      cache.clear();
      if (!revoke || token === undefined) return;
      try {
        await send('RevokeToken', {
          Token: token,
          ClientId: clientId,
          ...(clientSecret !== undefined && { ClientSecret: clientSecret }),
        });
      } catch (error) {
        if (isKyAuthErrorOrAbort(error)) throw error;
        throw new TokenError(
          'ERR_TOKEN_REVOKE_FAILED',
          `Signed out, but Cognito did not revoke the refresh token of user pool ${userPoolId}${error instanceof CognitoServiceError ? ` (${error.status} ${error.type})` : ''}; it stays valid until it expires. See \`cause\`.`,
          { cause: safeCause(error, token) },
        );
      }
    },
  };
}

function checkedEndpoint(options: UserPoolSessionOptions): URL {
  if (options.endpoint === undefined) {
    const region = options.region ?? options.userPoolId.split('_')[0] ?? '';
    if (!isAwsRegion(region)) {
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        'userPoolSession.region',
        `"${region}" is not an AWS region: pass { region }, such as us-east-1.`,
      );
    }
    return new URL(`https://cognito-idp.${region}.amazonaws.com/`);
  }
  let endpoint: URL | undefined;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    // URL's own error quotes what it was given, which may hold a password: it is not kept.
    endpoint = undefined;
  }
  if (endpoint === undefined || endpoint.username !== '' || endpoint.password !== '') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'userPoolSession.endpoint',
      'The endpoint must be an absolute URL without a user name or password.',
    );
  }
  assertSecureTransport(endpoint, 'passwords and tokens', options);
  return endpoint;
}

/** The tokens of an `InitiateAuth` answer; a refresh answer has no refresh token, so the one used is kept. */
function issuedTokens(
  result: Record<string, unknown>,
  usedRefreshToken: string | undefined,
  code: 'ERR_TOKEN_REFRESH_FAILED' | 'ERR_SIGN_IN_FAILED',
): UserPoolTokens {
  const issued = (result.AuthenticationResult ?? {}) as Record<string, unknown>;
  const refreshToken = typeof issued.RefreshToken === 'string' ? issued.RefreshToken : usedRefreshToken;
  if (
    typeof issued.AccessToken !== 'string' ||
    typeof issued.IdToken !== 'string' ||
    refreshToken === undefined
  ) {
    throw new TokenError(code, 'Cognito answered without the expected tokens; the request was not sent.');
  }
  return { accessToken: issued.AccessToken, idToken: issued.IdToken, refreshToken };
}

function completeTokens(tokens: UserPoolSessionOptions['tokens']): UserPoolTokens | undefined {
  if (tokens?.accessToken === undefined || tokens.idToken === undefined) return undefined;
  return { accessToken: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken };
}

function usernameOf(tokens: Partial<UserPoolTokens> | undefined): string | undefined {
  for (const token of [tokens?.accessToken, tokens?.idToken]) {
    const user = token === undefined ? undefined : tokenClaims(token)?.username;
    if (user !== undefined) return user;
  }
  return undefined;
}

/** When the first of the access and ID tokens expires; -Infinity when either is not a JWT with `exp`. */
function expiryOf(tokens: UserPoolTokens): number {
  const access = tokenClaims(tokens.accessToken)?.expiresAt;
  const id = tokenClaims(tokens.idToken)?.expiresAt;
  return access === undefined || id === undefined ? Number.NEGATIVE_INFINITY : Math.min(access, id);
}

function unexpired(tokens: UserPoolTokens, at: number, userPoolId: string): Expiring<UserPoolTokens> {
  const expiresAt = expiryOf(tokens);
  if (expiresAt === Number.NEGATIVE_INFINITY) {
    throw new TokenError(
      'ERR_TOKEN_REFRESH_FAILED',
      `Cognito returned tokens for user pool ${userPoolId} that are not JWTs with an expiry; the request was not sent.`,
    );
  }
  if (expiresAt <= at) {
    throw new TokenError(
      'ERR_TOKEN_EXPIRED',
      `The tokens Cognito issued for user pool ${userPoolId} expired at ${new Date(expiresAt).toISOString()}, before they could be used; the request was not sent. Check this device's clock.`,
    );
  }
  return { value: tokens, expiresAt };
}
