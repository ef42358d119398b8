import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import {
  authHooks as authHooks2,
  ConfigError,
  CredentialsError,
  type FromConfigProviders,
  fromConfig,
  KyAuthError,
  RequestPolicyError,
  TokenError,
} from '@ky-auth/core';
import { followRedirects } from '@ky-auth/core/follow-redirects';
import { authOptions as authOptions1 } from '@ky-auth/core/ky1';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer, iamSigner } from '@ky-auth/iam-signer';
import { oidcAuthorizer, oidcToken } from '@ky-auth/oidc-token';
import { secretCollector } from '@ky-auth/test-kit';
import { apiGateway, gatewayIamAuthorizer } from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  type AuthOptionsOf,
  credentials,
  executeApi,
  gen2Config,
  type KyAuth,
  type KyBase,
  kys,
  region,
  secrets,
} from './lib/fixtures.ts';

// One test (or more) for each promise SECURITY.md makes, in its order, through fromConfig, authHooks (ky 2)
// and authOptions (ky 1). The other files of this folder cover some promises in depth; each is named where it is.

const collector = secretCollector(secrets);

/** Everything that reached any origin: where, and with which headers. */
const arrived: { url: string; headers: Record<string, string> }[] = [];
const record = (request: Request) => {
  arrived.push({ url: request.url, headers: Object.fromEntries(request.headers) });
};
const api = executeApi('security');
const elsewhere = 'https://elsewhere.security.test';

// The IAM stand-in checks that a same-origin redirect is followed with a signature made for the new URL.
const iamStandIn = gatewayIamAuthorizer({ credentials: [credentials], region });
const gateway = apiGateway({
  endpoint: api,
  authorizer: null,
  routes: [
    {
      path: '/moved',
      authorizer: iamStandIn,
      handler: () => new Response(null, { status: 307, headers: { location: `${api}/signed/7` } }),
    },
    { path: '/signed/{id}', authorizer: iamStandIn },
    {
      path: '/away',
      handler: () => new Response(null, { status: 302, headers: { location: `${elsewhere}/landing` } }),
    },
    { path: '/{proxy+}' },
  ],
});
const server = setupServer(
  http.all(`${api}/*`, ({ request }) => {
    record(request);
    return undefined;
  }),
  ...gateway.handlers,
  http.all(`${elsewhere}/*`, ({ request }) => {
    record(request);
    return HttpResponse.json({ elsewhere: true });
  }),
  http.all('http://*/*', ({ request }) => {
    record(request);
    return HttpResponse.json({ plain: true });
  }),
);

let restoreConsole: () => void = () => undefined;
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  restoreConsole = collector.captureConsole();
});
afterEach(() => {
  arrived.length = 0;
  gateway.reset();
});
afterAll(() => {
  restoreConsole();
  server.close();
});

/** What the ky-major tests call, on a client of either major. */
interface Sender {
  get(input: string): Promise<unknown>;
  post(input: string, options: { json: unknown }): Promise<unknown>;
}

const credentialHeaders = ['authorization', 'x-api-key', 'x-amz-security-token', 'x-amz-date', 'x-tenant'];
const carried = (headers: Record<string, string>) => credentialHeaders.filter((name) => name in headers);

/**
 * An API of each kind of credential a header carries, all on one configuration, for the ky major the
 * clients use (`authOptions` for ky 1, undefined for ky 2).
 */
const configured = (
  authOptions: AuthOptionsOf,
  providers: Pick<FromConfigProviders, 'redirects' | 'fetch'> = {},
) =>
  fromConfig(
    gen2Config({
      iam: { endpoint: api, authorizationType: 'AWS_IAM' },
      key: { endpoint: api, authorizationType: 'API_KEY', apiKey: secrets.apiKey },
      oidc: { endpoint: api, authorizationType: 'OPENID_CONNECT' },
    }),
    {
      authOptions,
      authorizers: {
        AWS_IAM: iamAuthorizer({ credentials }),
        API_KEY: apiKeyAuthorizer(),
        OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: () => secrets.opaqueToken }),
      },
      headers: { 'x-tenant': secrets.headerSecret },
      customHeaders,
      ...providers,
    },
  );

describe.each(kys)('through ky $major', ({ major, base, install, authOptions }) => {
  const prefixed = (prefix: string, auth: KyAuth) =>
    major === 1
      ? base.create({ prefixUrl: prefix, ...auth, retry: 0 } as never)
      : base.create({ prefix, ...auth, retry: 0 });

  describe('Credentials go only to the endpoint they belong to', () => {
    it.each(['iam', 'key', 'oidc'])(
      "fromConfig's %s API: its origin gets them, another origin none",
      async (name) => {
        const apis = configured(authOptions);
        const client = base.create({ ...apis.options(name), retry: 0 });
        await client.get(`${api}/items`);
        await client.get(`${elsewhere}/items`, { headers: { 'x-caller': 'mine' } });
        const [own, other] = arrived as [(typeof arrived)[number], (typeof arrived)[number]];
        expect(carried(own.headers).length).toBeGreaterThan(0);
        expect(carried(other.headers)).toEqual([]);
        // Headers the caller sets on a call go wherever the call goes.
        expect(other.headers['x-caller']).toBe('mine');
      },
    );

    it("authHooks' endpoint decides the origin; hooks with interceptors and no endpoint are refused when made", async () => {
      const bare = base.create({ ...install([apiKey(secrets.apiKey)], { endpoint: api }), retry: 0 });
      await bare.get(`${api}/a`);
      await bare.get(`${elsewhere}/a`);
      expect(arrived.map(({ url, headers }) => [url, headers['x-api-key'] ?? null])).toEqual([
        [`${api}/a`, secrets.apiKey],
        [`${elsewhere}/a`, null],
      ]);
      let error: unknown;
      try {
        // @ts-expect-error the mistake under test: it does not compile either (types/auth-hooks.test-d.ts)
        prefixed(`${api}/`, install([apiKey(secrets.apiKey)]));
      } catch (thrown) {
        error = collector.collect(thrown);
      }
      expect(error).toBeInstanceOf(ConfigError);
      const door = major === 1 ? 'authOptions' : 'authHooks';
      expect(error).toMatchObject({ code: 'ERR_CONFIG_MISSING_ENDPOINT', path: `${door}.endpoint` });
      expect((error as Error).message).toContain(`${door}(interceptors, { endpoint: 'https://`);
    });
  });

  describe('Never over plain http:, except to loopback, unless you opt in', () => {
    it.each([
      'http://api.security.test/prod/',
      'http://10.0.0.1/prod/',
      'http://localhost.evil.test/prod/',
      // Names under .localhost go through the resolver (Node's fetch asks DNS): not loopback.
      'http://api.localhost:8123/',
      'http://evil.com%2elocalhost:8123/',
    ])('%s: ERR_INSECURE_TRANSPORT, not sent', async (endpoint) => {
      const error = await collector.rejection(
        prefixed(endpoint, install([apiKey(secrets.apiKey)], { endpoint })).get('x'),
      );
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
      expect(arrived).toEqual([]);
    });

    it.each(['http://localhost:8123/', 'http://127.8.9.10:8123/', 'http://[::1]:8123/'])(
      '%s (loopback): sent with credentials',
      async (endpoint) => {
        await prefixed(endpoint, install([apiKey(secrets.apiKey)], { endpoint })).get('x');
        expect(arrived.map(({ headers }) => headers['x-api-key'])).toEqual([secrets.apiKey]);
      },
    );

    it('a configuration with such an endpoint: ERR_CONFIG_INSECURE_ENDPOINT; allowInsecureHttp lifts both', async () => {
      const config = gen2Config({
        api: {
          endpoint: 'http://api.security.test/prod',
          authorizationType: 'API_KEY',
          apiKey: secrets.apiKey,
        },
      });
      let error: unknown;
      try {
        fromConfig(config, { authOptions, authorizers: { API_KEY: apiKeyAuthorizer() } });
      } catch (thrown) {
        error = collector.collect(thrown);
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'ERR_CONFIG_INSECURE_ENDPOINT' });
      const apis = fromConfig(config, {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer() },
        allowInsecureHttp: true,
      });
      await apis.client('api', base).get('x', { retry: 0 });
      await prefixed(
        'http://api.security.test/prod/',
        install([apiKey(secrets.apiKey)], {
          endpoint: 'http://api.security.test/prod/',
          allowInsecureHttp: true,
        }),
      ).get('y');
      expect(arrived.map(({ headers }) => headers['x-api-key'])).toEqual([secrets.apiKey, secrets.apiKey]);
    });
  });

  describe('Credentials never follow a redirect unless you opt in', () => {
    it.each([
      ['a same-origin', 'iam', 'moved'],
      ['a cross-origin', 'key', 'away'],
    ])(
      '%s redirect, by default: ERR_REDIRECT_WITH_CREDENTIALS naming followRedirects(), nothing reaches the target',
      async (_, name, path) => {
        const error = await collector.rejection(
          configured(authOptions).client(name, base).get(path, { retry: 0 }),
        );
        expect(error).toBeInstanceOf(RequestPolicyError);
        expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
        expect((error as Error).message).toContain('followRedirects()');
        expect(arrived.map(({ url }) => url)).toEqual([`${api}/${path}`]);
        expect(gateway.calls.map(({ path }) => path)).toEqual([`/prod/${path}`]);
      },
    );

    it("a call that asks for redirect: 'manual' gets the redirect itself, and nothing follows it", async () => {
      const response = await configured(authOptions)
        .client('key', base)
        .get('away', { retry: 0, redirect: 'manual', throwHttpErrors: false });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`${elsewhere}/landing`);
      expect(arrived.map(({ url }) => url)).toEqual([`${api}/away`]);
    });

    it('with followRedirects(), a same-origin redirect is followed with credentials made afresh for the new URL (SigV4 accepted)', async () => {
      const apis = configured(authOptions, { redirects: followRedirects() });
      const response = await apis.client('iam', base).get('moved', { retry: 0 });
      expect(response.status).toBe(200);
      expect(gateway.calls.map(({ path, outcome }) => [path, outcome])).toEqual([
        ['/prod/moved', 'accepted'],
        ['/prod/signed/7', 'accepted'],
      ]);
    });

    it('with followRedirects(), a cross-origin redirect fails with ERR_CROSS_ORIGIN_REDIRECT and is not followed', async () => {
      const apis = configured(authOptions, { redirects: followRedirects() });
      const error = await collector.rejection(apis.client('key', base).get('away', { retry: 0 }));
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_CROSS_ORIGIN_REDIRECT' });
      expect(arrived.map(({ url }) => url)).toEqual([`${api}/away`]);
    });

    it.each([
      ['by default', {}],
      ['with followRedirects()', { redirects: followRedirects() }],
    ])(
      'in a browser, where a redirect is opaque to scripts, %s: ERR_REDIRECT_WITH_CREDENTIALS',
      async (_, providers) => {
        // What fetch gives a page for a redirect with `redirect: 'manual'` (status 0 there; fetch in Node
        // cannot make that status, and ky-auth looks at the type).
        const opaqueRedirect = (): Response => {
          const response = new Response(null, { status: 200 });
          // ky hands hooks a clone: the clone of an opaque redirect is one too.
          Object.defineProperties(response, {
            type: { value: 'opaqueredirect' },
            clone: { value: opaqueRedirect },
          });
          return response;
        };
        const opaque = async () => opaqueRedirect();
        // ky 2 sends through the client's fetch; ky 1 through authOptions', which sends through `fetch`.
        const client = configured(authOptions, { ...providers, fetch: opaque }).client(
          'key',
          base.create({ fetch: opaque }),
        );
        const error = await collector.rejection(client.get('moved', { retry: 0 }));
        expect(error).toBeInstanceOf(RequestPolicyError);
        expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
      },
    );

    it("with followRedirects({ crossOrigin: 'follow-without-credentials' }): followed with the caller's headers only, less authorization, cookie, proxy-authorization", async () => {
      const apis = fromConfig(
        gen2Config({ key: { endpoint: api, authorizationType: 'API_KEY', apiKey: secrets.apiKey } }),
        {
          authOptions,
          authorizers: { API_KEY: apiKeyAuthorizer() },
          headers: { 'x-tenant': secrets.headerSecret },
          customHeaders,
          redirects: followRedirects({ crossOrigin: 'follow-without-credentials' }),
        },
      );
      await apis.client('key', base).get('away', {
        retry: 0,
        throwHttpErrors: false,
        headers: {
          'x-caller': 'kept',
          authorization: `Bearer ${secrets.opaqueToken}`,
          cookie: `session=${secrets.refreshToken}`,
          'proxy-authorization': `Basic ${secrets.password}`,
        },
      });
      const [first, landing] = arrived as [(typeof arrived)[number], (typeof arrived)[number]];
      expect(carried(first.headers)).toEqual(['authorization', 'x-api-key', 'x-tenant']);
      expect(landing.url).toBe(`${elsewhere}/landing`);
      expect(landing.headers['x-caller']).toBe('kept');
      expect(carried(landing.headers)).toEqual([]);
      expect(landing.headers.cookie).toBeUndefined();
      expect(landing.headers['proxy-authorization']).toBeUndefined();
    });
  });

  describe('Nothing ky-auth throws or logs contains a secret', () => {
    // Every file of this folder collects what it catches and what is logged, and ends by checking it.
    it("your own code's error is kept unchanged as the cause", async () => {
      const mine = new Error('my provider failed');
      const failing = () => {
        throw mine;
      };
      const apis = fromConfig(
        gen2Config({
          iam: { endpoint: api, authorizationType: 'AWS_IAM' },
          key: { endpoint: api, authorizationType: 'API_KEY' },
          oidc: { endpoint: api, authorizationType: 'OPENID_CONNECT' },
          cognito: { endpoint: api, authorizationType: 'AMAZON_COGNITO_USER_POOLS' },
          none: { endpoint: api, authorizationType: 'NONE' },
        }),
        {
          authOptions,
          authorizers: {
            AWS_IAM: iamAuthorizer({ credentials: failing }),
            API_KEY: apiKeyAuthorizer({ key: failing }),
            OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: failing }),
            AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: failing }),
          },
          headers: ({ apiName }) => (apiName === 'none' ? failing() : {}),
          customHeaders,
        },
      );
      for (const [name, type] of [
        ['iam', CredentialsError],
        ['key', CredentialsError],
        ['oidc', TokenError],
        ['cognito', TokenError],
        ['none', KyAuthError],
      ] as const) {
        const error = await collector.rejection(apis.client(name, base).get('x', { retry: 0 }));
        expect(error).toBeInstanceOf(type);
        expect((error as Error).cause).toBe(mine);
      }
      expect(arrived).toEqual([]);
    });
  });

  describe('A failed auth step fails the request; nothing is sent unauthenticated instead', () => {
    // faults.test.ts fails every remote step and every provider in every way; hostile-input.test.ts
    // gives every source invalid values. Here: the exceptions you ask for.
    const failingApis = (extra: Parameters<typeof fromConfig>[1] = {}) =>
      fromConfig(gen2Config({ key: { endpoint: api, authorizationType: 'API_KEY' } }), {
        authOptions,
        authorizers: {
          API_KEY: apiKeyAuthorizer({
            key: () => {
              throw new Error('no key today');
            },
          }),
        },
        ...extra,
      });

    it("context: { authMode: 'none' } sends that call without any interceptor (the failing provider is not asked)", async () => {
      const error = await collector.rejection(failingApis().client('key', base).get('x', { retry: 0 }));
      expect(error).toMatchObject({ code: 'ERR_API_KEY_PROVIDER_FAILED' });
      expect(arrived).toEqual([]);
      const response = await failingApis()
        .client('key', base)
        .get('health', { retry: 0, context: { authMode: 'none' } });
      expect(response.status).toBe(200);
      expect(carried(arrived[0]?.headers ?? {})).toEqual([]);
    });

    it("defaultAuthMode: 'none' sends every call without auth unless it asks for it", async () => {
      const apis = failingApis({ libraryOptions: { API: { REST: { defaultAuthMode: 'none' } } } });
      expect((await apis.client('key', base).get('x', { retry: 0 })).status).toBe(200);
      const error = await collector.rejection(
        apis.client('key', base).get('y', { retry: 0, context: { authMode: 'default' } }),
      );
      expect(error).toMatchObject({ code: 'ERR_API_KEY_PROVIDER_FAILED' });
      expect(arrived.map(({ url }) => url)).toEqual([`${api}/x`]);
    });
  });

  describe('Caches are bounded', () => {
    // soak.test.ts: 20,000 requests with rotating credentials and tokens, heap bounded; stampede.test.ts:
    // one refresh for 1,000 waiting requests; loops.test.ts: one re-authorized retry at most.
    it('a token interceptor tells its own token from one you set: a 401 to yours is not retried', async () => {
      let calls = 0;
      let tokens = 0;
      const unauthorized = async () => {
        calls += 1;
        return new Response('{"message":"Unauthorized"}', { status: 401 });
      };
      const token = oidcToken({
        getLatestAuthToken: () => {
          tokens += 1;
          return `${secrets.opaqueToken}-${tokens}`;
        },
      });
      const client = base.create({ ...install([token], { endpoint: api, fetch: unauthorized }), retry: 0 });
      await collector.rejection(client.get(`${api}/x`, { headers: { authorization: 'mine' } }));
      expect([calls, tokens]).toEqual([1, 0]);
      await collector.rejection(client.get(`${api}/y`));
      expect([calls, tokens]).toEqual([3, 2]);
    });
  });
});

describe('A failed auth step fails the request: hooks made for the other ky major', () => {
  const keyOnly = gen2Config({
    key: { endpoint: api, authorizationType: 'API_KEY', apiKey: secrets.apiKey },
  });
  const fromKeyOnly = (authOptions: AuthOptionsOf) =>
    fromConfig(keyOnly, { authOptions, authorizers: { API_KEY: apiKeyAuthorizer() } });
  // ky retries what fails (ky 1 even an error a hook throws): no retry may turn into a request either.
  const retry = { limit: 2, backoffLimit: 1 };
  const onKy1 = (auth: KyAuth) => ky1.create({ prefixUrl: api, ...auth, retry });
  const onKy2 = (auth: KyAuth) => ky2.create({ prefix: api, ...auth, retry });
  // Async wrappers: a mismatched client() may throw at the call rather than reject.
  const sends = async (client: () => Sender) => [
    await collector.rejection((async () => client().get('items'))()),
    await collector.rejection(
      (async () => client().post('items', { json: { secret: secrets.headerSecret } }))(),
    ),
  ];

  it.each([
    [
      'ky 2 hooks on a ky 1 client',
      () => onKy1({ hooks: authHooks2([apiKey(secrets.apiKey)], { endpoint: api }) }),
      '@ky-auth/core/ky1',
    ],
    [
      'ky 1 options on a ky 2 client',
      () => onKy2(authOptions1([apiKey(secrets.apiKey)], { endpoint: api })),
      '@ky-auth/core',
    ],
    [
      "fromConfig's default (ky 2) hooks on a ky 1 client",
      () => onKy1(fromKeyOnly(undefined).options('key')),
      '@ky-auth/core/ky1',
    ],
    [
      "fromConfig's ky 1 options on a ky 2 client",
      () => onKy2(fromKeyOnly(authOptions1).options('key')),
      '@ky-auth/core',
    ],
  ])(
    '%s: every request fails with ERR_KY_MAJOR naming the import to use, and nothing reaches the API',
    async (_, client, fix) => {
      for (const error of await sends(client)) {
        expect(error).toBeInstanceOf(KyAuthError);
        expect(error).toMatchObject({ code: 'ERR_KY_MAJOR' });
        expect((error as Error).message).toContain(`'${fix}'`);
      }
      expect(arrived).toEqual([]);
      expect(gateway.count()).toBe(0);
    },
  );

  it.each([
    [
      "fromConfig's default (ky 2) client() extending a ky 1 instance",
      () => fromKeyOnly(undefined).client('key', ky1.create({ retry }) as unknown as KyBase),
    ],
    [
      "fromConfig's ky 1 client() extending a ky 2 instance",
      () => fromKeyOnly(authOptions1).client('key', ky2.create({ retry })),
    ],
  ])('%s: client() fails at once with ERR_KY_MAJOR, and nothing reaches the API', async (_, client) => {
    let error: unknown;
    try {
      client();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(KyAuthError);
    expect(error).toMatchObject({ code: 'ERR_KY_MAJOR' });
    expect((error as Error).message).toContain('authOptions');
    expect(arrived).toEqual([]);
    expect(gateway.count()).toBe(0);
  });
});

describe('SigV4 signatures and the storage of the page', () => {
  it('ky-auth keeps what it caches in memory only: no web storage, cookie or IndexedDB is touched', async () => {
    const touched: string[] = [];
    const spy = (name: string) =>
      new Proxy(
        {},
        {
          get: (_target, property) => {
            touched.push(`${name}.${String(property)}`);
            return undefined;
          },
          set: (_target, property) => {
            touched.push(`${name}.${String(property)}=`);
            return true;
          },
        },
      );
    const globals = ['localStorage', 'sessionStorage', 'indexedDB', 'document'] as const;
    const saved = globals.map((name) => Object.getOwnPropertyDescriptor(globalThis, name));
    for (const name of globals) {
      Object.defineProperty(globalThis, name, { value: spy(name), configurable: true, writable: true });
    }
    // The API is ky's fetch, in process: msw's own logger reads localStorage.
    const ok = async () => Response.json({});
    try {
      const apis = configured(undefined);
      for (const name of ['iam', 'key', 'oidc']) {
        await apis.client(name, ky2.create({ fetch: ok })).get('items', { retry: 0 });
      }
      const userPool = userPoolAuthorizer({ tokens: () => secrets.opaqueToken });
      const withSession = fromConfig(
        gen2Config({ pool: { endpoint: api, authorizationType: 'AMAZON_COGNITO_USER_POOLS' } }),
        {
          authorizers: { AMAZON_COGNITO_USER_POOLS: userPool },
        },
      );
      await withSession.client('pool', ky2.create({ fetch: ok })).get('items', { retry: 0 });
      await ky2
        .create({
          fetch: ok,
          hooks: authHooks2([iamSigner({ credentials: async () => credentials })], { endpoint: api }),
        })
        .get(`${api}/x`);
    } finally {
      globals.forEach((name, index) => {
        const descriptor = saved[index];
        if (descriptor === undefined) delete (globalThis as Record<string, unknown>)[name];
        else Object.defineProperty(globalThis, name, descriptor);
      });
    }
    // `document` is read to tell a browser from Node (CORS hints), never written or used for storage.
    expect(touched.filter((access) => !/^document\.(location|constructor)$/.test(access))).toEqual([]);
  });
});

it('ky-auth logged nothing, and leaked no secret in anything thrown', () => {
  expect(collector.logged).toEqual([]);
  expect(collector.size).toBeGreaterThan(50);
  expect(collector.leaks()).toEqual([]);
});
