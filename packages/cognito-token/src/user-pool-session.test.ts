import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authHooks, ConfigError, RequestPolicyError, TokenError } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
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
  region: 'us-east-1',
  userPoolId: f.pool.userPoolId,
  clientId: f.client.clientId,
  endpoint: f.cognito.endpoint,
  ...overrides,
});
const code = (error: Error) => (error as TokenError).code;
/** Resolves once `condition` holds, checking after each turn of the event loop. */
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('userPoolSession', () => {
  it('signs in with USER_PASSWORD_AUTH; the tokens verify against the pool keys', async () => {
    const session = userPoolSession(sessionOptions());
    const tokens = await session.signIn({ username: f.username, password: f.password });
    const keys = createRemoteJWKSet(new URL(f.pool.jwksUri));
    const access = await jwtVerify(tokens.accessToken, keys, { issuer: f.pool.issuer });
    const id = await jwtVerify(tokens.idToken, keys, { issuer: f.pool.issuer, audience: f.client.clientId });
    expect(access.payload).toMatchObject({ token_use: 'access', client_id: f.client.clientId });
    expect(id.payload).toMatchObject({ token_use: 'id', email: f.username });
    expect(typeof tokens.refreshToken).toBe('string');
  });

  it('returns cached tokens, and refreshes with REFRESH_TOKEN_AUTH on forceRefresh, once for a burst', async () => {
    const recorder = recordingFetch();
    const session = userPoolSession(sessionOptions({ fetch: recorder.fetch }));
    const signedIn = await session.signIn({ username: f.username, password: f.password });
    expect(await session.getTokens()).toEqual(signedIn);

    const refreshed = await Promise.all(
      Array.from({ length: 50 }, () =>
        session.getTokens({ forceRefresh: true, stale: signedIn.accessToken }),
      ),
    );
    expect(new Set(refreshed.map((tokens) => tokens.accessToken)).size).toBe(1);
    expect(refreshed[0]?.accessToken).not.toBe(signedIn.accessToken);
    expect(refreshed[0]?.refreshToken).toBe(signedIn.refreshToken);
    expect(recorder.actions.map(({ action, body }) => [action, body.AuthFlow])).toEqual([
      ['InitiateAuth', 'USER_PASSWORD_AUTH'],
      ['InitiateAuth', 'REFRESH_TOKEN_AUTH'],
    ]);
    expect(recorder.actions[1]?.body).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: f.client.clientId,
      AuthParameters: { REFRESH_TOKEN: signedIn.refreshToken },
    });
  });

  it('sends SECRET_HASH = Base64(HMAC-SHA256(secret, username + clientId)) for a client with a secret', async () => {
    const recorder = recordingFetch();
    const { clientId, clientSecret } = f.secretClient;
    const session = userPoolSession(sessionOptions({ clientId, clientSecret, fetch: recorder.fetch }));
    await session.signIn({ username: f.username, password: f.password });
    await session.getTokens({ forceRefresh: true });

    // The user's Cognito user name, from Cognito itself: what SECRET_HASH covers when refreshing.
    const { Username } = await f.cognito.call('AdminGetUser', {
      UserPoolId: f.pool.userPoolId,
      Username: f.username,
    });
    const expected = (user: string) =>
      createHmac('sha256', clientSecret as string)
        .update(`${user}${clientId}`)
        .digest('base64');
    const hashes = recorder.actions.map(
      ({ body }) => (body.AuthParameters as Record<string, string>).SECRET_HASH,
    );
    expect(hashes).toEqual([expected(f.username), expected(String(Username))]);
  });

  it('rejects a wrong password with ERR_SIGN_IN_REJECTED, showing neither password', async () => {
    const wrong = 'Wr0ng-Password-Guess!';
    const session = userPoolSession(sessionOptions());
    const error = await caught(() => session.signIn({ username: f.username, password: wrong }));
    expect(error).toBeInstanceOf(TokenError);
    expect(code(error)).toBe('ERR_SIGN_IN_REJECTED');
    expectNoSecrets(error, [...f.secrets(), wrong]);
    expect(code(await caught(() => session.getTokens()))).toBe('ERR_NOT_SIGNED_IN');
  });

  it('reports a challenge it cannot answer (a new password is required) as ERR_SIGN_IN_CHALLENGE', async () => {
    const temporary = 'Temp0rary-Passw0rd!';
    await f.cognito.call('AdminCreateUser', {
      UserPoolId: f.pool.userPoolId,
      Username: 'new-user@example.com',
      TemporaryPassword: temporary,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'new-user@example.com' }],
    });
    const error = await caught(() =>
      userPoolSession(sessionOptions()).signIn({ username: 'new-user@example.com', password: temporary }),
    );
    expect(code(error)).toBe('ERR_SIGN_IN_CHALLENGE');
    expect(error.message).toContain('NEW_PASSWORD_REQUIRED');
    expectNoSecrets(error, [temporary]);
  });

  it('ends with ERR_TOKEN_REFRESH_REJECTED when Cognito refuses a revoked refresh token, then ERR_NOT_SIGNED_IN', async () => {
    const device = userPoolSession(sessionOptions());
    const tokens = await device.signIn({ username: f.username, password: f.password });
    const recorder = recordingFetch();
    const restored = userPoolSession(sessionOptions({ tokens, fetch: recorder.fetch }));
    expect(await restored.getTokens()).toEqual(tokens);
    await device.signOut(); // RevokeToken: the refresh token the restored session holds is now dead

    const rejected = await caught(() => restored.getTokens({ forceRefresh: true }));
    expect(code(rejected)).toBe('ERR_TOKEN_REFRESH_REJECTED');
    expect(rejected.message).toContain('NotAuthorizedException');
    const later = await caught(() => restored.getTokens());
    expect(code(later)).toBe('ERR_NOT_SIGNED_IN');
    expect(recorder.refreshes()).toBe(1);
    for (const error of [rejected, later]) {
      expectNoSecrets(error, [...f.secrets(), tokens.refreshToken, tokens.accessToken, tokens.idToken]);
    }
  });

  it('rejects a refresh token Cognito never issued with ERR_TOKEN_REFRESH_REJECTED', async () => {
    const invalid = 'not-a-refresh-token-5c1e';
    const session = userPoolSession(sessionOptions({ tokens: { refreshToken: invalid } }));
    const error = await caught(() => session.getTokens());
    expect(code(error)).toBe('ERR_TOKEN_REFRESH_REJECTED');
    expectNoSecrets(error, [invalid]);
  });

  it('keeps the session through a failed refresh (ERR_TOKEN_REFRESH_FAILED) and refreshes on the next call', async () => {
    let down = false;
    const session = userPoolSession(
      sessionOptions({
        fetch: (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
      }),
    );
    const tokens = await session.signIn({ username: f.username, password: f.password });
    down = true;
    const error = await caught(() => session.getTokens({ forceRefresh: true }));
    expect(code(error)).toBe('ERR_TOKEN_REFRESH_FAILED');
    expectNoSecrets(error, [f.password, tokens.refreshToken]);
    down = false;
    expect((await session.getTokens()).accessToken).not.toBe(tokens.accessToken);
  });

  it('refreshes restored tokens that have expired before returning them', async () => {
    const short = await f.pool.createClient({ accessTokenValidity: 60 });
    const device = userPoolSession(sessionOptions({ clientId: short.clientId }));
    const saved = await device.signIn({ username: f.username, password: f.password });
    await short.setTokenValidity(3600);
    const recorder = recordingFetch();
    // Read a minute later, as far as the session's clock goes: the saved tokens have expired.
    const later = () => Date.now() + 61_000;
    const restored = userPoolSession(
      sessionOptions({ clientId: short.clientId, tokens: saved, fetch: recorder.fetch, now: later }),
    );
    const tokens = await restored.getTokens();
    expect(tokens.accessToken).not.toBe(saved.accessToken);
    expect((decodeJwt(tokens.accessToken).exp as number) * 1000).toBeGreaterThan(later());
    expect(recorder.refreshes()).toBe(1);
  });

  it('refuses to use a signed-out session, without calling Cognito', async () => {
    const recorder = recordingFetch();
    const session = userPoolSession(sessionOptions({ fetch: recorder.fetch }));
    expect(code(await caught(() => session.getTokens()))).toBe('ERR_NOT_SIGNED_IN');
    await session.signIn({ username: f.username, password: f.password });
    await session.signOut({ revoke: false });
    expect(code(await caught(() => session.getTokens()))).toBe('ERR_NOT_SIGNED_IN');
    expect(recorder.actions.map(({ action }) => action)).toEqual(['InitiateAuth']);
  });
});

describe('userPoolSession.signOut', () => {
  it.each([
    ['a refresh of tokens about to expire', 'expiry', 'ky 1'],
    ['a refresh of tokens about to expire', 'expiry', 'ky 2'],
    ['the forced refresh after a 401', '401', 'ky 1'],
    ['the forced refresh after a 401', '401', 'ky 2'],
  ] as const)(
    'fails a request already waiting on %s with ERR_NOT_SIGNED_IN, sending nothing (%s, %s)',
    async (_label, cause, major) => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let heldRefreshes = 0;
      let skew = 0;
      const session = userPoolSession(
        sessionOptions({
          now: () => Date.now() + skew,
          fetch: async (input, init) => {
            if (String(init?.body).includes('REFRESH_TOKEN_AUTH')) {
              heldRefreshes += 1;
              await gate;
            }
            return globalThis.fetch(input, init);
          },
        }),
      );
      const { accessToken } = await session.signIn({ username: f.username, password: f.password });
      const interceptor = cognitoUserPoolToken({ tokens: session });
      const http =
        major === 'ky 1'
          ? ky1.create({ retry: 0, ...authOptions([interceptor], { endpoint: f.accessApi.url }) })
          : ky2.create({ retry: 0, hooks: authHooks([interceptor], { endpoint: f.accessApi.url }) });
      const start = f.accessApi.calls.length;
      // The request waits on a refresh the test holds open: its tokens look 59 minutes old, or the API rejects them.
      if (cause === 'expiry') skew = 59 * 60_000;
      else f.accessApi.revoke(accessToken);

      const waiting = http.get(`${f.accessApi.url}me`).catch((thrown: unknown) => thrown);
      await until(() => heldRefreshes === 1);
      const signedOut = session.signOut({ revoke: false });
      release();
      await signedOut;
      const error = await waiting;
      const later = await http.get(`${f.accessApi.url}me`).catch((thrown: unknown) => thrown);

      for (const failure of [error, later]) {
        expect(failure).toBeInstanceOf(TokenError);
        expect(failure).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
      }
      // Nothing after the sign-out reached the API: not the waiting request (or its retry), not the later one.
      expect(f.accessApi.calls.slice(start).map((call) => [call.status, call.token])).toEqual(
        cause === 'expiry' ? [] : [[401, accessToken]],
      );
    },
  );

  it('fails a request waiting on the first refresh of restored tokens, sending nothing', async () => {
    const signedIn = await userPoolSession(sessionOptions()).signIn({
      username: f.username,
      password: f.password,
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const session = userPoolSession(
      sessionOptions({
        tokens: { refreshToken: signedIn.refreshToken },
        fetch: async (input, init) => {
          held += 1;
          await gate;
          return globalThis.fetch(input, init);
        },
      }),
    );
    const http = ky2.create({
      retry: 0,
      hooks: authHooks([cognitoUserPoolToken({ tokens: session })], { endpoint: f.accessApi.url }),
    });
    const start = f.accessApi.calls.length;

    const waiting = http.get(`${f.accessApi.url}me`).catch((thrown: unknown) => thrown);
    await until(() => held === 1);
    await session.signOut({ revoke: false });
    release();
    expect(await waiting).toMatchObject({ name: 'TokenError', code: 'ERR_NOT_SIGNED_IN' });
    expect(f.accessApi.calls.length).toBe(start);
  });
});

describe('userPoolSession options', () => {
  it('defaults to the regional Cognito endpoint, region taken from the pool id', async () => {
    const urls: string[] = [];
    const session = userPoolSession({
      userPoolId: 'eu-west-2_AbC123',
      clientId: 'client',
      fetch: async (input) => {
        urls.push(String(input));
        return Response.json(
          { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
          { status: 400 },
        );
      },
    });
    await caught(() => session.signIn({ username: 'someone', password: 'Passw0rd!' }));
    expect(urls).toEqual(['https://cognito-idp.eu-west-2.amazonaws.com/']);
  });

  it.each([
    [{ userPoolId: 'AbC123', region: undefined }, 'ERR_CONFIG_INVALID', 'userPoolSession.region'],
    [{ endpoint: 'not a url' }, 'ERR_CONFIG_INVALID', 'userPoolSession.endpoint'],
  ] as const)('refuses %p', (options, errorCode, path) => {
    let error: unknown;
    try {
      userPoolSession({ userPoolId: 'us-east-1_AbC123', clientId: 'client', ...options });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: errorCode, path });
  });

  it.each(['http://cognito.internal.example.com/', 'http://api.localhost/', 'http://10.0.0.1/'])(
    'refuses the plain-http endpoint %s with ERR_INSECURE_TRANSPORT, sending nothing',
    async (endpoint) => {
      let sent = 0;
      const fetch = async () => {
        sent += 1;
        return new Response('{}');
      };
      let error: unknown;
      try {
        userPoolSession({ userPoolId: 'us-east-1_AbC123', clientId: 'client', endpoint, fetch });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
      expect(sent).toBe(0);
    },
  );

  it('sends to a plain-http endpoint that is not loopback only with allowInsecureHttp', async () => {
    const urls: string[] = [];
    const session = userPoolSession({
      userPoolId: 'us-east-1_AbC123',
      clientId: 'client',
      endpoint: 'http://10.0.0.1/',
      allowInsecureHttp: true,
      fetch: async (input) => {
        urls.push(String(input));
        return Response.json({ __type: 'NotAuthorizedException' }, { status: 400 });
      },
    });
    await caught(() => session.signIn({ username: 'someone', password: 'Passw0rd!' }));
    expect(urls).toEqual(['http://10.0.0.1/']);
  });

  it('refuses an endpoint with a user name or password, without quoting it', () => {
    for (const endpoint of [
      'https://admin:hunter2-secret@cognito.example.com/',
      'not a url hunter2-secret',
    ]) {
      let error: unknown;
      try {
        userPoolSession({ userPoolId: 'us-east-1_AbC123', clientId: 'client', endpoint });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID', path: 'userPoolSession.endpoint' });
      expectNoSecrets(error, ['hunter2-secret']);
    }
  });

  it('keeps no password, refresh token or secret in what it throws when its fetch fails quoting the request', async () => {
    const secretClientSecret = f.secretClient.clientSecret as string;
    const failingFetch: typeof globalThis.fetch = async (_input, init) => {
      throw Object.assign(new TypeError(`could not send ${String(init?.body)}`), { request: init });
    };
    const session = userPoolSession(
      sessionOptions({
        clientId: f.secretClient.clientId,
        clientSecret: secretClientSecret,
        fetch: failingFetch,
      }),
    );
    const signInError = await caught(() => session.signIn({ username: f.username, password: f.password }));
    expect(signInError).toMatchObject({ code: 'ERR_SIGN_IN_FAILED' });
    expectNoSecrets(signInError, [f.password, secretClientSecret]);

    const signedIn = await userPoolSession(sessionOptions()).signIn({
      username: f.username,
      password: f.password,
    });
    const restored = userPoolSession(
      sessionOptions({ tokens: { refreshToken: signedIn.refreshToken }, fetch: failingFetch }),
    );
    const refreshError = await caught(() => restored.getTokens());
    expect(refreshError).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
    expectNoSecrets(refreshError, [signedIn.refreshToken]);
    const revokeError = await caught(() => restored.signOut());
    expect(revokeError).toMatchObject({ code: 'ERR_TOKEN_REVOKE_FAILED' });
    expectNoSecrets(revokeError, [signedIn.refreshToken]);
  });
});
