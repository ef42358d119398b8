import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { ConfigError, defineAuthorizer, fromConfig, type Interceptor } from '@ky-auth/core';
import { authOptions as authOptions1 } from '@ky-auth/core/ky1';
import { customHeaders } from '@ky-auth/custom-headers';
import type { KyInstance } from 'ky';
import ky1, { type KyInstance as Ky1Instance } from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const ordersEndpoint = 'https://orders.execute-api.us-west-2.amazonaws.com/prod';
const publicEndpoint = 'https://public.execute-api.us-west-2.amazonaws.com/prod';
const secretKey = 'da2-verysecretapikey0123456789';

/** The native amplifyconfiguration.json of the seeds, with real endpoints in place of placeholders. */
const nativeConfig = {
  api: {
    plugins: {
      awsAPIPlugin: {
        orders: {
          endpointType: 'REST',
          endpoint: ordersEndpoint,
          region: 'us-west-2',
          authorizationType: 'API_KEY',
          apiKey: secretKey,
        },
        public: {
          endpointType: 'REST',
          endpoint: publicEndpoint,
          region: 'us-west-2',
          authorizationType: 'NONE',
        },
        graph: {
          endpointType: 'GraphQL',
          endpoint: 'https://graph.appsync-api.us-west-2.amazonaws.com/graphql',
          region: 'us-west-2',
          authorizationType: 'API_KEY',
          apiKey: secretKey,
        },
      },
    },
  },
};

const received: { url: string; headers: Record<string, string> }[] = [];
const server = setupServer(
  http.all('https://*.execute-api.us-west-2.amazonaws.com/*', ({ request }) => {
    received.push({ url: request.url, headers: Object.fromEntries(request.headers) });
    return HttpResponse.json({ ok: true });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

const catchError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('fromConfig', () => {
  const apis = fromConfig(nativeConfig, { authorizers: { API_KEY: apiKeyAuthorizer() } });

  it('lists the REST APIs and gives each a ky client whose prefix is its endpoint', async () => {
    expect(apis.names).toEqual(['orders', 'public']);
    await apis.client('orders').get('items/1').json();
    await apis.client('public').get('status').json();
    expect(received.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
      [`${ordersEndpoint}/items/1`, secretKey],
      [`${publicEndpoint}/status`, undefined],
    ]);
  });

  it.each([
    ['ky 1', ky1, authOptions1],
    ['ky 2', ky2, undefined],
  ])('extends a %s instance the caller already has', async (_major, base, authOptions) => {
    const apis = fromConfig(nativeConfig, { authOptions, authorizers: { API_KEY: apiKeyAuthorizer() } });
    // Typed as the ky this repository resolves (2); a ky 1 project's `ky` import is typed as ky 1.
    const mine = base.create({ headers: { 'x-app': 'mine' } }) as unknown as KyInstance;
    await apis.client('orders', mine).get('items').json();
    await base.create({ ...apis.options('orders') }).get(`${ordersEndpoint}/direct`);
    expect(
      received.map((request) => [request.url, request.headers['x-api-key'], request.headers['x-app']]),
    ).toEqual([
      [`${ordersEndpoint}/items`, secretKey, 'mine'],
      [`${ordersEndpoint}/direct`, secretKey, undefined],
    ]);
  });

  it("returns a client of the extended instance's own type: a ky 1 instance for a ky 1 app", async () => {
    const ky1Apis = fromConfig(nativeConfig, {
      authOptions: authOptions1,
      authorizers: { API_KEY: apiKeyAuthorizer() },
    });
    // Compiles only because client() returns ky 1's instance type for a ky 1 base: no cast needed.
    const orders: Ky1Instance = ky1Apis.client('orders', ky1.create({ headers: { 'x-app': 'mine' } }));
    await orders.get('items').json();
    expect(received.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
      [`${ordersEndpoint}/items`, secretKey],
    ]);
  });

  it('keeps the key of one API off requests to another origin', async () => {
    await ky2.create({ hooks: apis.hooks('orders') }).get(`${publicEndpoint}/status`);
    expect(received[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('says which API is GraphQL or unknown, listing the REST ones', () => {
    expect(catchError(() => apis.client('graph'))).toMatchObject({
      code: 'ERR_CONFIG_NOT_REST',
      path: 'api.plugins.awsAPIPlugin.graph',
    });
    // The file's type is known here, so the types refuse the name too: this is the run-time refusal.
    // @ts-expect-error 'invoices' is none of the file's API names
    const unknown = catchError(() => apis.hooks('invoices'));
    expect(unknown).toMatchObject({ code: 'ERR_CONFIG_UNKNOWN_API' });
    expect((unknown as Error).message).toContain('"orders"');
  });

  it('fails at fromConfig time when an authorization type has no authorizer, naming the one to pass', () => {
    const error = catchError(() => fromConfig(nativeConfig));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_MISSING_PROVIDER',
      path: 'api.plugins.awsAPIPlugin.orders.authorizationType',
    });
    expect((error as Error).message).toContain('apiKeyAuthorizer() from @ky-auth/api-key');
    expect((error as Error).message).not.toContain(secretKey);
  });
});

describe('fromConfig with custom headers', () => {
  const awsExports = {
    aws_project_region: 'us-west-2',
    aws_cloud_logic_custom: [
      {
        name: 'orders',
        endpoint: ordersEndpoint,
        region: 'us-west-2',
        custom_header: async () => ({ 'x-scope': 'endpoint', 'x-endpoint-only': 'yes' }),
      },
    ],
  };

  it('needs customHeaders when the file has a custom_header function', () => {
    const error = catchError(() =>
      fromConfig(awsExports, { authorizers: { AWS_IAM: defineAuthorizer('AWS_IAM', () => []) } }),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_MISSING_PROVIDER', path: 'aws_cloud_logic_custom[0]' });
  });

  it('lets per-request headers win over per-endpoint ones, and those over global ones', async () => {
    const apis = fromConfig(awsExports, {
      authorizers: { AWS_IAM: defineAuthorizer('AWS_IAM', () => []) },
      customHeaders,
      headers: ({ apiName }) => ({
        'x-scope': 'global',
        'x-global-only': String(apiName),
        'x-request': 'global',
      }),
    });
    await apis.client('orders').get('items', { headers: { 'x-request': 'request' } });
    expect(received[0]?.headers).toMatchObject({
      'x-scope': 'endpoint',
      'x-endpoint-only': 'yes',
      'x-global-only': 'orders',
      'x-request': 'request',
    });
  });

  it("honours Gen2's defaultAuthMode 'none': headers go, signing only when a call asks", async () => {
    const gen2 = { API: { REST: { orders: { endpoint: ordersEndpoint, region: 'us-west-2' } } } };
    const libraryOptions = {
      API: { REST: { defaultAuthMode: 'none', headers: async () => ({ 'x-api-key': 'k' }) } },
    };
    const stubSigner = defineAuthorizer(
      'AWS_IAM',
      (): Interceptor => ({
        name: 'stub-signer',
        stage: 'sign',
        apply: (request) => request.headers.set('x-signed', 'yes'),
      }),
    );
    const apis = fromConfig(gen2, { authorizers: { AWS_IAM: stubSigner }, customHeaders, libraryOptions });
    await apis.client('orders').get('public');
    await apis.client('orders').get('private', { context: { authMode: 'default' } });
    expect(received.map((request) => [request.headers['x-api-key'], request.headers['x-signed']])).toEqual([
      ['k', undefined],
      ['k', 'yes'],
    ]);
    expect(() => fromConfig(gen2, { customHeaders, libraryOptions })).not.toThrow();
  });
});
