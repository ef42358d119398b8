import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, apiKeyAuthorizer } from '@ky-auth/api-key';
import {
  configErrorCodes,
  defineAuthorizer,
  type FromConfigProviders,
  fromConfig,
  type Interceptor,
} from '@ky-auth/core';
import { authOptions as authOptions1 } from '@ky-auth/core/ky1';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { caught } from '@ky-auth/test-kit';
import {
  configureArguments,
  restEndpoint,
  seed,
  seedJson,
  withoutLineNumbers,
} from '@ky-auth/test-kit/amplify-seeds';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The seed pages' endpoints: the substituted placeholder of the native pages, and Gen1 JavaScript's own.
const gen1Endpoint = 'https://xyz.execute-api.us-east-1.amazonaws.com/Development';
const otherEndpoint = 'https://b1b2b3b4b5.execute-api.us-west-2.amazonaws.com/prod';
const keyInFile = '[API_KEY]'; // seed 002's API key, as printed
const credentials = { accessKeyId: 'AKIDCONFIG', secretAccessKey: 'config/secret/DoNotLeak0123456789' };

const received: { url: string; headers: Record<string, string> }[] = [];
const server = setupServer(
  http.all(`${restEndpoint}/*`, ({ request }) => record(request)),
  http.all(`${otherEndpoint}/*`, ({ request }) => record(request)),
  http.all(`${gen1Endpoint}/*`, ({ request }) => record(request)),
);
function record(request: Request) {
  received.push({ url: request.url, headers: Object.fromEntries(request.headers) });
  return HttpResponse.json({ ok: true });
}
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

/** The ConfigError `run` throws, checked to be one with a listed code. */
async function configError(run: () => unknown) {
  const error = await caught(run);
  expect(error.name).toBe('ConfigError');
  expect(configErrorCodes).toContain((error as { code?: string }).code);
  return error as Error & { code: string; path: string };
}

// Seed 002's API_KEY entry and its IAM entry, as printed but for the placeholder endpoint.
const apiKeySeed = () => seedJson('002-native-1.json') as { awsAPIPlugin: Record<string, object> };
const iamSeed = () => seedJson('002-native-0.json') as { awsAPIPlugin: Record<string, object> };
const apiName = '<YOUR-RESTENDPOINT-NAME>';

describe('fromConfig refuses authorizers of the wrong shape or type, before any request', () => {
  it('an authorizer maker passed uncalled: { API_KEY: apiKeyAuthorizer } → call it', async () => {
    const error = await configError(() =>
      fromConfig(apiKeySeed(), {
        authorizers: { API_KEY: apiKeyAuthorizer } as unknown as FromConfigProviders['authorizers'],
      }),
    );
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.authorizers.API_KEY',
    });
    expect(error.message).toContain('call it, as { API_KEY: apiKeyAuthorizer() }');
    expect(received).toEqual([]);
  });

  it('an IAM authorizer under API_KEY: its APIs would go out without their key', async () => {
    const error = await configError(() =>
      fromConfig(apiKeySeed(), { authorizers: { API_KEY: iamAuthorizer({ credentials }) } }),
    );
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.authorizers.API_KEY',
    });
    expect(error.message).toContain('serves AWS_IAM, not API_KEY');
    expect(error.message).toContain('Pass { API_KEY: apiKeyAuthorizer() }');
  });

  it('an API key authorizer under the spelling IAM, for an IAM entry', async () => {
    const error = await configError(() =>
      fromConfig(iamSeed(), { authorizers: { IAM: apiKeyAuthorizer() } }),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_PROVIDER', path: 'providers.authorizers.IAM' });
    expect(error.message).toContain('serves API_KEY, not AWS_IAM');
  });

  it.each<[string, unknown, string]>([
    [
      'a key string',
      'da2-pasted-key-DoNotLeak',
      'expected an authorizer, as { API_KEY: apiKeyAuthorizer() }, got a string',
    ],
    ['an interceptor', apiKey('da2-pasted-key-DoNotLeak'), 'got an interceptor'],
    ['a plain function', () => apiKey('da2-pasted-key-DoNotLeak'), "defineAuthorizer('API_KEY', build)"],
  ])('%s under API_KEY', async (_what, factory, message) => {
    const error = await configError(() =>
      fromConfig(apiKeySeed(), { authorizers: { API_KEY: factory } as FromConfigProviders['authorizers'] }),
    );
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.authorizers.API_KEY',
    });
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('DoNotLeak');
  });

  it.each<[string, unknown, string]>([
    ['an unknown stage', { name: 'x', stage: 'signing', apply() {} }, 'got an object of another shape'],
    ['no apply', { name: 'x', stage: 'auth' }, 'got an object of another shape'],
    ['no name', { stage: 'auth', apply() {} }, 'got an object of another shape'],
    [
      'headerNames of a string',
      { name: 'x', stage: 'auth', apply() {}, headerNames: 'x-key' },
      'another shape',
    ],
    ['nothing', undefined, 'got nothing'],
  ])('a factory that returns an interceptor with %s', async (_what, returned, message) => {
    const factory = defineAuthorizer('API_KEY', () => returned as Interceptor);
    const error = await configError(() => fromConfig(apiKeySeed(), { authorizers: { API_KEY: factory } }));
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.authorizers.API_KEY(…)',
    });
    expect(error.message).toContain(message);
    expect(error.message).toContain(
      "expected an interceptor, { name, stage: 'headers' | 'auth' | 'sign', apply }",
    );
  });

  it('a factory that returns a factory: a maker called once too few', async () => {
    const twice = defineAuthorizer('API_KEY', () => apiKeyAuthorizer() as unknown as Interceptor);
    const error = await configError(() => fromConfig(apiKeySeed(), { authorizers: { API_KEY: twice } }));
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.authorizers.API_KEY(…)',
    });
    expect(error.message).toContain('got a function');
  });

  it('the same type under two spellings, and a near miss of a type', async () => {
    const both = await configError(() =>
      fromConfig(iamSeed(), {
        authorizers: { AWS_IAM: iamAuthorizer({ credentials }), IAM: iamAuthorizer({ credentials }) },
      }),
    );
    expect(both).toMatchObject({ code: 'ERR_CONFIG_AMBIGUOUS', path: 'providers.authorizers.IAM' });
    const misspelt = await configError(() =>
      // The types refuse the near miss too (see types/from-config.test-d.ts): this is the run-time refusal.
      // @ts-expect-error API_KEYS is no authorization type, and the factory was not made for it
      fromConfig(apiKeySeed(), { authorizers: { API_KEYS: apiKeyAuthorizer() } }),
    );
    expect(misspelt).toMatchObject({
      code: 'ERR_CONFIG_UNKNOWN_KEY',
      path: 'providers.authorizers.API_KEYS',
    });
    expect(misspelt.message).toContain('did you mean "API_KEY"?');
  });
});

describe('the authorizer a missing-provider error names', () => {
  it.each(['AWS_IAM', 'API_KEY', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'])(
    '%s: a function the named package exports',
    async (authorizationType) => {
      const config = {
        api: {
          plugins: {
            awsAPIPlugin: {
              partner: {
                endpointType: 'REST',
                endpoint: 'https://api.example.com/partner',
                region: 'us-east-1',
                authorizationType,
              },
            },
          },
        },
      };
      const error = await configError(() => fromConfig(config, {}));
      expect(error.code).toBe('ERR_CONFIG_MISSING_PROVIDER');
      const [, maker = '', where = ''] = /(\w+)\(\) from (@ky-auth\/[\w-]+)/.exec(error.message) ?? [];
      const exported: Record<string, unknown> = await import(where);
      expect({ maker, exported: typeof exported[maker] }).toEqual({ maker, exported: 'function' });
    },
  );
});

describe('fromConfig checks the other providers too', () => {
  it('customHeaders({…}) called instead of passed: a ConfigError, not a TypeError', async () => {
    const gen2 = { API: { REST: { orders: { endpoint: restEndpoint, region: 'us-west-2' } } } };
    const error = await configError(() =>
      fromConfig(gen2, {
        customHeaders: customHeaders({ 'x-app': 'shop' }) as unknown as FromConfigProviders['customHeaders'],
        headers: { 'x-app': 'shop' },
        libraryOptions: { API: { REST: { defaultAuthMode: 'none' } } },
      }),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_PROVIDER', path: 'providers.customHeaders' });
    expect(error.message).toContain('pass customHeaders itself, not customHeaders({…})');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'headers of a number',
      { headers: 42 },
      'providers.headers',
      'expected a function or an object, got a number',
    ],
    ['a header value with a line break', { headers: { 'x-a': 'b\nc' } }, 'providers.headers["x-a"]', 'x-a'],
    [
      'fetch that is no function',
      { fetch: 'https://example.com' },
      'providers.fetch',
      'expected a function, got a string',
    ],
    [
      'redirects of an object',
      { redirects: {} },
      'providers.redirects',
      'expected a function, got an object',
    ],
    [
      'authOptions of an object',
      { authOptions: {} },
      'providers.authOptions',
      'expected a function, got an object',
    ],
    ['now of a number', { now: 5 }, 'providers.now', 'expected a function, got a number'],
    ['authorizers of an array', { authorizers: [] }, 'providers.authorizers', 'got an array'],
    ['interceptors of a string', { interceptors: 'trace' }, 'providers.interceptors', 'got a string'],
  ])('%s', async (_what, providers, path, message) => {
    const error = await configError(() =>
      fromConfig(apiKeySeed(), { authorizers: { API_KEY: apiKeyAuthorizer() }, ...providers }),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_PROVIDER', path });
    expect(error.message).toContain(message);
  });

  it.each([
    ['authorizer', 'authorizers'],
    ['customHeader', 'customHeaders'],
    ['header', 'headers'],
    ['libraryOption', 'libraryOptions'],
  ])('a misspelt provider, %s: did you mean %s?', async (misspelt, meant) => {
    const error = await configError(() =>
      fromConfig(apiKeySeed(), {
        authorizers: { API_KEY: apiKeyAuthorizer() },
        [misspelt]: {},
      } as FromConfigProviders),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_UNKNOWN_KEY', path: `providers.${misspelt}` });
    expect(error.message).toContain(`did you mean "${meant}"?`);
  });

  it('providers.headers and libraryOptions.API.REST.headers together: refused, not one dropped', async () => {
    const gen2 = { API: { REST: { orders: { endpoint: restEndpoint, region: 'us-west-2' } } } };
    const error = await configError(() =>
      fromConfig(gen2, {
        customHeaders,
        headers: { 'x-tenant': 'acme' },
        libraryOptions: {
          API: { REST: { defaultAuthMode: 'none', headers: async () => ({ 'x-app': 'shop' }) } },
        },
      }),
    );
    expect(error).toMatchObject({ code: 'ERR_CONFIG_AMBIGUOUS', path: 'providers.headers' });
    expect(error.message).toContain('also given in libraryOptions.API.REST.headers');
  });
});

describe('misspelt keys in an entry of the file', () => {
  it.each([
    ['authorisationType', 'authorizationType'],
    ['endPoint', 'endpoint'],
    ['apikey', 'apiKey'],
  ])("seed 002's API_KEY entry with %s: ERR_CONFIG_UNKNOWN_KEY, did you mean %s", async (misspelt, meant) => {
    const file = apiKeySeed();
    const entry = file.awsAPIPlugin[apiName] as Record<string, unknown>;
    const written = Object.keys(entry).find((key) => key.toLowerCase() === meant.toLowerCase());
    const value = entry[written ?? 'API_KEY'];
    if (written !== undefined) delete entry[written];
    entry[misspelt] = value;
    const error = await configError(() => fromConfig(file, { authorizers: { API_KEY: apiKeyAuthorizer() } }));
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_UNKNOWN_KEY',
      path: `awsAPIPlugin[${JSON.stringify(apiName)}].${misspelt}`,
    });
    expect(error.message).toContain(`did you mean "${meant}"?`);
    expect(error.message).not.toContain(keyInFile);
  });
});

// One code path drives ky 1 and ky 2, typed as the root `ky`'s (2) instance.
type Base = KyInstance;

describe.each([
  { major: 1, base: ky1 as unknown as Base, authOptions: authOptions1 },
  { major: 2, base: ky2 as unknown as Base, authOptions: undefined },
])('requests through ky $major', ({ base, authOptions }) => {
  it('authorizers keys in the spellings the file accepts: IAM and COGNITO_USER_POOL', async () => {
    // Spread from seeds typed `Record<string, object>`: its names are more than its type spells out.
    const file: { awsAPIPlugin: Record<string, object> } = {
      awsAPIPlugin: {
        ...iamSeed().awsAPIPlugin,
        users: {
          ...(seedJson('002-native-2.json') as { awsAPIPlugin: Record<string, object> }).awsAPIPlugin[
            apiName
          ],
          endpoint: otherEndpoint,
        },
      },
    };
    const userPool = defineAuthorizer('AMAZON_COGNITO_USER_POOLS', () => ({
      name: 'user-pool-stub',
      stage: 'auth',
      headerNames: ['authorization'],
      apply: (request) => request.headers.set('authorization', 'user-token'),
    }));
    const apis = fromConfig(file, {
      authOptions,
      authorizers: { IAM: iamAuthorizer({ credentials }), COGNITO_USER_POOL: userPool },
    });
    await apis.client(apiName, base).get('items');
    await apis.client('users', base).get('me');
    expect(received[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDCONFIG\/\d{8}\/us-west-2\/execute-api\//,
    );
    expect(received[1]?.headers.authorization).toBe('user-token');
  });

  it("an entry's custom authorizationType, served by the authorizer the app registers under that name", async () => {
    const file = {
      awsAPIPlugin: {
        partner: { endpointType: 'REST', endpoint: restEndpoint, authorizationType: 'custom' },
      },
    };
    const unregistered = await configError(() => fromConfig(file, { authOptions }));
    expect(unregistered).toMatchObject({
      code: 'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
      path: 'awsAPIPlugin.partner.authorizationType',
    });
    const apis = fromConfig(file, {
      authOptions,
      authorizers: {
        custom: defineAuthorizer('custom', ({ api }) => ({
          name: 'partner-token',
          stage: 'auth',
          headerNames: ['x-partner-token'],
          apply: (request) => request.headers.set('x-partner-token', `token-for-${api.name}`),
        })),
      },
    });
    await apis.client('partner', base).get('reports');
    expect(received[0]?.headers['x-partner-token']).toBe('token-for-partner');
    // Any authorizer may serve a custom type: an API key one, here.
    const keyed = fromConfig(file, {
      authOptions,
      authorizers: { custom: apiKeyAuthorizer({ key: 'partner-key' }) },
    });
    await keyed.client('partner', base).get('reports');
    expect(received[1]?.headers['x-api-key']).toBe('partner-key');
  });

  it("per-API interceptors (Swift's add(interceptor:for:)) run for their API only, after its auth is checked", async () => {
    const file: { awsAPIPlugin: Record<string, object> } = {
      awsAPIPlugin: {
        ...apiKeySeed().awsAPIPlugin,
        other: { endpoint: otherEndpoint, authorizationType: 'NONE' },
      },
    };
    const trace: Interceptor = {
      name: 'trace',
      stage: 'headers',
      apply: (request, context) => request.headers.set('x-trace', `${context.apiName}`),
    };
    const apis = fromConfig(file, {
      authOptions,
      authorizers: { API_KEY: apiKeyAuthorizer() },
      interceptors: { [apiName]: [trace] },
    });
    await apis.client(apiName, base).get('items');
    await apis.client('other', base).get('items');
    expect(received.map(({ headers }) => [headers['x-trace'], headers['x-api-key']])).toEqual([
      [apiName, keyInFile],
      [undefined, undefined],
    ]);
    const unknown = await configError(() =>
      fromConfig(file, {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer() },
        interceptors: { orders: trace },
      }),
    );
    expect(unknown).toMatchObject({ code: 'ERR_CONFIG_UNKNOWN_API', path: 'providers.interceptors.orders' });
    const malformed = await configError(() =>
      fromConfig(file, {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer() },
        interceptors: { other: [trace, { name: 'x' } as Interceptor] },
      }),
    );
    expect(malformed).toMatchObject({
      code: 'ERR_CONFIG_INVALID_PROVIDER',
      path: 'providers.interceptors.other[1]',
    });
  });

  it("defaultAuthMode 'none' without an IAM authorizer: a call that asks for auth fails and is not sent", async () => {
    const [libraryOptions] = configureArguments(seed('003-js-0.js.txt')).slice(1);
    const gen2 = { API: { REST: { orders: { endpoint: restEndpoint, region: 'us-west-2' } } } };
    const apis = fromConfig(gen2, { authOptions, libraryOptions });
    await apis.client('orders', base).get('public', { retry: 0 });
    const error = await configError(() =>
      apis.client('orders', base).get('private', { retry: 0, context: { authMode: 'default' } }),
    );
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_MISSING_PROVIDER',
      path: 'API.REST.orders.authorizationType',
    });
    expect(error.message).toContain('iamAuthorizer()');
    expect(received.map(({ url }) => url)).toEqual([`${restEndpoint}/public`]);
  });

  describe("Gen1 custom_header, as seed 001 prints it: Amplify v5's behaviour", () => {
    const [printed] = configureArguments(withoutLineNumbers(seed('001-js-0.js.txt'))) as [
      { API: { endpoints: Record<string, unknown>[] } },
    ];
    const withCustomHeader = (customHeader: unknown) => ({
      API: { endpoints: [{ ...printed.API.endpoints[0], custom_header: customHeader }] },
    });
    const printedHeader = printed.API.endpoints[0]?.custom_header;
    const signed = (headers: Record<string, string> | undefined) => headers?.['x-amz-date'] !== undefined;

    it('with Authorization from custom_header: sent with it, unsigned, and needs no IAM authorizer', async () => {
      const apis = fromConfig(printed, { authOptions, customHeaders });
      await apis.client('sampleCloudApi', base).get('items');
      expect(received.map(({ headers }) => [headers.authorization, signed(headers)])).toEqual([
        ['token', false],
      ]);
    });

    it('without Authorization and no IAM authorizer: the request fails, unsent', async () => {
      const apis = fromConfig(
        withCustomHeader(async () => ({ 'x-app': 'shop' })),
        { authOptions, customHeaders },
      );
      const error = await configError(() => apis.client('sampleCloudApi', base).get('items', { retry: 0 }));
      expect(error).toMatchObject({
        code: 'ERR_CONFIG_MISSING_PROVIDER',
        path: 'API.endpoints[0].custom_header',
      });
      expect(error.message).toContain('custom_header gave no Authorization header');
      expect(received).toEqual([]);
    });

    it('with an IAM authorizer: signed when custom_header gives no Authorization, sent as given when it does', async () => {
      let authorization: string | undefined;
      const customHeader = async () =>
        authorization === undefined ? { 'x-app': 'shop' } : { Authorization: authorization };
      const apis = fromConfig(withCustomHeader(customHeader), {
        authOptions,
        customHeaders,
        authorizers: { AWS_IAM: iamAuthorizer({ credentials }) },
      });
      await apis.client('sampleCloudApi', base).get('signed');
      authorization = await (printedHeader as () => Promise<{ Authorization: string }>)().then(
        (h) => h.Authorization,
      );
      await apis.client('sampleCloudApi', base).get('as-given');
      expect(received[0]?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDCONFIG\/\d{8}\/us-east-1\/execute-api\//,
      );
      expect(received[0]?.headers['x-app']).toBe('shop');
      expect([received[1]?.headers.authorization, signed(received[1]?.headers)]).toEqual(['token', false]);
    });

    it('the same in the aws_cloud_logic_custom shape of aws-exports.js', async () => {
      const awsExports = {
        aws_project_region: 'us-east-1',
        aws_cloud_logic_custom: [{ ...printed.API.endpoints[0], region: 'us-east-1' }],
      };
      const apis = fromConfig(awsExports, { authOptions, customHeaders });
      await apis.client('sampleCloudApi', base).get('items');
      expect(received.map(({ headers }) => [headers.authorization, signed(headers)])).toEqual([
        ['token', false],
      ]);
    });
  });
});
