import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor, TokenError } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { decodeJwt } from 'jose';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { cognitoUserPoolToken } from './cognito-user-pool-token.ts';
import { recordingFetch, type UserPoolFixture, userPoolFixture } from './test-support/fixture.ts';
import { type UserPoolSessionOptions, userPoolSession } from './user-pool-session.ts';

let f: UserPoolFixture;
beforeAll(async () => {
  f = await userPoolFixture();
});
afterAll(() => f.close());

const sessionOptions = (overrides: Partial<UserPoolSessionOptions> = {}): UserPoolSessionOptions => ({
  userPoolId: f.pool.userPoolId,
  clientId: f.client.clientId,
  endpoint: f.cognito.endpoint,
  region: 'us-east-1',
  ...overrides,
});
const signedIn = async (overrides: Partial<UserPoolSessionOptions> = {}) => {
  const session = userPoolSession(sessionOptions(overrides));
  await session.signIn({ username: f.username, password: f.password });
  return session;
};
/** A clock the test can move forward: tokens then look as old to the client as they would later on. */
const skewableClock = () => {
  let skew = 0;
  return { now: () => Date.now() + skew, advance: (ms: number) => (skew += ms) };
};

describe.each([
  ['ky 1', ky1, authOptions],
  [
    'ky 2',
    ky2,
    (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
  ],
] as const)('cognitoUserPoolToken through %s', (_name, ky, install) => {
  it('sends the access token, raw in Authorization as Amplify does; the API verifies it', async () => {
    const session = await signedIn();
    const http = ky.create({
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    const start = f.accessApi.calls.length;
    expect(await http.get(`${f.accessApi.url}me`).json()).toMatchObject({ path: '/me' });
    const [call] = f.accessApi.calls.slice(start);
    expect(call).toMatchObject({ status: 200 });
    expect(call?.token).toBe((await session.getTokens()).accessToken);
  });

  it('sends the ID token with use: "id", after a scheme, in the header it is told', async () => {
    const session = await signedIn();
    const http = ky.create({
      ...install([cognitoUserPoolToken({ tokens: session, use: 'id', scheme: 'Bearer' })], {
        endpoint: f.idApi.url,
      }),
    });
    const start = f.idApi.calls.length;
    expect((await http.get(`${f.idApi.url}me`)).status).toBe(200);
    expect(f.idApi.calls.slice(start)).toEqual([
      expect.objectContaining({ status: 200, token: (await session.getTokens()).idToken }),
    ]);

    const seen: (string | null)[] = [];
    const custom = ky.create({
      ...install([cognitoUserPoolToken({ tokens: session, use: 'id', header: 'x-id-token' })], {
        endpoint: 'https://api.example.com',
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const request = new Request(input, init);
          seen.push(request.headers.get('x-id-token'), request.headers.get('authorization'));
          return new Response('{}');
        },
      }),
    });
    await custom.get('https://api.example.com/me');
    expect(seen).toEqual([(await session.getTokens()).idToken, null]);
  });

  it('leaves an Authorization header set for one request, and does not refresh when the API rejects it', async () => {
    const recorder = recordingFetch();
    const session = await signedIn({ fetch: recorder.fetch });
    const http = ky.create({
      retry: 0,
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    const start = f.accessApi.calls.length;
    const error = await caught(() =>
      http.get(`${f.accessApi.url}me`, { headers: { authorization: 'caller-token' } }),
    );
    expect(error.name).toBe('HTTPError');
    expect(f.accessApi.calls.slice(start)).toEqual([
      expect.objectContaining({ token: 'caller-token', status: 401 }),
    ]);
    expect(recorder.refreshes()).toBe(0);
  });

  it('sends 500 concurrent requests with an expired token after exactly one refresh, all accepted', async () => {
    const short = await f.createClient({ accessTokenValidity: 120 });
    const clock = skewableClock();
    const recorder = recordingFetch();
    const session = await signedIn({ clientId: short.clientId, fetch: recorder.fetch, now: clock.now });
    const http = ky.create({
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    await http.get(`${f.accessApi.url}warm-up`);
    const expired = f.accessApi.calls.at(-1)?.token;
    await short.setTokenValidity(3600);
    clock.advance(121_000); // past the cached tokens' exp, as far as the client can tell
    const start = f.accessApi.calls.length;

    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) => http.get(`${f.accessApi.url}items/${i}`)),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(recorder.refreshes()).toBe(1);
    const sent = f.accessApi.calls.slice(start);
    expect(sent).toHaveLength(500);
    expect(sent.every((call) => call.status === 200 && call.token !== expired)).toBe(true);
    expect(new Set(sent.map((call) => call.token)).size).toBe(1);
  });

  it('fails all 500 requests with ERR_TOKEN_REFRESH_REJECTED, sending none, when Cognito refuses the refresh', async () => {
    const short = await f.createClient({ accessTokenValidity: 120 });
    const clock = skewableClock();
    const recorder = recordingFetch();
    const session = await signedIn({ clientId: short.clientId, fetch: recorder.fetch, now: clock.now });
    const { refreshToken } = await session.getTokens();
    // ky 1 retries a GET whose hook threw (ky 2 does not): without retries each request fails with the
    // refresh's own error, not with the ERR_NOT_SIGNED_IN a retry would meet.
    const http = ky.create({
      retry: 0,
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    await http.get(`${f.accessApi.url}warm-up`);
    await f.cognito.call('RevokeToken', { Token: refreshToken, ClientId: short.clientId });
    clock.advance(121_000);
    const start = f.accessApi.calls.length;

    const outcomes = await Promise.allSettled(
      Array.from({ length: 500 }, () => http.get(`${f.accessApi.url}items`)),
    );

    const errors = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined));
    expect(
      errors.every((error) => error instanceof TokenError && error.code === 'ERR_TOKEN_REFRESH_REJECTED'),
    ).toBe(true);
    expectNoSecrets(errors[0], [...f.secrets(), refreshToken]);
    expect(recorder.refreshes()).toBe(1);
    expect(f.accessApi.calls.slice(start)).toEqual([]);
  });

  it('answers a 401 with one forced refresh and one retry with the new token', async () => {
    const recorder = recordingFetch();
    const session = await signedIn({ fetch: recorder.fetch });
    const http = ky.create({
      retry: 0,
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    const rejected = (await session.getTokens()).accessToken;
    f.accessApi.revoke(rejected);
    const start = f.accessApi.calls.length;

    expect((await http.get(`${f.accessApi.url}me`)).status).toBe(200);
    const sent = f.accessApi.calls.slice(start);
    expect(sent.map((call) => [call.status, call.token === rejected])).toEqual([
      [401, true],
      [200, false],
    ]);
    expect(recorder.refreshes()).toBe(1);
  });

  it('retries a 401 once, never more', async () => {
    const recorder = recordingFetch();
    const session = await signedIn({ fetch: recorder.fetch });
    const http = ky.create({
      retry: 0,
      ...install([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    f.accessApi.rejectAll(true);
    const start = f.accessApi.calls.length;
    try {
      const error = await caught(() => http.get(`${f.accessApi.url}me`));
      expect(error).toMatchObject({ name: 'HTTPError', response: expect.objectContaining({ status: 401 }) });
    } finally {
      f.accessApi.rejectAll(false);
    }
    expect(f.accessApi.calls.slice(start).map((call) => call.status)).toEqual([401, 401]);
    expect(recorder.refreshes()).toBe(1);
  });
});

describe('cognitoUserPoolToken with a token function', () => {
  const send = async (interceptor: ReturnType<typeof cognitoUserPoolToken>) => {
    const start = f.accessApi.calls.length;
    const response = await ky2
      .create({ hooks: authHooks([interceptor], { endpoint: f.accessApi.url }) })
      .get(`${f.accessApi.url}me`, { throwHttpErrors: false });
    return { status: response.status, calls: f.accessApi.calls.slice(start) };
  };

  it("accepts fetchAuthSession's result shape, { accessToken, idToken } and a plain string", async () => {
    const { accessToken, idToken } = await (await signedIn()).getTokens();
    const jwt = (token: string) => ({ toString: () => token, payload: decodeJwt(token) });
    const shapes = [
      () => ({ tokens: { accessToken: jwt(accessToken), idToken: jwt(idToken) } }),
      () => ({ accessToken, idToken }),
      () => accessToken,
    ];
    for (const tokens of shapes) {
      expect(await send(cognitoUserPoolToken({ tokens }))).toEqual({
        status: 200,
        calls: [expect.objectContaining({ status: 200, token: accessToken })],
      });
    }
  });

  it('fails with ERR_NOT_SIGNED_IN, sending nothing, when the session has no tokens', async () => {
    const error = await caught(() => send(cognitoUserPoolToken({ tokens: () => ({ tokens: undefined }) })));
    expect(error).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
  });

  it('asks the function again with forceRefresh when it returns expired tokens', async () => {
    const short = await f.createClient({ accessTokenValidity: 120 });
    const stale = await (await signedIn({ clientId: short.clientId })).getTokens();
    const fresh = await (await signedIn()).getTokens();
    const asked: boolean[] = [];
    const interceptor = cognitoUserPoolToken({
      tokens: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return forceRefresh ? fresh : stale;
      },
      now: () => Date.now() + 121_000,
    });
    expect((await send(interceptor)).calls).toEqual([
      expect.objectContaining({ status: 200, token: fresh.accessToken }),
    ]);
    expect(asked).toEqual([false, true]);
  });
});

it('refreshes tokens that really expired, and the API accepts the new ones', async () => {
  const short = await f.createClient({ accessTokenValidity: 1 });
  const recorder = recordingFetch();
  const session = await signedIn({ clientId: short.clientId, fetch: recorder.fetch });
  const http = ky2.create({
    hooks: authHooks([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
  });
  await http.get(`${f.accessApi.url}before`);
  const first = f.accessApi.calls.at(-1)?.token as string;
  await short.setTokenValidity(3600);
  await new Promise((resolve) =>
    setTimeout(resolve, (decodeJwt(first).exp as number) * 1000 - Date.now() + 20),
  );
  const start = f.accessApi.calls.length;

  expect((await http.get(`${f.accessApi.url}after`)).status).toBe(200);
  const sent = f.accessApi.calls.slice(start);
  expect(sent).toEqual([expect.objectContaining({ status: 200 })]);
  expect(sent[0]?.token).not.toBe(first);
  expect(recorder.refreshes()).toBe(1);
});
