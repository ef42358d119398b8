import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, RequestPolicyError, TokenError } from '@ky-auth/core';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { type OidcServer, startOidcServer } from '@ky-auth/test-kit/oidc-server';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { oidcClient } from './oidc-client.ts';

let idp: OidcServer;
beforeAll(async () => {
  idp = await startOidcServer();
});
afterAll(() => idp.close());

/** The secrets the tests use, which no error message may contain. */
const secrets = () => [idp.service.clientSecret, idp.app.clientSecret];
const grantsSince = (start: number) => idp.grants.slice(start);
/** Verifies a token against the provider's keys with jose, as the API would. */
const verify = async (token: string) =>
  (
    await jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: idp.resource,
    })
  ).payload;

describe('oidcClient with client_credentials', () => {
  const service = () =>
    oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: idp.service.clientSecret,
      scope: 'api:read',
    });

  it('gets a JWT access token for the API that verifies against the provider keys', async () => {
    const claims = await verify(await service().getLatestAuthToken());
    expect(claims).toMatchObject({ client_id: 'service', scope: 'api:read', aud: idp.resource });
  });

  it('sends 500 concurrent callers to the token endpoint once, and caches the token', async () => {
    const client = service();
    const start = idp.grants.length;
    const tokens = await Promise.all(Array.from({ length: 500 }, () => client.getLatestAuthToken()));
    expect(new Set(tokens).size).toBe(1);
    await client.getLatestAuthToken();
    expect(grantsSince(start)).toEqual([
      { grantType: 'client_credentials', clientId: 'service', outcome: 'success', error: undefined },
    ]);
  });

  it('fetches a new token on forceRefresh, once for callers naming the same stale token', async () => {
    const client = service();
    const first = await client.getLatestAuthToken();
    const start = idp.grants.length;
    const refreshed = await Promise.all(
      Array.from({ length: 10 }, () => client.getLatestAuthToken({ forceRefresh: true, stale: first })),
    );
    expect(new Set(refreshed).size).toBe(1);
    expect(refreshed[0]).not.toBe(first);
    expect(grantsSince(start)).toHaveLength(1);
  });

  it('fails with ERR_TOKEN_REFRESH_REJECTED for a wrong secret, without showing it', async () => {
    const wrongSecret = 'not-the-service-secret-71c2';
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: wrongSecret,
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_REFRESH_REJECTED');
    expect(error.message).toContain('(invalid_client)');
    expectNoSecrets(error, [...secrets(), wrongSecret]);
  });

  it('fails with ERR_TOKEN_REFRESH_FAILED when discovery fails, and tries again on the next call', async () => {
    let failures = 1;
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: idp.service.clientSecret,
      fetch: (input, init) =>
        failures-- > 0 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init),
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect((error as TokenError).code).toBe('ERR_TOKEN_REFRESH_FAILED');
    expect(error.message).toContain('OpenID discovery');
    expectNoSecrets(error, secrets());
    expect(decodeJwt(await client.getLatestAuthToken()).client_id).toBe('service');
  });
});

describe('oidcClient with refresh_token', () => {
  it("exchanges a signed-in user's refresh token for access tokens", async () => {
    const { refreshToken } = await idp.signIn('alice');
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret,
      refreshToken,
    });
    const start = idp.grants.length;
    expect(await verify(await client.getLatestAuthToken())).toMatchObject({ sub: 'alice', client_id: 'app' });
    expect(grantsSince(start).map((grant) => grant.grantType)).toEqual(['refresh_token']);
  });

  it('keeps the rotated refresh token, so that refreshing again works', async () => {
    const { refreshToken } = await idp.signIn('bob', 'spa');
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.spa.clientId,
      refreshToken,
    });
    const first = await client.getLatestAuthToken();
    const second = await client.getLatestAuthToken({ forceRefresh: true });
    const third = await client.getLatestAuthToken({ forceRefresh: true });
    expect(new Set([first, second, third]).size).toBe(3);
    expect((await verify(third)).sub).toBe('bob');
  });

  it('hands each rotated refresh token to onRefreshToken, and the one it stored signs in a new client', async () => {
    const { refreshToken } = await idp.signIn('carol', 'spa');
    const stored: string[] = [];
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.spa.clientId,
      refreshToken,
      onRefreshToken: async (rotated) => {
        stored.push(rotated);
      },
    });
    await client.getLatestAuthToken();
    await client.getLatestAuthToken({ forceRefresh: true });
    expect(stored).toHaveLength(2);
    expect(new Set([refreshToken, ...stored]).size).toBe(3);
    // What an app does on its next start: a new client from the token it stored last.
    const restarted = oidcClient({
      issuer: idp.issuer,
      clientId: idp.spa.clientId,
      refreshToken: stored.at(-1),
    });
    expect((await verify(await restarted.getLatestAuthToken())).sub).toBe('carol');
  });

  it('fails the request with ERR_REFRESH_TOKEN_NOT_SAVED when onRefreshToken throws, and keeps the new token', async () => {
    const { refreshToken } = await idp.signIn('dave', 'spa');
    let attempts = 0;
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.spa.clientId,
      refreshToken,
      onRefreshToken: () => {
        attempts += 1;
        if (attempts === 1) throw new Error('storage is full');
      },
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_REFRESH_TOKEN_NOT_SAVED');
    expect(((error as Error).cause as Error).message).toBe('storage is full');
    expectNoSecrets(error, [...secrets(), refreshToken]);
    // The rotated token was kept: the next call refreshes with it and is told the next rotation.
    expect((await verify(await client.getLatestAuthToken())).sub).toBe('dave');
    expect(attempts).toBe(2);
  });

  it('rejects a refresh token the provider never issued with ERR_TOKEN_REFRESH_REJECTED', async () => {
    const invalid = 'not-a-refresh-token-8d2f';
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret,
      refreshToken: invalid,
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect((error as TokenError).code).toBe('ERR_TOKEN_REFRESH_REJECTED');
    expectNoSecrets(error, [...secrets(), invalid]);
  });

  it('ends with ERR_TOKEN_REFRESH_REJECTED for a revoked refresh token, then ERR_NOT_SIGNED_IN without asking', async () => {
    const { refreshToken } = await idp.signIn('carol');
    await idp.revokeRefreshToken(refreshToken);
    const client = oidcClient({
      issuer: idp.issuer,
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret,
      refreshToken,
    });
    const start = idp.grants.length;
    const rejected = await caught(() => client.getLatestAuthToken());
    expect((rejected as TokenError).code).toBe('ERR_TOKEN_REFRESH_REJECTED');
    expect(rejected.message).toContain('(invalid_grant)');
    const later = await caught(() => client.getLatestAuthToken());
    expect((later as TokenError).code).toBe('ERR_NOT_SIGNED_IN');
    expect(grantsSince(start)).toHaveLength(1);
    for (const error of [rejected, later]) expectNoSecrets(error, [...secrets(), refreshToken]);
  });
});

describe('oidcClient options', () => {
  const base = { clientId: 'service', clientSecret: 'a-client-secret-4411' };

  it.each([
    'http://login.example.com',
    'http://api.localhost',
    'http://10.0.0.1',
    'http://evil.com%2elocalhost',
  ])('refuses the plain-http issuer %s with ERR_INSECURE_TRANSPORT, sending nothing', (issuer) => {
    let sent = 0;
    const fetch = async () => {
      sent += 1;
      return new Response(null, { status: 500 });
    };
    const error = (() => {
      try {
        oidcClient({ ...base, issuer, fetch });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
    expect((error as Error).message).toContain('allowInsecureHttp');
    expect(sent).toBe(0);
  });

  it('sends over plain http to a host that is not loopback only with allowInsecureHttp', async () => {
    const received: string[] = [];
    const issuer = 'http://10.0.0.1';
    const client = oidcClient({
      ...base,
      issuer,
      allowInsecureHttp: true,
      fetch: async (input) => {
        const url = String(input instanceof Request ? input.url : input);
        received.push(url);
        return url.endsWith('/.well-known/openid-configuration')
          ? Response.json({ issuer, token_endpoint: `${issuer}/token` })
          : Response.json({ access_token: 'opaque-access', token_type: 'Bearer', expires_in: 60 });
      },
    });
    expect(await client.getLatestAuthToken()).toBe('opaque-access');
    expect(received).toEqual([`${issuer}/.well-known/openid-configuration`, `${issuer}/token`]);
  });

  it('does not send the secret to a plain-http token endpoint that discovery names', async () => {
    const issuer = 'https://login.example.com';
    const received: string[] = [];
    const client = oidcClient({
      ...base,
      issuer,
      fetch: async (input) => {
        const url = String(input instanceof Request ? input.url : input);
        received.push(url);
        return Response.json({ issuer, token_endpoint: 'http://tokens.example.com/token' });
      },
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
    expect(received).toEqual([`${issuer}/.well-known/openid-configuration`]);
  });

  it('refuses an issuer with user-info or a query, without quoting either', () => {
    for (const issuer of [
      'https://admin:hunter2-secret@login.example.com',
      'https://login.example.com/?key=hunter2-secret',
      'not a url hunter2-secret',
    ]) {
      const error = (() => {
        try {
          oidcClient({ ...base, issuer });
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID', path: 'oidcClient.issuer' });
      expectNoSecrets(error, ['hunter2-secret']);
    }
  });

  it.each([
    [{ issuer: 'not a url' }, 'ERR_CONFIG_INVALID', 'oidcClient.issuer'],
    [
      { issuer: 'https://login.example.com', clientSecret: undefined },
      'ERR_CONFIG_INVALID',
      'oidcClient.clientSecret',
    ],
    [
      { issuer: 'https://login.example.com', grant: 'refresh_token' },
      'ERR_CONFIG_INVALID',
      'oidcClient.refreshToken',
    ],
    [
      { issuer: 'https://login.example.com', clientAuthentication: 'client_secret_post', clientSecret: '' },
      'ERR_CONFIG_INVALID',
      'oidcClient.clientSecret',
    ],
  ] as const)('refuses %p', (options, code, path) => {
    expect(() => oidcClient({ ...base, ...options })).toThrow(expect.objectContaining({ code, path }));
  });
});
