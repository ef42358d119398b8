import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  createClock,
  type Interceptor,
  type NormalizedApi,
  type NormalizedConfig,
} from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { interceptorContext } from '@ky-auth/testing';
import { apiKeyAuthorizer } from './api-key-authorizer.ts';

const secret = 'sekrit-config-key-4c3b';

function input(apiKey: string | undefined) {
  const api: NormalizedApi = {
    name: 'orders',
    endpoint: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod/'),
    region: 'us-east-1',
    service: undefined,
    authorizationType: 'API_KEY',
    apiKey,
    headers: undefined,
    path: 'api.plugins.awsAPIPlugin.orders',
  };
  const config: NormalizedConfig = {
    style: 'amplifyconfiguration',
    apis: new Map([['orders', api]]),
    userPool: undefined,
    identityPool: undefined,
    defaultAuthMode: undefined,
    headers: undefined,
  };
  return { api, config, clock: createClock() };
}

/** The single interceptor an authorizer built, applied to a fresh request: the key it sent. */
async function sentKey(built: ReturnType<ReturnType<typeof apiKeyAuthorizer>>): Promise<string | null> {
  const interceptors: readonly Interceptor[] = Array.isArray(built) ? built : [built as Interceptor];
  expect(interceptors).toHaveLength(1);
  const request = new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items');
  await interceptors[0]?.apply(request, interceptorContext({ apiName: 'orders' }));
  return request.headers.get('x-api-key');
}

describe('apiKeyAuthorizer', () => {
  it("sends the key of the API's configuration entry", async () => {
    expect(await sentKey(apiKeyAuthorizer()(input(secret)))).toBe(secret);
  });

  it('prefers a key or provider given in code over the configured one', async () => {
    expect(await sentKey(apiKeyAuthorizer({ key: 'code-key' })(input(secret)))).toBe('code-key');
    expect(await sentKey(apiKeyAuthorizer({ key: async () => 'provided-key' })(input(undefined)))).toBe(
      'provided-key',
    );
  });

  it.each([undefined, '', '  '])(
    'fails at load time with ERR_CONFIG_MISSING_API_KEY at <entry>.apiKey when the key is %p',
    async (configured) => {
      const error = await caught(() => apiKeyAuthorizer()(input(configured)));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({
        code: 'ERR_CONFIG_MISSING_API_KEY',
        path: 'api.plugins.awsAPIPlugin.orders.apiKey',
      });
      expect(error.message).toContain('"apiKey"');
      expect(error.message).toContain('"API_KEY"');
      expect(error.message).toContain('apiKeyAuthorizer({ key })');
    },
  );

  it('fails at load time with ERR_CONFIG_INVALID_API_KEY when the configured key cannot be a header value', async () => {
    const error = await caught(() => apiKeyAuthorizer()(input(`${secret}\n`)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_INVALID_API_KEY',
      path: 'api.plugins.awsAPIPlugin.orders.apiKey',
    });
    expect(error.cause).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(`${error.message}${String(error.stack)}${(error.cause as Error).message}`).not.toContain(secret);
  });
});
