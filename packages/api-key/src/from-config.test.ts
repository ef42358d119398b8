import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, fromConfig } from '@ky-auth/core';
import { authOptions as authOptions1 } from '@ky-auth/core/ky1';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { apiKeyAuthorizer } from './api-key-authorizer.ts';

const endpoint = 'https://abc123.execute-api.us-west-2.amazonaws.com/prod';
const configuredKey = 'sekrit-configured-key';

const keys: (string | null)[] = [];
const server = setupServer(
  http.all(`${endpoint}/*`, ({ request }) => {
    keys.push(request.headers.get('x-api-key'));
    return HttpResponse.json({});
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  keys.length = 0;
});
afterAll(() => server.close());

/** The `amplifyconfiguration.json` shape of Amplify's API_KEY documentation, with `extra` in the entry. */
const amplifyConfiguration = (extra: Record<string, string>) => ({
  awsAPIPlugin: {
    orders: { endpointType: 'REST', endpoint, region: 'us-west-2', authorizationType: 'API_KEY', ...extra },
  },
});

// One code path drives ky 1 and ky 2, typed as the root `ky`'s (2) instance.
type Base = KyInstance;

describe.each([
  { major: 1, base: ky1 as unknown as Base, authOptions: authOptions1 },
  { major: 2, base: ky2 as unknown as Base, authOptions: undefined },
])('apiKeyAuthorizer in fromConfig, through ky $major', ({ base, authOptions }) => {
  it('sends the API_KEY of the entry', async () => {
    const apis = fromConfig(amplifyConfiguration({ API_KEY: configuredKey }), {
      authOptions,
      authorizers: { API_KEY: apiKeyAuthorizer() },
    });
    await apis.client('orders', base).get('items');
    expect(keys).toEqual([configuredKey]);
  });

  it('sends a key given in code when the file has none', async () => {
    const apis = fromConfig(amplifyConfiguration({}), {
      authOptions,
      authorizers: { API_KEY: apiKeyAuthorizer({ key: async () => 'key-from-code' }) },
    });
    await apis.client('orders', base).get('items');
    expect(keys).toEqual(['key-from-code']);
  });
});

it('fails fromConfig, not the first request, when an API_KEY entry has no key', () => {
  let error: unknown;
  try {
    fromConfig(amplifyConfiguration({}), { authorizers: { API_KEY: apiKeyAuthorizer() } });
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect(error).toMatchObject({ code: 'ERR_CONFIG_MISSING_API_KEY', path: 'awsAPIPlugin.orders.apiKey' });
  expect(keys).toEqual([]);
});
