import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { authHooks } from '@ky-auth/core';
import ky from 'ky';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';
import { iamSigner } from './iam-signer.ts';
import { verifySignature } from './test-support/aws4-verifier.ts';
import {
  type CognitoIdentityStandIn,
  cognitoIdentityStandIn,
  idToken,
} from './test-support/cognito-identity-stand-in.ts';
import { caught, rememberSecret } from './test-support/secrets.ts';

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const providerName = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool';
const api = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const alice = idToken('alice');
const aliceRefreshed = idToken('alice');
const bob = idToken('bob');
for (const token of [alice, aliceRefreshed, bob]) rememberSecret(token);

const defaults = () => ({
  endpoint: 'https://cognito-identity.us-east-1.amazonaws.com/',
  identityPoolId,
  providerName,
  validTokens: new Map([
    [alice, 'alice'],
    [aliceRefreshed, 'alice'],
    [bob, 'bob'],
  ]),
  allowGuests: true,
  lifetimeMs: 3_600_000,
});
let cognito: CognitoIdentityStandIn = cognitoIdentityStandIn(defaults());
const apiCalls: { accessKeyId: string | undefined; ok: boolean }[] = [];

const server = setupServer(
  http.post('https://cognito-identity.us-east-1.amazonaws.com/', (info) =>
    cognito.handler.run(info as never).then((r) => r?.response),
  ),
  http.post('http://127.0.0.1:8799/cognito/', (info) =>
    cognito.handler.run(info as never).then((r) => r?.response),
  ),
  http.all(`${api}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const verdict = verifySignature(
      {
        method: request.method,
        target: url.pathname + url.search,
        headers: { ...Object.fromEntries(request.headers), host: url.host },
        body: Buffer.from(await request.arrayBuffer()),
      },
      { credentials: cognito.issued, region: 'us-east-1', service: 'execute-api' },
    );
    apiCalls.push({
      accessKeyId: /Credential=([^/]+)/.exec(request.headers.get('authorization') ?? '')?.[1],
      ok: verdict.ok,
    });
    return verdict.ok
      ? HttpResponse.json({ ok: true })
      : HttpResponse.json({ message: 'Forbidden' }, { status: 403 });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  cognito = cognitoIdentityStandIn(defaults());
  apiCalls.length = 0;
});

const operations = () => cognito.calls.map((call) => call.operation);
const client = (credentials: ReturnType<typeof fromCognitoIdentityPool>) =>
  ky.create({ prefix: `${api}/`, retry: 0, hooks: authHooks([iamSigner({ credentials })]) });

describe('fromCognitoIdentityPool', () => {
  it('gets guest credentials without logins: GetId then GetCredentialsForIdentity, once for 100 concurrent requests', async () => {
    const api = client(fromCognitoIdentityPool({ identityPoolId }));
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => api.get(`items/${i}`).json()));
    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(cognito.calls[0]!.body).toEqual({ IdentityPoolId: identityPoolId });
    expect(cognito.calls[1]!.body).toEqual({ IdentityId: 'us-east-1:guest-1' });
    expect(new Set(apiCalls.map((call) => call.accessKeyId))).toEqual(new Set(['ASIAGUEST0']));
  });

  it('gets authenticated credentials with a user-pool ID token, presenting it on both calls', async () => {
    const credentials = fromCognitoIdentityPool({ identityPoolId, logins: { [providerName]: alice } });
    await client(credentials).get('items').json();
    expect(cognito.calls.map((call) => call.body)).toEqual([
      { IdentityPoolId: identityPoolId, Logins: { [providerName]: alice } },
      { IdentityId: 'us-east-1:user-alice', Logins: { [providerName]: alice } },
    ]);
    expect(apiCalls).toEqual([{ accessKeyId: 'ASIAUSERALICE0', ok: true }]);
  });

  it('reuses the identity ID when the credentials are refreshed', async () => {
    cognito.options = { ...cognito.options, lifetimeMs: 150 };
    const credentials = fromCognitoIdentityPool({ identityPoolId });
    await client(credentials).get('items').json();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await client(credentials).get('items').json();
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
    expect(cognito.calls[2]!.body).toEqual({ IdentityId: 'us-east-1:guest-1' });
    expect(apiCalls.map((call) => call.accessKeyId)).toEqual(['ASIAGUEST0', 'ASIAGUEST1']);
  });

  it("switches from guest to signed-in user and back at once, keeping each one's credentials", async () => {
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
      'ASIAGUEST0',
      'ASIAUSERALICE1',
      'ASIAUSERALICE1',
      'ASIAGUEST0',
      'ASIAUSERBOB2',
    ]);
    expect(operations()).toEqual([
      'GetId',
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
    ]);
  });

  it('gets a new identity ID, once, when the kept one is gone', async () => {
    cognito.options = { ...cognito.options, lifetimeMs: 150 };
    const credentials = fromCognitoIdentityPool({ identityPoolId });
    await client(credentials).get('items').json();
    cognito.forget('us-east-1:guest-1');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await client(credentials).get('items').json();
    expect(operations()).toEqual([
      'GetId',
      'GetCredentialsForIdentity',
      'GetCredentialsForIdentity',
      'GetId',
      'GetCredentialsForIdentity',
    ]);
    expect(cognito.calls.at(-1)!.body).toEqual({ IdentityId: 'us-east-1:guest-2' });
  });

  it('calls the configured endpoint', async () => {
    cognito.options = { ...cognito.options };
    const local = cognitoIdentityStandIn({ ...defaults(), endpoint: 'http://127.0.0.1:8799/cognito/' });
    cognito = local;
    const credentials = fromCognitoIdentityPool({
      identityPoolId,
      endpoint: 'http://127.0.0.1:8799/cognito/',
    });
    expect(await client(credentials).get('items').json()).toEqual({ ok: true });
    expect(operations()).toEqual(['GetId', 'GetCredentialsForIdentity']);
  });

  describe('fails the request with a CredentialsError naming the service error, and sends nothing', () => {
    it.each<
      [
        string,
        (options: ReturnType<typeof defaults>) => ReturnType<typeof defaults>,
        Parameters<typeof fromCognitoIdentityPool>[0],
        string,
      ]
    >([
      [
        'a pool that does not exist',
        (o) => ({ ...o, identityPoolId: 'us-east-1:ffffffff-0000-0000-0000-000000000000' }),
        { identityPoolId },
        'ResourceNotFoundException',
      ],
      [
        'guest access disabled',
        (o) => ({ ...o, allowGuests: false }),
        { identityPoolId },
        'NotAuthorizedException',
      ],
      [
        'an invalid token',
        (o) => ({ ...o, validTokens: new Map() }),
        { identityPoolId, logins: { [providerName]: alice } },
        'NotAuthorizedException',
      ],
    ])('for %s', async (_name, configure, options, serviceError) => {
      cognito.options = configure(defaults());
      const error = await caught(() => client(fromCognitoIdentityPool(options)).get('items'));
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_REJECTED' });
      expect(error.message).toContain(serviceError);
      expect(error.message).toContain('(HTTP 400)');
      expect(apiCalls).toEqual([]);
    });

    it('for an unreachable service, keeping the cause', async () => {
      server.use(http.post('https://cognito-identity.us-east-1.amazonaws.com/', () => HttpResponse.error()));
      try {
        const error = await caught(() => client(fromCognitoIdentityPool({ identityPoolId })).get('items'));
        expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
        expect(error.cause).toMatchObject({ name: 'TypeError' });
        expect(apiCalls).toEqual([]);
      } finally {
        server.resetHandlers();
      }
    });

    it('for an answer that is not the API', async () => {
      server.use(
        http.post('https://cognito-identity.us-east-1.amazonaws.com/', () =>
          HttpResponse.json({ hello: 'world' }),
        ),
      );
      try {
        const error = await caught(() => client(fromCognitoIdentityPool({ identityPoolId })).get('items'));
        expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_INVALID_RESPONSE' });
      } finally {
        server.resetHandlers();
      }
    });

    it('for a logins function that throws', async () => {
      const cause = new Error('session store locked');
      const error = await caught(() =>
        client(fromCognitoIdentityPool({ identityPoolId, logins: () => Promise.reject(cause) })).get('items'),
      );
      expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_LOGINS_FAILED', cause });
      expect(cognito.calls).toEqual([]);
      expect(apiCalls).toEqual([]);
    });
  });

  it('refuses an identity pool ID that is not one, at once', async () => {
    const error = await caught(() => fromCognitoIdentityPool({ identityPoolId: 'my-pool' }));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_POOL_INVALID' });
  });
});
