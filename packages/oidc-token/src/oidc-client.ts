import {
  assertSecureTransport,
  ConfigError,
  cachedSource,
  isKyAuthErrorOrAbort,
  redactedCause,
  TokenError,
} from '@ky-auth/core';
import { boundedFetch } from '@ky-auth/core/internal/bounded-fetch';
import { jwtExpiry, type TokenRequest } from '@ky-auth/token';
import type * as oauth from 'oauth4webapi';
import { grantError } from './lib/grant-error.ts';
import { loadOAuth, type OAuth } from './lib/load-oauth.ts';
import { sendableInit } from './lib/sendable-init.ts';

/**
 * Options of {@link oidcClient}.
 *
 * @example
 * ```ts
 * const options: OidcClientOptions = {
 *   issuer: 'https://login.example.com',
 *   clientId: 'mobile-app',
 *   refreshToken: savedRefreshToken,
 * };
 * ```
 */
export interface OidcClientOptions {
  /** The provider's issuer identifier; its `/.well-known/openid-configuration` is read once. */
  readonly issuer: string | URL;
  readonly clientId: string;
  /** Required for `client_credentials`; for `refresh_token`, when the client is confidential. */
  readonly clientSecret?: string | undefined;
  /** How the secret is sent. Default `client_secret_basic` with a secret, else `none`. */
  readonly clientAuthentication?: 'client_secret_basic' | 'client_secret_post' | 'none' | undefined;
  /** Default `refresh_token` when `refreshToken` is given, else `client_credentials`. */
  readonly grant?: 'client_credentials' | 'refresh_token' | undefined;
  /** The refresh token your sign-in obtained; replaced by the provider's rotated one after each refresh. */
  readonly refreshToken?: string | undefined;
  /**
   * Told each refresh token the provider rotates to, before the new access token is used, so the app can
   * store it in place of the one it saved (the old one no longer works). If it throws, the request fails
   * with `ERR_REFRESH_TOKEN_NOT_SAVED` (its error is the `cause`); the client keeps the new token.
   */
  readonly onRefreshToken?: ((refreshToken: string) => void | Promise<void>) | undefined;
  /** The `scope` to ask for (space separated). */
  readonly scope?: string | undefined;
  /** The RFC 8707 `resource` (the API's identifier) to ask a token for. */
  readonly resource?: string | undefined;
  /**
   * Allows plain `http:` to hosts other than loopback for discovery and token requests, which carry the
   * client secret and refresh token: a trusted test network only. Default `false`: `https:`, or plain `http:`
   * to `localhost`, `127.0.0.0/8` or `[::1]` (a provider started for tests or development), as core's
   * `isSecureTransport` decides for every ky-auth request.
   */
  readonly allowInsecureHttp?: boolean | undefined;
  /** Sends the discovery and token requests. Default `globalThis.fetch` at the time of the call. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * How long one request to the provider (discovery or token) may take, answer included, in ms. Default
   * 10 000 (ky's own default). One that runs out of time fails with `ERR_TOKEN_REFRESH_FAILED`, and the
   * next call tries again. An answer is read up to 1 MiB (discovery) or 256 KiB (token); a larger one
   * fails the same way.
   */
  readonly timeoutMs?: number | undefined;
  /** Refresh this long before the token expires (at most half its remaining life). Default 60 s. */
  readonly refreshBeforeMs?: number | undefined;
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An OpenID Connect token source built in, for apps without one.
 *
 * @example
 * ```ts
 * const { getLatestAuthToken } = oidcClient({ issuer, clientId, clientSecret });
 * const token = await getLatestAuthToken();
 * ```
 */
export interface OidcClient {
  /**
   * The current access token: cached until shortly before it expires, then fetched by one token request
   * however many callers wait. `forceRefresh` fetches a new one unless `stale` is no longer the cached one.
   */
  readonly getLatestAuthToken: (request?: Partial<TokenRequest>) => Promise<string>;
  /**
   * Ends this client's session at once: forgets the access token and the refresh token, and fails every
   * call waiting on a token request with `TokenError` `ERR_NOT_SIGNED_IN` (so a request waiting on a
   * refresh is not sent), as every later call. The provider is not told; revoke the refresh token there if
   * it must stop working. Sign in again with a new `oidcClient`.
   */
  signOut(): void;
}

/**
 * An access-token source for an OpenID provider, with the `client_credentials` grant (a service calling
 * an API as itself) or the `refresh_token` grant (a user's refresh token from your sign-in). It finds
 * the token endpoint through OpenID discovery and speaks OAuth through `oauth4webapi`, which checks
 * issuers, token responses and ID tokens as the specifications require, in browsers and Node.
 *
 * Failures are `TokenError`s: `ERR_TOKEN_REFRESH_REJECTED` when the provider refuses the grant
 * (`invalid_grant`, `invalid_client`; a rejected refresh token is dropped, and later calls fail with
 * `ERR_NOT_SIGNED_IN`), `ERR_TOKEN_REFRESH_FAILED` for anything else (network, discovery, server
 * errors). No request follows a redirect (the secret or refresh token would go with it): one fails with
 * `RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`. Options are checked at once: a bad or plain-`http:` issuer, or a grant without what it needs,
 * throws `ConfigError`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { oidcClient, oidcToken } from '@ky-auth/oidc-token';
 *
 * const service = oidcClient({
 *   issuer: 'https://login.example.com',
 *   clientId: 'reports',
 *   clientSecret: process.env.REPORTS_SECRET,
 *   scope: 'api:read',
 * });
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([oidcToken({ getLatestAuthToken: service.getLatestAuthToken, scheme: 'Bearer' })], { endpoint }),
 * });
 * ```
 */
export function oidcClient(options: OidcClientOptions): OidcClient {
  const issuer = checkedIssuer(options);
  /** The issuer as messages show it: it has no user-info or query (checkedIssuer refuses them). */
  const shown = `${issuer.origin}${issuer.pathname}`;
  const grant =
    options.grant ?? (options.refreshToken === undefined ? 'client_credentials' : 'refresh_token');
  const clientAuthentication = checkedClientAuthentication(options, grant);
  let refreshToken = options.refreshToken;
  if (grant === 'refresh_token' && (refreshToken === undefined || refreshToken === '')) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'oidcClient.refreshToken',
      'The refresh_token grant needs the refresh token your sign-in obtained: pass { refreshToken }.',
    );
  }
  let ended = false;
  /** The refresh token last sent and the access token last received: with the secret, in no error. */
  let lastSent: string | undefined;
  let lastIssued: string | undefined;
  const secrets = () => [options.clientSecret, options.refreshToken, refreshToken, lastSent, lastIssued];
  const now = options.now ?? Date.now;
  const client: oauth.Client = { client_id: options.clientId };
  const { fetch } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const requestOptions = (oauth: OAuth, url: string | URL, maxBytes = 256 * 1024) => {
    const transport: TransportOptions = {
      // Every request goes through core's boundedFetch: no redirect is followed (the secret and the refresh
      // token would go with it), and the answer is read whole, at most `maxBytes` of it, within
      // `timeoutMs` (a token request that hangs would hold the refresh, and every request waiting on it).
      [oauth.customFetch]: async (resource, init) => {
        const answer = await boundedFetch(resource, sendableInit(init) as RequestInit, {
          fetch,
          timeoutMs,
          maxBytes,
        });
        if (answer.complete) return answer.response;
        throw new TokenError(
          'ERR_TOKEN_REFRESH_FAILED',
          `The OpenID provider ${shown} answered ${new URL(resource).pathname} with more than ${maxBytes / 1024} KiB, which no discovery document or token response is; the request was not sent. Check the issuer.`,
        );
      },
    };
    // The discovery document names the token endpoint: it must pass the same rule as the issuer.
    const target = new URL(url);
    assertSecureTransport(target, 'the client secret or refresh token', options);
    if (target.protocol === 'http:') transport[oauth.allowInsecureRequests] = true;
    return transport;
  };
  const parameters: Record<string, string> = {
    ...(options.scope !== undefined && { scope: options.scope }),
    ...(options.resource !== undefined && { resource: options.resource }),
  };

  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  const discover = (oauth: OAuth) => {
    metadata ??= oauth
      .discoveryRequest(issuer, requestOptions(oauth, issuer, 1024 * 1024))
      .then((response) => oauth.processDiscoveryResponse(issuer, response))
      .catch((error: unknown) => {
        metadata = undefined;
        // A redirect refused (ERR_AUTH_SERVER_REDIRECT) or an answer too large keeps its code.
        if (isKyAuthErrorOrAbort(error)) throw error;
        throw new TokenError(
          'ERR_TOKEN_REFRESH_FAILED',
          `OpenID discovery for ${shown} failed; the request was not sent. Check the issuer. See \`cause\`.`,
          { cause: redactedCause(error, { secrets: secrets() }) },
        );
      });
    return metadata;
  };

  const requestToken = async (oauth: OAuth): Promise<oauth.TokenEndpointResponse> => {
    const as = await discover(oauth);
    const endpoint = as.token_endpoint ?? issuer;
    const authentication = clientAuthentication(oauth);
    if (grant === 'client_credentials') {
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        authentication,
        parameters,
        requestOptions(oauth, endpoint),
      );
      return oauth.processClientCredentialsResponse(as, client, response);
    }
    if (refreshToken === undefined) {
      throw new TokenError(
        'ERR_NOT_SIGNED_IN',
        `The OpenID provider ${shown} rejected the refresh token earlier; the request was not sent. Sign in again and create a new oidcClient.`,
      );
    }
    const used = refreshToken;
    lastSent = used;
    try {
      const response = await oauth.refreshTokenGrantRequest(as, client, authentication, used, {
        ...requestOptions(oauth, endpoint),
        additionalParameters: parameters,
      });
      const result = await oauth.processRefreshTokenResponse(as, client, response);
      const rotated = result.refresh_token;
      if (rotated !== undefined && rotated !== used && refreshToken === used) {
        refreshToken = rotated;
        await saved(rotated);
      }
      return result;
    } catch (error) {
      const failure = grantError(error, shown, grant, secrets(), oauth);
      if (
        failure instanceof TokenError &&
        failure.code === 'ERR_TOKEN_REFRESH_REJECTED' &&
        refreshToken === used
      ) {
        refreshToken = undefined;
      }
      throw failure;
    }
  };

  /** Hands a rotated refresh token to the app's `onRefreshToken`. */
  const saved = async (rotated: string): Promise<void> => {
    try {
      await options.onRefreshToken?.(rotated);
    } catch (error) {
      throw new TokenError(
        'ERR_REFRESH_TOKEN_NOT_SAVED',
        `onRefreshToken threw while storing the refresh token the OpenID provider ${shown} rotated to; the request was not sent. The client keeps the new token; fix the storage, or the next start must sign in again. See \`cause\`.`,
        { cause: redactedCause(error, { secrets: [...secrets(), rotated] }) },
      );
    }
  };

  const cache = cachedSource<string>({
    now,
    ...(options.refreshBeforeMs !== undefined && { refreshBeforeMs: options.refreshBeforeMs }),
    async load() {
      let result: oauth.TokenEndpointResponse;
      let oauth: OAuth | undefined;
      try {
        oauth = await loadOAuth();
        result = await requestToken(oauth);
      } catch (error) {
        throw grantError(error, shown, grant, secrets(), oauth);
      }
      const at = now();
      const expiries = [
        jwtExpiry(result.access_token),
        result.expires_in === undefined ? undefined : at + result.expires_in * 1000,
      ].filter((expiry) => expiry !== undefined);
      const expiresAt = expiries.length === 0 ? undefined : Math.min(...expiries);
      if (expiresAt !== undefined && expiresAt <= at) {
        throw new TokenError(
          'ERR_TOKEN_EXPIRED',
          `The OpenID provider ${shown} issued an access token that expired at ${new Date(expiresAt).toISOString()}; the request was not sent. Check this device's clock.`,
        );
      }
      lastIssued = result.access_token;
      return { value: result.access_token, expiresAt };
    },
  });

  const signedOut = () =>
    new TokenError(
      'ERR_NOT_SIGNED_IN',
      `This oidcClient for ${shown} was signed out; the request was not sent. Sign in again and create a new oidcClient.`,
    );

  return {
    getLatestAuthToken: (request = {}) => {
      if (ended) return Promise.reject(signedOut());
      // A sign-out while this call waits on the provider fails it: the token it would get is not sent.
      return cache
        .get({
          forceRefresh: request.forceRefresh === true,
          stale: request.forceRefresh === true ? (request.stale ?? cache.peek()) : undefined,
          signal: request.signal,
        })
        .then((token) => {
          if (ended) throw signedOut();
          return token;
        });
    },
    signOut() {
      ended = true;
      refreshToken = undefined;
      cache.clear();
    },
  };
}

/** The oauth4webapi request options every request gets: the bounded fetch, and http when allowed. */
interface TransportOptions {
  [oauth.customFetch]: (
    resource: string,
    init: oauth.CustomFetchOptions<string, unknown>,
  ) => Promise<Response>;
  [oauth.allowInsecureRequests]?: boolean;
}

function checkedIssuer(options: OidcClientOptions): URL {
  let issuer: URL | undefined;
  try {
    issuer = new URL(options.issuer);
  } catch {
    // URL's own error quotes what it was given, which may hold a password: it is not kept.
    issuer = undefined;
  }
  if (issuer === undefined) {
    throw new ConfigError('ERR_CONFIG_INVALID', 'oidcClient.issuer', 'The issuer is not an absolute URL.');
  }
  if (issuer.username !== '' || issuer.password !== '' || issuer.search !== '' || issuer.hash !== '') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'oidcClient.issuer',
      `The issuer ${issuer.origin}${issuer.pathname} must have no user name, password, query or fragment (RFC 8414): pass the issuer identifier alone.`,
    );
  }
  assertSecureTransport(issuer, 'the client secret or refresh token', options);
  return issuer;
}

/**
 * How the client authenticates, checked when the client is made; it is built once oauth4webapi has
 * loaded, at the first token request.
 */
function checkedClientAuthentication(
  options: OidcClientOptions,
  grant: string,
): (oauth: OAuth) => oauth.ClientAuth {
  const method =
    options.clientAuthentication ?? (options.clientSecret === undefined ? 'none' : 'client_secret_basic');
  if (method === 'none') {
    if (grant === 'client_credentials') {
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        'oidcClient.clientSecret',
        'The client_credentials grant needs the client to authenticate: pass { clientSecret }.',
      );
    }
    return (oauth) => oauth.None();
  }
  if (options.clientSecret === undefined || options.clientSecret === '') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'oidcClient.clientSecret',
      `Client authentication ${method} needs { clientSecret }.`,
    );
  }
  const secret = options.clientSecret;
  return method === 'client_secret_post'
    ? (oauth) => oauth.ClientSecretPost(secret)
    : (oauth) => oauth.ClientSecretBasic(secret);
}
