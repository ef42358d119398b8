import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { authHooks, RequestPolicyError } from '@ky-auth/core';
import { expectNoSecrets } from '@ky-auth/test-kit';
import { verifyFetchRequest } from '@ky-auth/test-kit/aws4-verifier';
import {
  type CognitoIdentity,
  type CognitoIdentityOptions,
  cognitoIdentity,
  createTestIssuer,
  createTestUserPool,
  type TestIssuer,
  type TestUserPool,
} from '@ky-auth/testing';
import ky from 'ky';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { forgetCredentials } from './forget-credentials.ts';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';
import { iamSigner } from './iam-signer.ts';
import { caught, rememberSecret } from './test-support/secrets.ts';

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const api = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const guestRole = {
  accessKeyId: 'ASIAGUESTROLE',
  secretAccessKey: 'guest/secret',
  sessionToken: 'guest-token',
};
const userRole = { accessKeyId: 'ASIAUSERROLE', secretAccessKey: 'user/secret', sessionToken: 'user-token' };
/** What Cognito hands the guest role after the first hour: new temporary credentials. */
const renewedGuestRole = {
  accessKeyId: 'ASIAGUESTRENEWED',
  secretAccessKey: 'guest/renewed-secret',
  sessionToken: 'guest-renewed-token',
};
for (const { secretAccessKey, sessionToken } of [guestRole, userRole, renewedGuestRole]) {
  rememberSecret(secretAccessKey);
  rememberSecret(sessionToken);
}
/** Cognito Identity's credentials last an hour (its default); the signer refreshes them 5 minutes early. */
const minutes = 60_000;

let pool: TestUserPool;
let providerName: string;
let alice: string;
let aliceRefreshed: string;
let bob: string;
let cognito: CognitoIdentity;
/** The JSON bodies Cognito Identity received, in order. */
const bodies: unknown[] = [];
const apiCalls: { accessKeyId: string | undefined; ok: boolean }[] = [];

const server = setupServer(
  http.all(`${api}/*`, async ({ request }) => {
    const verdict = await verifyFetchRequest(request, {
      credentials: [guestRole, userRole, renewedGuestRole],
      region: 'us-east-1',
      service: 'execute-api',
    });
    apiCalls.push({
      accessKeyId: /Credential=([^/]+)/.exec(request.headers.get('authorization') ?? '')?.[1],
      ok: verdict.ok,
    });
    return verdict.ok
      ? HttpResponse.json({ ok: true })
      : HttpResponse.json({ message: 'Forbidden' }, { status: 403 });
  }),
);

const identityOptions = (): CognitoIdentityOptions => ({
  identityPoolId,
  allowUnauthenticated: true,
  roles: { unauth: guestRole, auth: userRole },
  userPool: pool,
});

/** Makes `options`' Cognito Identity the one answering (ahead of any before it), its bodies recorded. */
function serve(options: CognitoIdentityOptions): CognitoIdentity {
  cognito = cognitoIdentity(options);
  server.use(
    http.post(`${cognito.endpoint}/`, async ({ request }) => {
      bodies.push(await request.clone().json());
    }),
    ...cognito.handlers,
  );
  return cognito;
}

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  pool = await createTestUserPool({ poolId: 'us-east-1_TestPool' });
  providerName = pool.providerName;
  alice = await pool.idToken({ username: 'alice' });
  aliceRefreshed = await pool.idToken({ username: 'alice', issuedAt: Date.now() + 1000 });
  bob = await pool.idToken({ username: 'bob' });
  for (const token of [alice, aliceRefreshed, bob]) rememberSecret(token);
});
afterAll(() => server.close());
beforeEach(() => {
  bodies.length = 0;
  apiCalls.length = 0;
  serve(identityOptions());
});
afterEach(() => {
  server.resetHandlers();
  jest.useRealTimers();
});

/** Lets the test move `Date` (the credentials' expiry, the signer's and the API's clocks) by hand. */
function holdTheDate(): void {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

const operations = () => cognito.calls.map((call) => call.operation);
/** The identity ID each call named or, for `GetId`, was given. */
const identityIds = () => cognito.calls.map((call) => call.identityId);
const client = (credentials: ReturnType<typeof fromCognitoIdentityPool>) =>
  ky.create({
    prefix: `${api}/`,
    retry: 0,
    hooks: authHooks([iamSigner({ credentials })], { endpoint: api }),
  });

describe('fromCognitoIdentityPool', () => {
  it('forgetCredentials(provider) drops the credentials it keeps: the next request asks Cognito for new ones', async () => {
    const provider = fromCognitoIdentityPool({ identityPoolId });
    const api = client(provider);
    await api.get('items/1').json();
    await api.get('items/2').json();
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    forgetCredentials(provider);
    await api.get('items/3').json();
    // The identity ID is kept (as Amplify keeps it); the credentials are asked for again.
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
    expect(apiCalls).toHaveLength(3);
  });

  it('gets guest credentials without logins: GetId then GetCredentialsForIdentity, once for 100 concurrent requests', async () => {
    const api = client(fromCognitoIdentityPool({ identityPoolId }));
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => api.get(`items/${i}`).json()));
    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    const [guest] = identityIds();
    expect(guest).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(bodies).toEqual([{ IdentityPoolId: identityPoolId }, { IdentityId: guest }]);
    expect(apiCalls).toHaveLength(100);
    expect(new Set(apiCalls.map((call) => call.accessKeyId))).toEqual(new Set([guestRole.accessKeyId]));
  });

  it('gets authenticated credentials with a user-pool ID token, presenting it on both calls', async () => {
    const credentials = fromCognitoIdentityPool({ identityPoolId, logins: { [providerName]: alice } });
    await client(credentials).get('items').json();
    expect(bodies).toEqual([
      { IdentityPoolId: identityPoolId, Logins: { [providerName]: alice } },
      { IdentityId: identityIds()[0], Logins: { [providerName]: alice } },
    ]);
    expect(cognito.count({ outcome: 'accepted', authenticated: true })).toBe(2);
    expect(apiCalls).toEqual([{ accessKeyId: userRole.accessKeyId, ok: true }]);
  });

  it('refreshes the credentials 5 minutes before they expire, reusing the identity ID, and signs with the new ones', async () => {
    holdTheDate();
    const roles: { unauth: typeof guestRole; auth: typeof userRole } = { unauth: guestRole, auth: userRole };
    serve({ ...identityOptions(), roles });
    const credentials = fromCognitoIdentityPool({ identityPoolId });
    await client(credentials).get('items').json();
    // From now on Cognito hands out new temporary credentials for the guest role, as it does.
    roles.unauth = renewedGuestRole;
    jest.setSystemTime(Date.now() + 54 * minutes);
    await client(credentials).get('items').json();
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    jest.setSystemTime(Date.now() + 2 * minutes);
    await client(credentials).get('items').json();
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
    const [guest] = identityIds();
    expect(bodies[2]).toEqual({ IdentityId: guest });
    expect(apiCalls).toEqual([
      { accessKeyId: guestRole.accessKeyId, ok: true },
      { accessKeyId: guestRole.accessKeyId, ok: true },
      { accessKeyId: renewedGuestRole.accessKeyId, ok: true },
    ]);
  });

  it("switches from guest to signed-in user and back at once: a change of user drops the previous one's credentials", async () => {
    let token: string | undefined;
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      logins: async () => (token === undefined ? undefined : { [providerName]: token }),
    });
    const api = client(credentials);
    await api.get('a').json();
    token = alice;
    await api.get('b').json();
    token = aliceRefreshed; // the same user with a refreshed ID token keeps her credentials
    await api.get('c').json();
    token = undefined;
    await api.get('d').json();
    token = bob;
    await api.get('e').json();
    expect(apiCalls.map((call) => call.accessKeyId)).toEqual([
      guestRole.accessKeyId,
      userRole.accessKeyId,
      userRole.accessKeyId,
      guestRole.accessKeyId,
      userRole.accessKeyId,
    ]);
    expect(operations()).toEqual([
      'GetId',
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
      // Back to the guest: alice's credentials are gone; the guest's identity ID is kept.
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
    ]);
    const ids = identityIds();
    expect(ids[4]).toBe(ids[0]);
    // guest, alice and bob: three identities, each asked for with its own logins
    expect(new Set(ids).size).toBe(3);
    expect(cognito.count({ outcome: 'accepted', authenticated: true })).toBe(4);
  });

  describe('with login tokens that are not JWTs (Facebook, Login with Amazon, SAML, Twitter)', () => {
    let facebook: TestIssuer;
    /** What Facebook says each opaque access token stands for: an ID token of its user. */
    const users = new Map<string, string>();
    const aliceToken = 'EAAGm0PX4ZCpsBAalice0opaque0access0token';
    const bobToken = 'EAAGm0PX4ZCpsBAbob0opaque0access0token000';
    beforeAll(async () => {
      facebook = await createTestIssuer({ issuer: 'https://graph.facebook.com' });
      users.set(aliceToken, await facebook.sign({ sub: 'facebook-alice' }));
      users.set(bobToken, await facebook.sign({ sub: 'facebook-bob' }));
      for (const token of [aliceToken, bobToken, ...users.values()]) rememberSecret(token);
    });
    /**
     * Cognito checks a Facebook token by asking Facebook whose it is; the stand-in knows OpenID providers
     * only, so this fetch plays Facebook's part on the way: it swaps each opaque token for an ID token of
     * the user it stands for. fromCognitoIdentityPool itself only ever sees the opaque tokens.
     */
    const viaFacebook: typeof globalThis.fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body)) as { Logins?: Record<string, string> };
      const login = body.Logins?.['graph.facebook.com'];
      if (login !== undefined) body.Logins = { 'graph.facebook.com': users.get(login) ?? 'unknown' };
      return globalThis.fetch(input, { ...init, body: JSON.stringify(body) });
    };

    it("signs user B's requests with B's own identity and credentials, never A's", async () => {
      serve({ ...identityOptions(), providers: [{ issuer: facebook.issuer, jwks: facebook.jwks }] });
      let token = aliceToken;
      const credentials = fromCognitoIdentityPool({
        identityPoolId,
        logins: () => ({ 'graph.facebook.com': token }),
        fetch: viaFacebook,
      });
      const api = client(credentials);
      await api.get('alice').json();
      token = bobToken; // alice signed out of Facebook, bob signed in
      await api.get('bob').json();

      expect(operations()).toEqual([
        'GetId',
        'GetCredentialsForIdentity',
        'GetId',
        'GetCredentialsForIdentity',
      ]);
      const [aliceId, , bobId] = identityIds();
      expect(bobId).not.toBe(aliceId);
      expect(identityIds()).toEqual([aliceId, aliceId, bobId, bobId]);
      expect(cognito.count({ outcome: 'accepted', authenticated: true })).toBe(4);
      expect(apiCalls).toEqual([
        { accessKeyId: userRole.accessKeyId, ok: true },
        { accessKeyId: userRole.accessKeyId, ok: true },
      ]);
    });
  });

  it('fails a request waiting for the previous user’s credentials when the logins change, sending nothing', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    let token = alice;
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      logins: () => ({ [providerName]: token }),
      fetch: async (input, init) => {
        if (String(init?.body).includes('IdentityId')) {
          held += 1;
          await gate;
        }
        return globalThis.fetch(input, init);
      },
    });
    const api = client(credentials);
    const waiting = api.get('alice').catch((thrown: unknown) => thrown);
    while (held === 0) await new Promise((resolve) => setImmediate(resolve));
    token = bob;
    const bobsRequest = api.get('bob').json();
    release();

    expect(await waiting).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_LOGINS_CHANGED' });
    expect(await bobsRequest).toEqual({ ok: true });
    expect(apiCalls).toEqual([{ accessKeyId: userRole.accessKeyId, ok: true }]);
  });

  it.each(['http://api.localhost/', 'http://10.0.0.1/', 'http://cognito-identity.example.com/'])(
    'refuses the plain-http endpoint %s with ERR_INSECURE_TRANSPORT, sending nothing',
    (endpoint) => {
      let sent = 0;
      const fetch = async () => {
        sent += 1;
        return new Response('{}');
      };
      let error: unknown;
      try {
        fromCognitoIdentityPool({ identityPoolId, endpoint, fetch, logins: { [providerName]: alice } });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
      expect(sent).toBe(0);
      expect(cognito.calls).toEqual([]);
    },
  );

  it('calls a plain-http endpoint that is not loopback only with allowInsecureHttp', async () => {
    const regional = cognito;
    const remote = serve({ ...identityOptions(), endpoint: 'http://10.0.0.1/cognito' });
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      endpoint: 'http://10.0.0.1/cognito/',
      allowInsecureHttp: true,
    });
    expect(await client(credentials).get('items').json()).toEqual({ ok: true });
    expect(remote.calls.map((call) => call.operation)).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(regional.calls).toEqual([]);
  });

  it('refuses an endpoint with a user name or password, without quoting it', async () => {
    for (const endpoint of [
      'https://admin:hunter2-secret@cognito.example.com/',
      'not a url hunter2-secret',
    ]) {
      rememberSecret('hunter2-secret');
      const error = await caught(() => fromCognitoIdentityPool({ identityPoolId, endpoint }));
      expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID' });
      expect(JSON.stringify(error)).not.toContain('hunter2-secret');
      expect(String(error.cause ?? '')).not.toContain('hunter2-secret');
    }
  });

  it('gets a new identity ID, once, when the kept one was deleted', async () => {
    holdTheDate();
    const credentials = fromCognitoIdentityPool({ identityPoolId });
    await client(credentials).get('items').json();
    const [deleted] = identityIds();
    expect(cognito.deleteIdentity(deleted!)).toBe(true);
    jest.setSystemTime(Date.now() + 56 * minutes);
    await client(credentials).get('items').json();
    expect(operations()).toEqual([
      'GetId',
      'GetCredentialsForIdentity',
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
    ]);
    expect(cognito.calls[2]).toMatchObject({
      identityId: deleted,
      outcome: 'rejected',
      errorType: 'ResourceNotFoundException',
    });
    const fresh = identityIds()[3];
    expect(fresh).not.toBe(deleted);
    expect(bodies.at(-1)).toEqual({ IdentityId: fresh });
    expect(apiCalls).toEqual(Array(2).fill({ accessKeyId: guestRole.accessKeyId, ok: true }));
  });

  it('calls the configured endpoint', async () => {
    const regional = cognito;
    const local = serve({ ...identityOptions(), endpoint: 'http://127.0.0.1:8799/cognito/' });
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      endpoint: 'http://127.0.0.1:8799/cognito/',
    });
    expect(await client(credentials).get('items').json()).toEqual({ ok: true });
    expect(local.calls.map((call) => call.operation)).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(regional.calls).toEqual([]);
  });

  describe('fails the request with a CredentialsError naming the service error, and sends nothing', () => {
    it.each<
      [
        string,
        (options: CognitoIdentityOptions) => CognitoIdentityOptions | Promise<CognitoIdentityOptions>,
        () => Parameters<typeof fromCognitoIdentityPool>[0],
        string,
      ]
    >([
      [
        'a pool that does not exist',
        (o) => ({ ...o, identityPoolId: 'us-east-1:ffffffff-0000-0000-0000-000000000000' }),
        () => ({ identityPoolId }),
        'ResourceNotFoundException',
      ],
      [
        'guest access disabled',
        (o) => ({ ...o, allowUnauthenticated: false }),
        () => ({ identityPoolId }),
        'NotAuthorizedException',
      ],
      [
        'a token the pool cannot verify (signed by another key)',
        async (o) => ({ ...o, userPool: await createTestUserPool({ poolId: 'us-east-1_TestPool' }) }),
        () => ({ identityPoolId, logins: { [providerName]: alice } }),
        'NotAuthorizedException',
      ],
    ])('for %s', async (_name, configure, options, serviceError) => {
      serve(await configure(identityOptions()));
      const error = await caught(() => client(fromCognitoIdentityPool(options())).get('items'));
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_REJECTED' });
      expect(error.message).toContain(serviceError);
      expect(error.message).toContain('(HTTP 400)');
      expect(cognito.calls.at(-1)).toMatchObject({ outcome: 'rejected', errorType: serviceError });
      expect(apiCalls).toEqual([]);
    });

    it('without repeating a token the service message quotes', async () => {
      server.use(
        http.post('https://cognito-identity.us-east-1.amazonaws.com/', () =>
          HttpResponse.json(
            { __type: 'NotAuthorizedException', message: `Invalid login token: ${alice}` },
            { status: 400 },
          ),
        ),
      );
      const credentials = fromCognitoIdentityPool({ identityPoolId, logins: { [providerName]: alice } });
      const error = await caught(() => client(credentials).get('items'));
      expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_REJECTED' });
      expect(error.message).toContain('NotAuthorizedException');
      expect(error.message).not.toContain(alice);
      expect(apiCalls).toEqual([]);
    });

    it('for an unreachable service, keeping the cause', async () => {
      server.use(http.post('https://cognito-identity.us-east-1.amazonaws.com/', () => HttpResponse.error()));
      const error = await caught(() => client(fromCognitoIdentityPool({ identityPoolId })).get('items'));
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
      expect(error.cause).toMatchObject({ name: 'TypeError' });
      expect(apiCalls).toEqual([]);
    });

    it('for an unreachable service, with no login token anywhere in the cause chain', async () => {
      // A fetch (a polyfill, a proxy's agent) may quote the request it failed to send, login tokens included.
      const opaqueToken = 'EAAGm0PX4ZCpsBAunreachable0opaque0token';
      const quotingFetch: typeof fetch = async (_input, init) => {
        throw new TypeError(`fetch failed while sending ${String(init?.body)}`, {
          cause: new Error(`socket hang up; request body was ${String(init?.body)}`),
        });
      };
      const credentials = fromCognitoIdentityPool({
        identityPoolId,
        logins: { [providerName]: alice, 'graph.facebook.com': opaqueToken },
        fetch: quotingFetch,
      });
      const error = await caught(() => client(credentials).get('items'));
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
      expect(error.cause).toMatchObject({ name: 'TypeError' });
      expectNoSecrets(error, { 'ID token': alice, 'Facebook token': opaqueToken });
      expect(apiCalls).toEqual([]);
    });

    it('for an answer that is not the API', async () => {
      server.use(
        http.post('https://cognito-identity.us-east-1.amazonaws.com/', () =>
          HttpResponse.json({ hello: 'world' }),
        ),
      );
      const error = await caught(() => client(fromCognitoIdentityPool({ identityPoolId })).get('items'));
      expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_INVALID_RESPONSE' });
    });

    it('for a logins function that throws', async () => {
      const cause = new Error('session store locked');
      const error = await caught(() =>
        client(fromCognitoIdentityPool({ identityPoolId, logins: () => Promise.reject(cause) })).get('items'),
      );
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_LOGINS_PROVIDER_FAILED', cause });
      expect(cognito.calls).toEqual([]);
      expect(apiCalls).toEqual([]);
    });
  });

  it('refuses an identity pool ID that is not one, at once', async () => {
    const error = await caught(() => fromCognitoIdentityPool({ identityPoolId: 'my-pool' }));
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_INVALID_IDENTITY_POOL',
      path: 'fromCognitoIdentityPool.identityPoolId',
    });
  });
});
