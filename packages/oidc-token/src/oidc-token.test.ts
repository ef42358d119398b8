import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor, TokenError } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';
import { expectNoSecrets, type JwtApi, startJwtApi } from '@ky-auth/test-kit';
import { type OidcServer, startOidcServer } from '@ky-auth/test-kit/oidc-server';
import { decodeJwt } from 'jose';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { oidcClient } from './oidc-client.ts';
import { oidcToken } from './oidc-token.ts';

let idp: OidcServer;
let api: JwtApi;
beforeAll(async () => {
  idp = await startOidcServer();
  api = await startJwtApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: idp.resource });
});
afterAll(async () => {
  await api.close();
  await idp.close();
});
beforeEach(() => {
  idp.setAccessTokenTtl(3600);
  api.rejectAll(false);
});

/** A service's own token function: a client_credentials request with fetch, independent of oidcClient. */
const serviceToken = async (): Promise<string> => {
  const response = await fetch(`${idp.origin}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${idp.service.clientId}:${idp.service.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
};

/**
 * An app's own token function as a provider library writes it: it keeps its token and fetches a new one
 * when told `forceRefresh` (or when it has none), as Amplify's `fetchAuthSession` does.
 */
const heldServiceToken = () => {
  let held: string | undefined;
  return async ({ forceRefresh }: { forceRefresh: boolean }): Promise<string> => {
    if (forceRefresh || held === undefined) held = await serviceToken();
    return held;
  };
};

/** Resolves once `condition` holds, checking after each turn of the event loop. */
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

/** A clock the test can move forward: tokens then look as old to the client as they would later on. */
const skewableClock = () => {
  let skew = 0;
  return { now: () => Date.now() + skew, advance: (ms: number) => (skew += ms) };
};

const clients = [
  ['ky 1', ky1, authOptions],
  [
    'ky 2',
    ky2,
    (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
  ],
] as const;

describe.each(clients)('oidcToken through %s', (_name, ky, install) => {
  const callsSince = (start: number) => api.calls.slice(start);

  it("sends the provider's token, which the API verifies", async () => {
    const http = ky.create({
      ...install([oidcToken({ getLatestAuthToken: serviceToken, scheme: 'Bearer' })], {
        endpoint: api.url,
      }),
    });
    const start = api.calls.length;
    expect(await http.get(`${api.url}reports`).json()).toEqual({ sub: 'service', path: '/reports' });
    expect(callsSince(start)).toEqual([expect.objectContaining({ status: 200, path: '/reports' })]);
  });

  it('sends 500 concurrent requests with an expired oidcClient token after exactly one refresh', async () => {
    const clock = skewableClock();
    const login = oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: idp.service.clientSecret,
      now: clock.now,
    });
    let calls = 0;
    const http = ky.create({
      ...install(
        [
          oidcToken({
            getLatestAuthToken: (request) => {
              calls += 1;
              return login.getLatestAuthToken(request);
            },
            scheme: 'Bearer',
            now: clock.now,
          }),
        ],
        { endpoint: api.url },
      ),
    });
    idp.setAccessTokenTtl(120);
    await http.get(`${api.url}warm-up`);
    const expired = api.calls.at(-1)?.token;
    clock.advance(121_000); // the cached token's exp has passed, as far as the client can tell
    idp.setAccessTokenTtl(3600);
    const grants = idp.grants.length;
    const start = api.calls.length;
    calls = 0;

    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) => http.get(`${api.url}items/${i}`)),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(idp.grants.length - grants).toBe(1);
    // oidcToken keeps nothing: each request asked the source once.
    expect(calls).toBe(500);
    const sent = callsSince(start);
    expect(sent).toHaveLength(500);
    expect(new Set(sent.map((call) => call.token)).size).toBe(1);
    expect(sent.some((call) => call.token === expired)).toBe(false);
  });

  it("sends user B's token from the very next request after the app switches from user A, and none once signed out", async () => {
    const alice = await idp.signIn('alice');
    const bob = await idp.signIn('bob');
    let session: string | undefined = alice.accessToken;
    const http = ky.create({
      retry: 0,
      ...install(
        [
          oidcToken({
            getLatestAuthToken: () => {
              if (session === undefined) throw new TokenError('ERR_NOT_SIGNED_IN', 'Nobody is signed in.');
              return session;
            },
            scheme: 'Bearer',
          }),
        ],
        { endpoint: api.url },
      ),
    });
    const start = api.calls.length;
    expect(await http.get(`${api.url}mine`).json()).toEqual({ sub: 'alice', path: '/mine' });
    session = bob.accessToken; // alice signed out, bob signed in
    expect(await http.get(`${api.url}mine`).json()).toEqual({ sub: 'bob', path: '/mine' });
    session = undefined;
    const error = await http.get(`${api.url}mine`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
    expect(callsSince(start).map((call) => call.token)).toEqual([alice.accessToken, bob.accessToken]);
  });

  it('fails a request waiting on the token request when oidcClient.signOut() runs, sending nothing', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const login = oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: idp.service.clientSecret,
      fetch: async (input, init) => {
        if (String(input instanceof Request ? input.url : input).endsWith('/token')) {
          held += 1;
          await gate;
        }
        return globalThis.fetch(input, init);
      },
    });
    const http = ky.create({
      retry: 0,
      ...install([oidcToken({ getLatestAuthToken: login.getLatestAuthToken, scheme: 'Bearer' })], {
        endpoint: api.url,
      }),
    });
    const start = api.calls.length;
    const grants = idp.grants.length;

    const waiting = http.get(`${api.url}items`).catch((thrown: unknown) => thrown);
    await until(() => held === 1);
    login.signOut();
    release();
    const error = await waiting;
    const later = await http.get(`${api.url}items`).catch((thrown: unknown) => thrown);

    for (const failure of [error, later]) {
      expect(failure).toBeInstanceOf(TokenError);
      expect(failure).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
    }
    expect(callsSince(start)).toEqual([]);
    // The token request that was under way when signOut ran was the only one.
    expect(idp.grants.length - grants).toBe(1);
  });

  it('fails all 500 requests with the token error, sending none, when that refresh is rejected', async () => {
    const clock = skewableClock();
    const { refreshToken } = await idp.signIn('dave');
    const login = oidcClient({
      issuer: idp.issuer,
      clientId: idp.app.clientId,
      clientSecret: idp.app.clientSecret,
      refreshToken,
      now: clock.now,
    });
    // ky 1 retries a GET whose hook threw (ky 2 does not); without retries each request fails with the
    // refresh's own error rather than the ERR_NOT_SIGNED_IN a retry would meet.
    const http = ky.create({
      retry: 0,
      ...install([oidcToken({ getLatestAuthToken: login.getLatestAuthToken, now: clock.now })], {
        endpoint: api.url,
      }),
    });
    idp.setAccessTokenTtl(120);
    await http.get(`${api.url}warm-up`);
    await idp.revokeRefreshToken(refreshToken);
    clock.advance(121_000);
    const grants = idp.grants.length;
    const start = api.calls.length;

    const outcomes = await Promise.allSettled(Array.from({ length: 500 }, () => http.get(`${api.url}items`)));

    const errors = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined));
    expect(
      errors.every((error) => error instanceof TokenError && error.code === 'ERR_TOKEN_REFRESH_REJECTED'),
    ).toBe(true);
    expect(new Set(errors).size).toBe(1);
    expectNoSecrets(errors[0], [refreshToken, idp.app.clientSecret]);
    expect(idp.grants.slice(grants)).toEqual([
      { grantType: 'refresh_token', clientId: 'app', outcome: 'error', error: 'invalid_grant' },
    ]);
    expect(callsSince(start)).toEqual([]);
  });

  it('answers a 401 with one forced refresh and one retry', async () => {
    const http = ky.create({
      retry: 0,
      ...install([oidcToken({ getLatestAuthToken: heldServiceToken(), scheme: 'Bearer' })], {
        endpoint: api.url,
      }),
    });
    await http.get(`${api.url}first`);
    const rejected = api.calls.at(-1)?.token as string;
    api.revoke(rejected);
    const grants = idp.grants.length;
    const start = api.calls.length;

    expect(await http.get(`${api.url}second`).json()).toEqual({ sub: 'service', path: '/second' });
    const sent = callsSince(start);
    expect(sent.map((call) => call.status)).toEqual([401, 200]);
    expect(sent[0]?.token).toBe(rejected);
    expect(sent[1]?.token).not.toBe(rejected);
    expect(idp.grants.length - grants).toBe(1);
  });

  it('retries a 401 once, never more, and hands the second 401 to the caller', async () => {
    const http = ky.create({
      retry: 0,
      ...install([oidcToken({ getLatestAuthToken: heldServiceToken(), scheme: 'Bearer' })], {
        endpoint: api.url,
      }),
    });
    await http.get(`${api.url}first`);
    api.rejectAll(true);
    const grants = idp.grants.length;
    const start = api.calls.length;

    const error = await http.get(`${api.url}second`).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'HTTPError', response: expect.objectContaining({ status: 401 }) });
    expect(callsSince(start).map((call) => call.status)).toEqual([401, 401]);
    expect(idp.grants.length - grants).toBe(1);
  });
});

it('never sends a token that really expired: the function is asked again, forced, and the API accepts the new one', async () => {
  idp.setAccessTokenTtl(1);
  const http = ky2.create({
    hooks: authHooks([oidcToken({ getLatestAuthToken: heldServiceToken(), scheme: 'Bearer' })], {
      endpoint: api.url,
    }),
  });
  await http.get(`${api.url}before`);
  const first = api.calls.at(-1)?.token as string;
  idp.setAccessTokenTtl(3600);
  const expiresAt = (decodeJwt(first).exp as number) * 1000;
  await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 20));
  const start = api.calls.length;

  expect(await http.get(`${api.url}after`).json()).toEqual({ sub: 'service', path: '/after' });
  const sent = api.calls.slice(start);
  expect(sent).toEqual([expect.objectContaining({ status: 200 })]);
  expect(sent[0]?.token).not.toBe(first);
});
