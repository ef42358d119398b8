import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type AuthHooksOptionsWithEndpoint,
  authHooks,
  CredentialsError,
  type Interceptor,
} from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { apiKey } from './api-key.ts';

const api = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const validKeys = new Set(['key-one', 'key-two', 'static-key', 'per-request-key']);

/** The headers of every request the API received, in order. */
const received: Record<string, string>[] = [];
const server = setupServer(
  // Like API Gateway with "API key required": 403 without a known x-api-key.
  http.all(`${api}/*`, ({ request }) => {
    received.push(Object.fromEntries(request.headers));
    const key = request.headers.get('x-api-key');
    return key !== null && validKeys.has(key)
      ? HttpResponse.json({ ok: true })
      : HttpResponse.json({ message: 'Forbidden' }, { status: 403 });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

const majors = [
  {
    major: 1,
    install: authOptions,
    client: (auth: Partial<AuthOptions>) => ky1.create({ prefixUrl: api, ...auth, retry: 0 }),
  },
  {
    major: 2,
    install: (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
    client: (auth: Partial<AuthOptions>) => ky2.create({ prefix: api, ...auth, retry: 0 }),
  },
] as const;

describe.each(majors)('apiKey through ky $major', ({ install, client }) => {
  it('sends the key, and the API accepts the call', async () => {
    expect(
      await client(install([apiKey('static-key')], { endpoint: api }))
        .get('items')
        .json(),
    ).toEqual({ ok: true });
    expect(received[0]?.['x-api-key']).toBe('static-key');
  });

  it('sends the key a rotating provider returns for each request', async () => {
    const keys = ['key-one', 'key-two'];
    const orders = client(install([apiKey(async () => keys.shift() ?? 'none-left')], { endpoint: api }));
    await orders.get('items');
    await orders.get('items');
    expect(received.map((headers) => headers['x-api-key'])).toEqual(['key-one', 'key-two']);
  });

  it('lets a per-request x-api-key win', async () => {
    await client(install([apiKey('static-key')], { endpoint: api })).get('items', {
      headers: { 'X-Api-Key': 'per-request-key' },
    });
    expect(received[0]?.['x-api-key']).toBe('per-request-key');
  });

  it('sends nothing when the provider fails', async () => {
    const failing = apiKey(() => Promise.reject(new Error('secrets store unreachable')));
    const error = await client(install([failing], { endpoint: api }))
      .get('items')
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_API_KEY_PROVIDER_FAILED' });
    expect(received).toHaveLength(0);
  });

  it("sends no key for a call with context: { authMode: 'none' }", async () => {
    const error = await client(install([apiKey('static-key')], { endpoint: api }))
      .get('items', { context: { authMode: 'none' } })
      .catch((error: unknown) => error);
    expect(error).toMatchObject({ response: { status: 403 } });
    expect(received[0]?.['x-api-key']).toBeUndefined();
  });
});
