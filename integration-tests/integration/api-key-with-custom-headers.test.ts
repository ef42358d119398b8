/**
 * An API key and custom headers on one request: the two interceptor packages may not depend on each other,
 * so how they compose is proven here, where both are installed as an app would have them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey } from '@ky-auth/api-key';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { customHeaders } from '@ky-auth/custom-headers';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const api = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';

/** The headers of every request the API received, in order. */
const received: Record<string, string>[] = [];
const server = setupServer(
  // Like API Gateway with "API key required": 403 without the known x-api-key.
  http.all(`${api}/*`, ({ request }) => {
    received.push(Object.fromEntries(request.headers));
    return request.headers.get('x-api-key') === 'static-key'
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

describe.each(majors)('apiKey with customHeaders through ky $major', ({ install, client }) => {
  it('goes with custom headers: per-request over per-endpoint over global, and the key', async () => {
    const auth = install(
      [
        customHeaders({ 'x-tenant': 'endpoint', 'x-endpoint': 'orders' }),
        customHeaders(() => ({ 'x-tenant': 'global', 'x-endpoint': 'global', 'x-client': 'web' })),
        apiKey('static-key'),
      ],
      { endpoint: api },
    );
    await client(auth).get('items', { headers: { 'x-tenant': 'per-request' } });
    expect(received[0]).toMatchObject({
      'x-tenant': 'per-request',
      'x-endpoint': 'orders',
      'x-client': 'web',
      'x-api-key': 'static-key',
    });
  });
});
