// A real OpenID provider (`oidc-provider`) in this process, on 127.0.0.1, for tests and the demo. It issues
// JWT access tokens (RFC 9068, through resource indicators) for one API resource, with the
// client_credentials grant and, after a scripted authorization-code sign-in, the refresh_token grant.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import Provider from 'oidc-provider';

export interface OidcServerOptions {
  /**
   * The issuer the provider announces, when it is reached through a proxy (for instance
   * `https://login.example.com`, forwarded by MSW with `x-forwarded-proto`/`x-forwarded-host`). Default: its
   * own loopback origin.
   */
  readonly issuer?: string;
  /** Lifetime of the access tokens it issues, in seconds. Default 3600; see `setAccessTokenTtl`. */
  readonly accessTokenTtl?: number;
  /** The client_credentials client. Default `service` with a fixed test secret. */
  readonly service?: OidcTestClient;
}

/** A client registered with the provider. */
export interface OidcTestClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What one successful or failed grant at the token endpoint was. */
export interface GrantRecord {
  readonly grantType: string;
  readonly clientId: string | undefined;
  readonly outcome: 'success' | 'error';
  /** The OAuth error code of a failed grant. */
  readonly error: string | undefined;
}

export interface OidcServer {
  /** The issuer identifier (and `iss` of its tokens). */
  readonly issuer: string;
  /** Where it listens: `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Its JWKS, on the loopback origin. */
  readonly jwksUri: string;
  /** The `aud` of its access tokens. */
  readonly resource: string;
  /** The scope its access tokens carry. */
  readonly scope: string;
  /** A confidential client allowed the client_credentials grant. */
  readonly service: OidcTestClient;
  /** A confidential client allowed the authorization_code and refresh_token grants. */
  readonly app: OidcTestClient & { readonly redirectUri: string };
  /** A public client (no secret) allowed the same grants; its refresh tokens rotate on every use. */
  readonly spa: { readonly clientId: string; readonly redirectUri: string };
  /** Every grant the token endpoint handled, in order. */
  readonly grants: readonly GrantRecord[];
  /** Changes the lifetime of access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /**
   * Signs `accountId` in to the `app` (default) or `spa` client through the real authorization endpoint
   * and the provider's development login and consent pages (driven with fetch), then redeems the code
   * with PKCE; returns the tokens.
   */
  signIn(
    accountId: string,
    client?: 'app' | 'spa',
  ): Promise<{ readonly accessToken: string; readonly refreshToken: string }>;
  /** Revokes a refresh token of the `app` client through the revocation endpoint. */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the provider on an ephemeral loopback port.
 *
 * @example
 * ```ts
 * const idp = await startOidcServer();
 * const { refreshToken } = await idp.signIn('alice');
 * // … oidcClient({ issuer: idp.issuer, clientId: idp.app.clientId, clientSecret: idp.app.clientSecret,
 * //                refreshToken })
 * await idp.close();
 * ```
 */
export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ?? origin;
  const resource = 'urn:ky-auth:test-api';
  const scope = 'api:read';
  const service = options.service ?? { clientId: 'service', clientSecret: 'service-secret-5d0c1b7e' };
  const app = {
    clientId: 'app',
    clientSecret: 'app-secret-93a4f2c6',
    redirectUri: 'http://127.0.0.1/callback',
  };
  const spa = { clientId: 'spa', redirectUri: 'http://127.0.0.1/spa-callback' };
  let accessTokenTtl = options.accessTokenTtl ?? 3600;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  // The provider rightly warns that its development login pages and in-memory storage are not for
  // production; for a test server that is the point, so those two warnings are kept out of test output.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('a quick start development-only')) warn(...args);
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: service.clientId,
        client_secret: service.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
      {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [app.redirectUri],
        response_types: ['code'],
      },
      {
        client_id: spa.clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [spa.redirectUri],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['ky-auth-test-cookie-key'] },
    scopes: ['openid', 'offline_access', scope],
    findAccount: (_ctx: unknown, accountId: string) => ({ accountId, claims: () => ({ sub: accountId }) }),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true, allowedPolicy: () => true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope,
          audience: resource,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
        }),
      },
    },
    ttl: {
      AccessToken: () => accessTokenTtl,
      ClientCredentials: () => accessTokenTtl,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
      Session: 3600,
      Interaction: 600,
      AuthorizationCode: 60,
    },
  });
  provider.proxy = true;
  const grants: GrantRecord[] = [];
  const record = (ctx: ProviderContext, outcome: 'success' | 'error', error?: string) => {
    const grantType = ctx.oidc?.params?.grant_type;
    grants.push({
      grantType: typeof grantType === 'string' ? grantType : '',
      clientId: ctx.oidc?.client?.clientId,
      outcome,
      error,
    });
  };
  provider.on('grant.success', (ctx: ProviderContext) => record(ctx, 'success'));
  provider.on('grant.error', (ctx: ProviderContext, error: { error?: string }) =>
    record(ctx, 'error', error.error),
  );
  server.on('request', provider.callback());

  const transport = { [oauth.allowInsecureRequests]: true };
  // Asked directly, the provider must still speak as `issuer`: tell it what the proxy would.
  const forwarded: Record<string, string> =
    issuer === origin
      ? {}
      : {
          'x-forwarded-proto': new URL(issuer).protocol.slice(0, -1),
          'x-forwarded-host': new URL(issuer).host,
        };
  const metadata: oauth.AuthorizationServer = { issuer, token_endpoint: `${origin}/token` };

  return {
    issuer,
    origin,
    jwksUri: `${origin}/jwks`,
    resource,
    scope,
    service,
    app,
    spa,
    grants,
    setAccessTokenTtl(seconds) {
      accessTokenTtl = seconds;
    },
    async signIn(accountId, which = 'app') {
      const { clientId, redirectUri } = which === 'app' ? app : spa;
      const client = { client_id: clientId };
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const authorize = new URL('/auth', origin);
      authorize.search = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: `openid offline_access ${scope}`,
        prompt: 'consent',
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      const callback = await driveInteractions(authorize, redirectUri, accountId, forwarded);
      const parameters = oauth.validateAuthResponse(metadata, client, callback, state);
      const response = await oauth.authorizationCodeGrantRequest(
        metadata,
        client,
        which === 'app' ? oauth.ClientSecretBasic(app.clientSecret) : oauth.None(),
        parameters,
        redirectUri,
        verifier,
        { ...transport, headers: forwarded },
      );
      const tokens = await oauth.processAuthorizationCodeResponse(metadata, client, response);
      if (tokens.refresh_token === undefined) throw new Error('the provider issued no refresh token');
      return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
    },
    async revokeRefreshToken(refreshToken) {
      const response = await fetch(`${origin}/token/revocation`, {
        method: 'POST',
        headers: {
          ...forwarded,
          authorization: `Basic ${btoa(`${app.clientId}:${app.clientSecret}`)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }),
      });
      if (!response.ok) throw new Error(`revocation failed with ${response.status}`);
    },
    async close() {
      console.warn = warn;
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The parts of oidc-provider's Koa context the grant events are read from. */
interface ProviderContext {
  readonly oidc?: {
    readonly params?: { readonly grant_type?: unknown };
    readonly client?: { readonly clientId: string };
  };
}

/**
 * Follows the authorization request through the development login and consent pages, keeping the
 * provider's cookies, until it redirects to `redirectUri`; returns that redirect.
 */
async function driveInteractions(
  start: URL,
  redirectUri: string,
  login: string,
  forwarded: Record<string, string>,
): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        ...forwarded,
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form !== undefined && { body: new URLSearchParams(form).toString() }),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { response, text: await response.text() };
  };
  let next = start;
  for (let step = 0; step < 12; step += 1) {
    let { response, text } = await send(next);
    // The development pages are forms with a hidden `prompt` field: `login`, then `consent`.
    const prompt = /name="prompt" value="(\w+)"/.exec(text)?.[1];
    if (response.status === 200 && prompt !== undefined) {
      ({ response } = await send(next, prompt === 'login' ? { prompt, login, password: 'any' } : { prompt }));
    }
    const location = response.headers.get('location');
    if (location === null) throw new Error(`the provider answered ${response.status} without a redirect`);
    next = new URL(location, next);
    if (next.href.startsWith(redirectUri)) return next;
  }
  throw new Error('the sign-in did not reach the redirect URI');
}
