import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { lambdaToken } from './lambda-token.ts';

// A token-based Lambda authorizer in front of an API: it allows the tokens it issued, reading the
// identity source header it is configured with.
let server: Server;
let url: string;
const seen: IncomingHttpHeaders[] = [];
let valid = new Set<string>();
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    const token = request.headers['x-partner-token'] ?? request.headers.authorization;
    response.statusCode = typeof token === 'string' && valid.has(token) ? 200 : 401;
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe.each([
  ['ky 1', ky1, authOptions],
  [
    'ky 2',
    ky2,
    (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
  ],
] as const)('lambdaToken through %s', (_name, ky, install) => {
  it('sends the token as it is in authorization, fetching an opaque token for every request', async () => {
    let issued = 0;
    const getToken = () => {
      issued += 1;
      const token = `partner-${issued}`;
      valid.add(token);
      return token;
    };
    const http = ky.create({ ...install([lambdaToken({ getToken })], { endpoint: url }) });
    const start = seen.length;
    await http.get(`${url}a`);
    await http.get(`${url}b`);
    expect(seen.slice(start).map((headers) => headers.authorization)).toEqual([
      `partner-${issued - 1}`,
      `partner-${issued}`,
    ]);
  });

  it('uses the identity source header it is given, asking getToken once for every request', async () => {
    valid = new Set(['kept-token']);
    let calls = 0;
    const http = ky.create({
      ...install(
        [
          lambdaToken({
            getToken: () => {
              calls += 1;
              return 'kept-token';
            },
            header: 'x-partner-token',
          }),
        ],
        { endpoint: url },
      ),
    });
    const start = seen.length;
    await Promise.all([http.get(`${url}a`), http.get(`${url}b`), http.get(`${url}c`)]);
    await http.get(`${url}d`);
    expect(seen.slice(start).map((headers) => [headers['x-partner-token'], headers.authorization])).toEqual(
      Array.from({ length: 4 }, () => ['kept-token', undefined]),
    );
    expect(calls).toBe(4);
  });

  it('sends the token getToken gives after a sign-out and sign-in from the very next request, and none when it throws', async () => {
    valid = new Set(['user-a-token', 'user-b-token']);
    let session: string | undefined = 'user-a-token';
    const http = ky.create({
      retry: 0,
      ...install(
        [
          lambdaToken({
            getToken: () => {
              if (session === undefined) throw new Error('signed out');
              return session;
            },
          }),
        ],
        { endpoint: url },
      ),
    });
    const start = seen.length;
    await http.get(`${url}a`);
    session = 'user-b-token';
    await http.get(`${url}b`);
    session = undefined;
    const error = await http.get(`${url}c`).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'TokenError', code: 'ERR_TOKEN_PROVIDER_FAILED' });
    expect(seen.slice(start).map((headers) => headers.authorization)).toEqual([
      'user-a-token',
      'user-b-token',
    ]);
  });

  it('asks for a new token after a 401 and retries once with it', async () => {
    valid = new Set(['second']);
    const tokens = ['first', 'second'];
    const forced: boolean[] = [];
    const http = ky.create({
      retry: 0,
      ...install(
        [
          lambdaToken({
            getToken: ({ forceRefresh }) => {
              forced.push(forceRefresh);
              return tokens.shift() ?? 'none';
            },
          }),
        ],
        { endpoint: url },
      ),
    });
    const start = seen.length;
    expect((await http.get(`${url}a`)).status).toBe(200);
    expect(seen.slice(start).map((headers) => headers.authorization)).toEqual(['first', 'second']);
    expect(forced).toEqual([false, true]);
  });
});
