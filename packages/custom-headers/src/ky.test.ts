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
import { customHeaders } from './custom-headers.ts';

const api = 'https://api.example.com/prod';

/** The headers of every request the API received, in order. */
const received: Record<string, string>[] = [];
let statuses: number[] = [];
const server = setupServer(
  http.all(`${api}/*`, ({ request }) => {
    received.push(Object.fromEntries(request.headers));
    return HttpResponse.json({}, { status: statuses.shift() ?? 200 });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
  statuses = [];
});
afterAll(() => server.close());

const retry = { limit: 1, delay: () => 0 };
const majors = [
  {
    major: 1,
    install: authOptions,
    client: (auth: Partial<AuthOptions>) => ky1.create({ prefixUrl: api, ...auth, retry }),
  },
  {
    major: 2,
    install: (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
    client: (auth: Partial<AuthOptions>) => ky2.create({ prefix: api, ...auth, retry }),
  },
] as const;

describe.each(majors)('customHeaders through ky $major', ({ install, client }) => {
  const perEndpoint = customHeaders({ 'x-tenant': 'endpoint', 'x-endpoint': 'orders' });
  const global = customHeaders(async () => ({
    'x-tenant': 'global',
    'x-endpoint': 'global',
    'x-client': 'web',
  }));

  it('sends per-request over per-endpoint over global headers', async () => {
    const orders = client(install([perEndpoint, global], { endpoint: api }));
    await orders.get('items', { headers: { 'X-Tenant': 'per-request' } });
    await orders.get('items');
    expect(received).toEqual([
      expect.objectContaining({ 'x-tenant': 'per-request', 'x-endpoint': 'orders', 'x-client': 'web' }),
      expect.objectContaining({ 'x-tenant': 'endpoint', 'x-endpoint': 'orders', 'x-client': 'web' }),
    ]);
  });

  it('adds them before the signer runs, so a signature covers them', async () => {
    let seenBySigner: Record<string, string> = {};
    const signer: Interceptor = {
      name: 'signer',
      stage: 'sign',
      apply(request) {
        seenBySigner = Object.fromEntries(request.headers);
      },
    };
    await client(install([signer, global], { endpoint: api })).get('items');
    expect(seenBySigner).toMatchObject({ 'x-tenant': 'global', 'x-client': 'web' });
  });

  it('calls a function again for a retry, and the retry carries its new headers', async () => {
    statuses = [503];
    let calls = 0;
    await client(install([customHeaders(() => ({ 'x-attempt': String(++calls) }))], { endpoint: api })).get(
      'items',
    );
    expect(received.map((headers) => headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('sends nothing when the function throws, and rejects with ERR_HEADERS_PROVIDER_FAILED', async () => {
    const failing = customHeaders(() => {
      throw new Error('session expired');
    });
    const error = await client(install([failing], { endpoint: api }))
      .get('items')
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_HEADERS_PROVIDER_FAILED' });
    expect(received).toHaveLength(0);
  });

  it('sends nothing when the function returns an invalid value', async () => {
    const invalid = customHeaders(() => ({ authorization: 'Bearer sekrit\r\nx-admin: true' }));
    const error = await client(install([invalid], { endpoint: api }))
      .get('items')
      .catch((error: unknown) => error);
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect((error as Error).message).not.toContain('sekrit');
    expect(received).toHaveLength(0);
  });
});
