import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { authHooks, ConfigError, fromConfig, KyAuthError } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer, oidcToken } from '@ky-auth/oidc-token';
import { secretCollector } from '@ky-auth/test-kit';
import { apiGateway, type EchoBody, gatewayApiKeyAuthorizer, gatewayIamAuthorizer } from '@ky-auth/testing';
import { lambdaAuthorizer } from '@ky-auth/token';
import ky2 from 'ky2';
import { setupServer } from 'msw/node';
import { credentials, executeApi, gen2Config, type KyBase, kys, region, secrets } from './lib/fixtures.ts';

// Hostile values in every place a user or a remote hands ky-auth a string that ends up in a request:
// header values with CR/LF, NUL and other controls, 64 KB values, non-ASCII paths and queries, endpoints
// with user info or of the wrong scheme. Each is a clear KyAuthError (or ConfigError at load) with
// nothing sent and the value not echoed, or a correct request; never a crash.

/** Every injected value is a secret: errors must describe them, never repeat them. */
const injected = {
  crlf: `${secrets.headerSecret}\r\nx-injected: owned`,
  lf: `${secrets.headerSecret}-lf\nx-injected: owned`,
  cr: `${secrets.headerSecret}-cr\rx-injected: owned`,
  nul: `${secrets.headerSecret}-nul\0tail`,
  control: `${secrets.headerSecret}-bell\u0007tail`,
  del: `${secrets.headerSecret}-del\u007ftail`,
  lineSeparator: `${secrets.headerSecret}-ls\u2028tail`,
  emoji: `${secrets.headerSecret}-emoji-😀`,
  huge: `${secrets.headerSecret}-${'x'.repeat(64 * 1024)}`,
};
const collector = secretCollector({ ...secrets, ...injected });
/** The same characters in a header name: names are not secret (messages may quote them), but invalid. */
const asName = (value: string) => value.replace(secrets.headerSecret, 'x-evil');

const gateway = apiGateway({
  endpoint: executeApi('hostile'),
  authorizer: gatewayApiKeyAuthorizer({ keys: [secrets.apiKey] }),
});
const hugeToken = `${secrets.sessionToken}${'T'.repeat(64 * 1024)}`;
collector.addSecret('64 KB session token', hugeToken);
const hugeCredentials = { ...credentials, accessKeyId: 'ASIAHUGESESSIONTOKEN', sessionToken: hugeToken };
const hugeKeyId = { ...credentials, accessKeyId: `ASIA${'K'.repeat(64 * 1024)}` };
const iamGateway = apiGateway({
  endpoint: executeApi('hostileIam'),
  authorizer: gatewayIamAuthorizer({ credentials: [credentials, hugeCredentials, hugeKeyId], region }),
});
const server = setupServer(...gateway.handlers, ...iamGateway.handlers);

let restoreConsole: () => void = () => undefined;
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  restoreConsole = collector.captureConsole();
});
afterEach(() => {
  gateway.reset();
  iamGateway.reset();
});
afterAll(() => {
  restoreConsole();
  server.close();
});

type Hostile = keyof typeof injected;
const hostile = Object.keys(injected) as Hostile[];

/**
 * What a hostile header value is refused with: each would smuggle a header (CR, LF), truncate one (NUL),
 * be refused by fetch itself (controls, characters above U+00FF) or exceed what servers accept (64 KB).
 */
const invalidValue = 'ERR_INVALID_HEADER_VALUE';

const apiKeyApi = (endpoint = gateway.endpoint) =>
  gen2Config({ api: { endpoint, authorizationType: 'API_KEY', apiKey: secrets.apiKey } });

async function refusedAtRequest(apis: ReturnType<typeof fromConfig>, base: KyBase, code: string | RegExp) {
  const error = await collector.rejection(apis.client('api', base).get('items', { retry: 0 }));
  expect(error).toBeInstanceOf(KyAuthError);
  expect((error as KyAuthError).code).toMatch(code);
  expect(gateway.count() + iamGateway.count()).toBe(0);
}

describe.each(kys)('header values, through ky $major', ({ base, authOptions }) => {
  describe.each(hostile)('%s', (which) => {
    const value = injected[which];

    it('from a custom headers function: refused before sending', async () => {
      const apis = fromConfig(apiKeyApi(), {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer() },
        headers: () => ({ 'x-tenant': value }),
        customHeaders,
      });
      await refusedAtRequest(apis, base, invalidValue);
    });

    it('as a header name from a custom headers function: refused before sending', async () => {
      const apis = fromConfig(apiKeyApi(), {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer() },
        headers: () => ({ [asName(value)]: 'v' }),
        customHeaders,
      });
      await refusedAtRequest(apis, base, 'ERR_INVALID_HEADER_NAME');
    });

    it('from an API-key provider: refused before sending', async () => {
      const apis = fromConfig(apiKeyApi(), {
        authOptions,
        authorizers: { API_KEY: apiKeyAuthorizer({ key: () => value }) },
      });
      await refusedAtRequest(apis, base, invalidValue);
    });

    it.each([
      ['OPENID_CONNECT', { OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: () => value }) }],
      ['AWS_LAMBDA', { AWS_LAMBDA: lambdaAuthorizer({ getToken: () => value }) }],
      [
        'AMAZON_COGNITO_USER_POOLS',
        { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: () => value }) },
      ],
    ] as const)('as a token from a %s token function: refused before sending', async (type, authorizers) => {
      const apis = fromConfig(gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: type } }), {
        authOptions,
        authorizers,
      });
      await refusedAtRequest(apis, base, invalidValue);
    });

    it('as the access key id or session token of a credentials provider: refused before sending', async () => {
      for (const field of ['accessKeyId', 'sessionToken'] as const) {
        if (which === 'huge') continue; // printable, so valid: see the 64 KB tests below
        const apis = fromConfig(
          gen2Config({ api: { endpoint: iamGateway.endpoint, authorizationType: 'AWS_IAM' } }),
          {
            authOptions,
            authorizers: {
              AWS_IAM: iamAuthorizer({ credentials: async () => ({ ...credentials, [field]: value }) }),
            },
          },
        );
        await refusedAtRequest(apis, base, /^ERR_CREDENTIALS_INVALID$|^ERR_INVALID_HEADER_VALUE$/);
      }
    });
  });
});

describe('header values fixed at load time', () => {
  it.each(hostile)('%s as the API key of a configuration file: a ConfigError at its path', (which) => {
    const error = collector.collect(
      catching(() => fromConfig(withKey(injected[which]), { authorizers: { API_KEY: apiKeyAuthorizer() } })),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_API_KEY', path: 'API.REST.api.apiKey' });
  });

  it.each(hostile)('%s as a static custom header, API key or token option: refused when built', (which) => {
    const value = injected[which];
    // Header contents are refused as headers; an option that names the header or scheme as a wrong option.
    for (const [build, expected] of [
      [() => customHeaders({ 'x-tenant': value }), { code: 'ERR_INVALID_HEADER_VALUE' }],
      [() => customHeaders({ [asName(value)]: 'v' }), { code: 'ERR_INVALID_HEADER_NAME' }],
      [() => apiKey(value), { code: expect.stringMatching(/^ERR_INVALID_HEADER_VALUE$|^ERR_API_KEY_/) }],
      [
        () => apiKey(secrets.apiKey, { header: asName(value) }),
        { name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'apiKey.header' },
      ],
      [
        () => oidcToken({ getLatestAuthToken: () => 'token', scheme: value }),
        { name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'oidc.scheme' },
      ],
      [
        () => oidcToken({ getLatestAuthToken: () => 'token', header: asName(value) }),
        { name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'oidc.header' },
      ],
    ] as const) {
      const error = collector.collect(catching(build));
      expect(error).toBeInstanceOf(KyAuthError);
      expect(error).toMatchObject(expected);
    }
  });
});

describe.each(kys)('64 KB values that are valid, through ky $major', ({ base, authOptions }) => {
  it('a 64 KB session token: signed and sent as it is, and accepted', async () => {
    const apis = fromConfig(
      gen2Config({ api: { endpoint: iamGateway.endpoint, authorizationType: 'AWS_IAM' } }),
      {
        authOptions,
        authorizers: { AWS_IAM: iamAuthorizer({ credentials: hugeCredentials }) },
      },
    );
    const response = await apis.client('api', base).get('items', { retry: 0 });
    expect(response.status).toBe(200);
    expect(iamGateway.count({ outcome: 'accepted' })).toBe(1);
  });

  it('a long non-ASCII path and query (6 KB each, as far as msw goes): signed correctly', async () => {
    const apis = fromConfig(
      gen2Config({ api: { endpoint: iamGateway.endpoint, authorizationType: 'AWS_IAM' } }),
      {
        authOptions,
        authorizers: { AWS_IAM: iamAuthorizer({ credentials }) },
      },
    );
    const long = 'ü'.repeat(1000);
    const response = await apis
      .client('api', base)
      .get(`items/${long}`, { searchParams: { q: long }, retry: 0 });
    expect(response.status).toBe(200);
  });
});

const paths = [
  'items/Ünïcödé',
  'items/路径/文件',
  'items/😀 smile',
  'items/a%2Fb',
  "items/it's (1)!*",
  'items/~user/a+b=c&d;e',
  'items/%E2%9C%93/%41',
  'items/with%20space/and%25percent',
  'items/a\tb\r\nc',
];
const queries: [string, string][][] = [
  [['q', 'naïve 😀']],
  [
    ['a b', 'c&d=e'],
    ['empty', ''],
  ],
  [
    ['x+y', '1+1'],
    ['tilde~', '~'],
    ['k', '2'],
    ['k', '1'],
  ],
  [['ключ', 'значение/?#']],
];

describe.each(kys)(
  'non-ASCII and reserved characters, signed (IAM), through ky $major',
  ({ base, authOptions }) => {
    const apis = fromConfig(
      gen2Config({ api: { endpoint: iamGateway.endpoint, authorizationType: 'AWS_IAM' } }),
      {
        authOptions,
        authorizers: { AWS_IAM: iamAuthorizer({ credentials }) },
      },
    );

    it.each(paths)('GET %j with every query: the IAM stand-in accepts the signature', async (path) => {
      for (const query of queries) {
        const response = await apis
          .client('api', base)
          .get(path, { searchParams: new URLSearchParams(query), retry: 0 });
        expect(response.status).toBe(200);
        const echo = (await response.json()) as EchoBody;
        expect(echo.path).toBe(new URL(path, 'https://x.example/prod/').pathname);
      }
      expect(iamGateway.count({ outcome: 'rejected' })).toBe(0);
    });

    it.each(paths)(
      'POST %j with a non-ASCII JSON body: the IAM stand-in accepts the signature',
      async (path) => {
        const response = await apis.client('api', base).post(path, {
          json: { name: 'Zoë 😀', note: '\u2028\u0000' },
          searchParams: { q: 'ünï' },
          retry: 0,
        });
        expect(response.status).toBe(200);
        expect(iamGateway.count({ outcome: 'rejected' })).toBe(0);
      },
    );
  },
);

describe('endpoints', () => {
  const password = `${secrets.password}-in-url`;
  collector.addSecret('URL password', password);
  const bad = [
    `https://user:${password}@hostile0000.execute-api.${region}.amazonaws.com/prod`,
    'javascript:alert(document.cookie)//',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://hostile0000.execute-api.us-east-1.amazonaws.com/prod',
    '/prod',
    '//hostile0000.execute-api.us-east-1.amazonaws.com/prod',
    'prod',
    'https://',
    'http://hostile.example.com/prod',
  ];

  it.each(bad)('%s in a configuration file: a ConfigError at the endpoint, nothing echoed', (endpoint) => {
    const error = collector.collect(
      catching(() => fromConfig(apiKeyApi(endpoint), { authorizers: { API_KEY: apiKeyAuthorizer() } })),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toMatch(/^ERR_CONFIG_(INVALID|INSECURE)_ENDPOINT$/);
    expect((error as ConfigError).path).toBe('API.REST.api.endpoint');
  });

  it.each(
    bad
      .filter((endpoint) => !endpoint.startsWith('http://'))
      .flatMap((endpoint) => kys.map(({ major, install }) => [endpoint, major, install] as const)),
  )(
    '%s as the endpoint option of the ky %s options: a ConfigError when they are built, nothing echoed',
    (endpoint, _major, install) => {
      const error = collector.collect(catching(() => install([apiKey(secrets.apiKey)], { endpoint })));
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('ERR_CONFIG_INVALID_ENDPOINT');
    },
  );

  it('a ky prefix with user info: the request fails (fetch refuses it) and nothing is sent', async () => {
    const withUserInfo = `https://user:${password}@hostile0000.execute-api.${region}.amazonaws.com/prod/`;
    const client = ky2.create({
      prefix: withUserInfo,
      hooks: authHooks([apiKey(secrets.apiKey)], {
        endpoint: `https://hostile0000.execute-api.${region}.amazonaws.com/prod/`,
      }),
      retry: 0,
    });
    // fetch's own TypeError quotes the URL it refused: that message is the platform's, not ky-auth's.
    await expect((async () => client.get('items'))()).rejects.toThrow(/credentials/);
    expect(gateway.count()).toBe(0);
  });
});

it('leaks no secret or injected value in anything thrown or logged', () => {
  expect(collector.size).toBeGreaterThan(200);
  expect(collector.leaks()).toEqual([]);
});

function catching(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but it succeeded');
}

function withKey(key: string) {
  return gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: 'API_KEY', apiKey: key } });
}
