import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createClock,
  fromConfig,
  type Interceptor,
  type NormalizedApi,
  type NormalizedConfig,
  TokenError,
} from '@ky-auth/core';
import { verifyFetchRequest } from '@ky-auth/test-kit/aws4-verifier';
import {
  type CognitoIdentity,
  cognitoIdentity,
  createTestUserPool,
  interceptorContext,
} from '@ky-auth/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { iamAuthorizer } from './iam-authorizer.ts';
import { caught, rememberSecret, testSecrets } from './test-support/secrets.ts';

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const userPoolId = 'us-east-1_Example01';
const orders = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';
const reports = 'https://k1l2m3n4o5.execute-api.us-east-1.amazonaws.com/prod';
const guestRole = { accessKeyId: 'ASIAGUEST', secretAccessKey: 'guest/secret', sessionToken: 'guest' };
const userRole = { accessKeyId: 'ASIAUSER', secretAccessKey: 'user/secret', sessionToken: 'user' };
const userPool = await createTestUserPool({ poolId: userPoolId });
const providerName = userPool.providerName;
const token = await userPool.idToken({ username: 'alice' });
rememberSecret(token);

let cognito: CognitoIdentity;
const received: { api: string; accessKeyId: string | undefined; ok: boolean }[] = [];
const verifyingApi = (endpoint: string) =>
  http.all(`${endpoint}/*`, async ({ request }) => {
    const verdict = await verifyFetchRequest(request, {
      credentials: [guestRole, userRole],
      region: 'us-east-1',
      service: 'execute-api',
    });
    received.push({
      api: endpoint,
      accessKeyId: /Credential=([^/]+)/.exec(request.headers.get('authorization') ?? '')?.[1],
      ok: verdict.ok,
    });
    return verdict.ok
      ? HttpResponse.json({ ok: true })
      : HttpResponse.json({ message: 'Forbidden' }, { status: 403 });
  });
const server = setupServer(verifyingApi(orders), verifyingApi(reports));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  cognito = cognitoIdentity({
    identityPoolId,
    allowUnauthenticated: true,
    roles: { unauth: guestRole, auth: userRole },
    userPool,
  });
  server.use(...cognito.handlers);
  received.length = 0;
});
afterEach(() => server.resetHandlers());

/** An amplifyconfiguration.json with two IAM APIs and, unless left out, an identity pool. */
function configuration({ identityPool = true } = {}) {
  return {
    api: {
      plugins: {
        awsAPIPlugin: {
          ordersApi: {
            endpointType: 'REST',
            endpoint: orders,
            region: 'us-east-1',
            authorizationType: 'AWS_IAM',
          },
          reportsApi: {
            endpointType: 'REST',
            endpoint: reports,
            region: 'us-east-1',
            authorizationType: 'AWS_IAM',
          },
        },
      },
    },
    auth: {
      plugins: {
        awsCognitoAuthPlugin: {
          ...(identityPool
            ? {
                CredentialsProvider: {
                  CognitoIdentity: { Default: { PoolId: identityPoolId, Region: 'us-east-1' } },
                },
              }
            : {}),
          CognitoUserPool: { Default: { PoolId: userPoolId, AppClientId: 'client', Region: 'us-east-1' } },
        },
      },
    },
  };
}

describe('iamAuthorizer through fromConfig', () => {
  it("signs every IAM API with the identity pool's guest credentials, one credentials source for all", async () => {
    const apis = fromConfig(configuration(), { authorizers: { AWS_IAM: iamAuthorizer() } });
    await Promise.all([
      apis.client('ordersApi').get('items').json(),
      apis.client('reportsApi').get('daily').json(),
      apis
        .client('ordersApi')
        .post('items', { json: { a: 1 } })
        .json(),
    ]);
    expect(cognito.calls.map((call) => call.operation)).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(received.map((call) => [call.accessKeyId, call.ok])).toEqual([
      [guestRole.accessKeyId, true],
      [guestRole.accessKeyId, true],
      [guestRole.accessKeyId, true],
    ]);
  });

  it('uses the authenticated role when logins give a token', async () => {
    const apis = fromConfig(configuration(), {
      authorizers: { AWS_IAM: iamAuthorizer({ logins: async () => ({ [providerName]: token }) }) },
    });
    expect(await apis.client('ordersApi').get('items').json()).toEqual({ ok: true });
    expect(received.map((call) => [call.accessKeyId, call.ok])).toEqual([[userRole.accessKeyId, true]]);
    expect(cognito.count({ outcome: 'accepted', authenticated: true })).toBe(2);
  });

  it('uses the credentials option instead of an identity pool', async () => {
    const credentials = { accessKeyId: 'AKIDOPTION', secretAccessKey: testSecrets.secretAccessKey };
    const apis = fromConfig(configuration({ identityPool: false }), {
      authorizers: { AWS_IAM: iamAuthorizer({ credentials }) },
    });
    const request = new Request(`${orders}/items`);
    const [signer] = apis.interceptors('ordersApi');
    await signer!.apply(request, interceptorContext());
    expect(request.headers.get('authorization')).toContain('Credential=AKIDOPTION/');
    expect(cognito.calls).toEqual([]);
  });

  it('fails at load time with ERR_CONFIG_MISSING_CREDENTIALS at the entry when there is no identity pool', async () => {
    const error = await caught(() =>
      fromConfig(configuration({ identityPool: false }), { authorizers: { AWS_IAM: iamAuthorizer() } }),
    );
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_MISSING_CREDENTIALS',
      path: 'api.plugins.awsAPIPlugin.ordersApi',
    });
    expect(error.message).toContain('iamAuthorizer({ credentials })');
  });
});

describe("iamAuthorizer with the user pool's token source instead of logins", () => {
  const roleOf = () => received.map((call) => [call.accessKeyId, call.ok]);

  it("switches guest → signed in → signed out with a fetchAuthSession-like function, the provider name from the file's user pool", async () => {
    let signedIn = false;
    const fetchAuthSession = async () => ({
      tokens: signedIn
        ? { idToken: { toString: () => token }, accessToken: { toString: () => 'unused' } }
        : undefined,
    });
    const apis = fromConfig(configuration(), {
      authorizers: { AWS_IAM: iamAuthorizer({ userPoolTokens: fetchAuthSession }) },
    });
    const ordersApi = apis.client('ordersApi');
    await ordersApi.get('guest').json();
    signedIn = true;
    await ordersApi.get('user').json();
    signedIn = false;
    await ordersApi.get('guest-again').json();
    expect(roleOf()).toEqual([
      [guestRole.accessKeyId, true],
      [userRole.accessKeyId, true],
      [guestRole.accessKeyId, true],
    ]);
    // The emulator accepts the login only under the user pool's provider name, with its ID token.
    expect(cognito.count({ outcome: 'accepted', authenticated: true })).toBeGreaterThanOrEqual(1);
    expect(cognito.count({ outcome: 'rejected' })).toBe(0);
  });

  it('treats a session whose getTokens fails with ERR_NOT_SIGNED_IN as the guest', async () => {
    let signedIn = false;
    const session = {
      getTokens: async () => {
        if (!signedIn) throw new TokenError('ERR_NOT_SIGNED_IN', 'Nobody is signed in.');
        return { idToken: token, accessToken: 'unused', refreshToken: 'unused' };
      },
    };
    const apis = fromConfig(configuration(), {
      authorizers: { AWS_IAM: iamAuthorizer({ userPoolTokens: session }) },
    });
    const ordersApi = apis.client('ordersApi');
    await ordersApi.get('guest').json();
    signedIn = true;
    await ordersApi.get('user').json();
    signedIn = false;
    await ordersApi.get('guest-again').json();
    expect(roleOf()).toEqual([
      [guestRole.accessKeyId, true],
      [userRole.accessKeyId, true],
      [guestRole.accessKeyId, true],
    ]);
  });

  it('fails the request, unsent, when the token source fails for another reason', async () => {
    const session = {
      getTokens: async (): Promise<{ idToken: string }> => {
        throw new TokenError('ERR_TOKEN_REFRESH_FAILED', 'Cognito could not be reached.');
      },
    };
    const apis = fromConfig(configuration(), {
      authorizers: { AWS_IAM: iamAuthorizer({ userPoolTokens: session }) },
    });
    const error = await caught(() => apis.client('ordersApi').get('items').json());
    expect(error).toMatchObject({ name: 'TokenError', code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(received).toEqual([]);
  });

  it('needs a user pool in the file, and refuses logins and userPoolTokens together', async () => {
    const { CognitoUserPool: _, ...withoutUserPool } = configuration().auth.plugins.awsCognitoAuthPlugin;
    const noUserPool = { ...configuration(), auth: { plugins: { awsCognitoAuthPlugin: withoutUserPool } } };
    const error = await caught(() =>
      fromConfig(noUserPool, {
        authorizers: { AWS_IAM: iamAuthorizer({ userPoolTokens: async () => undefined }) },
      }),
    );
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_MISSING_FIELD' });
    expect(error.message).toContain('CognitoUserPool.Default');
    const both = await caught(() =>
      iamAuthorizer({ logins: async () => undefined, userPoolTokens: async () => undefined }),
    );
    expect(both).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID' });
  });
});

describe('one clock per API', () => {
  const apiA = 'http://127.0.0.1:40001/prod';
  const apiB = 'http://127.0.0.1:40002/prod';
  const forged = 'Sun, 02 Jan 2039 03:04:05 GMT';
  const amzDates: [string, string | null][] = [];

  it("a skew rejection with a forged Date from API a leaves API b's next x-amz-date at real time", async () => {
    let rejected = false;
    server.use(
      http.all(`${apiA}/*`, ({ request }) => {
        amzDates.push(['a', request.headers.get('x-amz-date')]);
        if (rejected) return HttpResponse.json({ ok: true });
        rejected = true;
        // API Gateway's words for this request, from a server whose clock says 2039.
        const signedAt = request.headers.get('x-amz-date');
        return HttpResponse.json(
          {
            message: `Signature expired: ${signedAt} is now earlier than 20390102T025905Z (20390102T030405Z - 5 min.)`,
          },
          { status: 403, headers: { date: forged, 'x-amzn-errortype': 'InvalidSignatureException' } },
        );
      }),
      http.all(`${apiB}/*`, ({ request }) => {
        amzDates.push(['b', request.headers.get('x-amz-date')]);
        return HttpResponse.json({ ok: true });
      }),
    );
    const entry = (endpoint: string) => ({
      endpointType: 'REST',
      endpoint,
      region: 'us-east-1',
      authorizationType: 'AWS_IAM',
    });
    const credentials = { accessKeyId: 'AKIDCLOCK', secretAccessKey: testSecrets.secretAccessKey };
    const apis = fromConfig(
      { awsAPIPlugin: { a: entry(apiA), b: entry(apiB) } },
      { authorizers: { AWS_IAM: iamAuthorizer({ credentials }) } },
    );
    await apis.client('a').get('items').json();
    await apis.client('b').get('items').json();

    const toMs = (amzDate: string | null) =>
      Date.parse((amzDate ?? '').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(amzDates.map(([api]) => api)).toEqual(['a', 'a', 'b']);
    // API a learned the forged time: its retry was signed in 2039 …
    expect(amzDates[1]?.[1]?.startsWith('20390102T')).toBe(true);
    // … and API b, with a clock of its own, still signs at the real time.
    expect(Math.abs(toMs(amzDates[2]?.[1] ?? null) - Date.now())).toBeLessThan(5 * 60_000);
  });
});

describe('iamAuthorizer and the identity pool in the file', () => {
  it('refuses a malformed identity pool ID with ERR_CONFIG_INVALID_IDENTITY_POOL at its JSON path, when the configuration is loaded', async () => {
    const config = configuration();
    const pool = config.auth.plugins.awsCognitoAuthPlugin.CredentialsProvider?.CognitoIdentity.Default;
    if (pool === undefined) throw new Error('the configuration has an identity pool');
    pool.PoolId = 'YOUR-COGNITO-IDENTITY-POOLID';
    const error = await caught(() => fromConfig(config, { authorizers: { AWS_IAM: iamAuthorizer() } }));
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_INVALID_IDENTITY_POOL',
      path: 'auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId',
    });
    expect(error.message).toContain('us-east-1:0a1b2c3d-1111-2222-3333-444455556666');
  });

  it('lists every place the file formats keep the identity pool when there is none', async () => {
    const error = await caught(() =>
      fromConfig(configuration({ identityPool: false }), { authorizers: { AWS_IAM: iamAuthorizer() } }),
    );
    for (const place of [
      'awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId',
      'aws_cognito_identity_pool_id',
      'Auth.identityPoolId',
      'Auth.Cognito.identityPoolId',
      'auth.identity_pool_id',
    ]) {
      expect(error.message).toContain(place);
    }
  });
});

describe('iamAuthorizer for one API', () => {
  const clock = createClock(() => Date.parse('2015-08-30T12:36:00Z'));
  const api = (overrides: Partial<NormalizedApi>): NormalizedApi => ({
    name: 'orders',
    endpoint: new URL(`${orders}/`),
    region: undefined,
    service: undefined,
    authorizationType: 'AWS_IAM',
    apiKey: undefined,
    headers: undefined,
    path: 'custom.API.orders',
    ...overrides,
  });
  const config: NormalizedConfig = {
    style: 'amplify_outputs',
    apis: new Map(),
    userPool: undefined,
    identityPool: { poolId: identityPoolId, region: 'us-east-1', path: 'auth.identity_pool_id' },
    defaultAuthMode: undefined,
    headers: undefined,
  };
  const credentials = { accessKeyId: 'AKID', secretAccessKey: testSecrets.secretAccessKey };
  const scopeOf = async (input: NormalizedApi, url: string) => {
    const made = iamAuthorizer({ credentials })({ api: input, config, clock });
    const signer = Array.isArray(made) ? made[0] : made;
    const request = new Request(url);
    await signer.apply(request, interceptorContext({ clock }));
    return /Credential=AKID\/\d{8}\/([^,]+)\/aws4_request/.exec(
      request.headers.get('authorization') ?? '',
    )?.[1];
  };

  it('reads region and service from an execute-api endpoint', async () => {
    expect(await scopeOf(api({}), `${orders}/x`)).toBe('us-east-1/execute-api');
  });

  it("lets the endpoint's region and service win over an entry that contradicts them: aws4 verifies it for the host's", async () => {
    const made = iamAuthorizer({ credentials: guestRole })({
      api: api({ region: 'eu-west-1', service: 'lambda' }),
      config,
      clock: createClock(),
    });
    const signer = Array.isArray(made) ? made[0] : made;
    const request = new Request(`${orders}/x`);
    await signer.apply(request, interceptorContext());
    expect(request.headers.get('authorization')).toContain('/us-east-1/execute-api/aws4_request');
    expect(
      await verifyFetchRequest(request, {
        credentials: [guestRole],
        region: 'us-east-1',
        service: 'execute-api',
      }),
    ).toEqual({ ok: true });
  });

  it("signs a custom domain for the entry's region and service", async () => {
    const custom = api({
      endpoint: new URL('https://api.example.com/v1/'),
      region: 'ap-south-1',
      service: 'lambda',
    });
    expect(await scopeOf(custom, 'https://api.example.com/v1/x')).toBe('ap-south-1/lambda');
  });

  it('signs for execute-api on a custom domain with a region', async () => {
    const custom = api({ endpoint: new URL('https://api.example.com/v1/'), region: 'ap-south-1' });
    expect(await scopeOf(custom, 'https://api.example.com/v1/x')).toBe('ap-south-1/execute-api');
  });

  it("refuses a call's logins without an identity pool, or logins that are not a record, sending nothing", async () => {
    const withoutPool = iamAuthorizer({ credentials })({
      api: api({}),
      config: { ...config, identityPool: undefined },
      clock,
    });
    const signer = (Array.isArray(withoutPool) ? withoutPool[0] : withoutPool) as Interceptor;
    const logins = { [providerName]: token };
    await expect(
      signer.apply(new Request(`${orders}/x`), interceptorContext({ clock, options: { logins } })),
    ).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_INVALID' });
    const made = iamAuthorizer({ credentials })({ api: api({}), config, clock });
    const withPool = (Array.isArray(made) ? made[0] : made) as Interceptor;
    await expect(
      withPool.apply(new Request(`${orders}/x`), interceptorContext({ clock, options: { logins: token } })),
    ).rejects.toMatchObject({ code: 'ERR_LOGINS_PROVIDER_FAILED' });
  });

  it('fails at load time with ERR_CONFIG_MISSING_REGION for a custom domain without a region', async () => {
    const error = await caught(() =>
      iamAuthorizer({ credentials })({
        api: api({ endpoint: new URL('https://api.example.com/v1/') }),
        config,
        clock,
      }),
    );
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_MISSING_REGION',
      path: 'custom.API.orders.region',
    });
    expect(error.message).toContain('api.example.com');
  });
});
