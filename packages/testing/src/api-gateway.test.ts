import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { gatewayApiKeyAuthorizer } from './api-key-authorizer.ts';
import { fixedClock } from './fixed-clock.ts';
import { gatewayLambdaAuthorizer } from './lambda-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';

const ENDPOINT = 'https://gw.execute-api.us-east-1.amazonaws.com/prod';
const clock = fixedClock('2024-01-01T00:00:00Z');
const key = gatewayApiKeyAuthorizer({ keys: [{ name: 'web', value: 'da2-key' }] });
const bearer = gatewayLambdaAuthorizer({
  authorize: (token) => (token === 'Bearer ok' ? { principalId: 'u1' } : false),
});
const gateway = apiGateway({
  endpoint: ENDPOINT,
  clock,
  authorizer: key,
  routes: [
    {
      method: 'GET',
      path: '/items/{id}',
      handler: ({ params, principal }) => ({ id: params.id, caller: principal }),
    },
    { method: 'ANY', path: '/items/{id}', handler: () => new Response('any', { status: 202 }) },
    { method: 'GET', path: '/health', authorizer: null },
    { method: 'POST', path: '/both', authorizer: [bearer, key] },
    { path: '/files/{proxy+}' },
  ],
});
const strict = apiGateway({
  endpoint: 'https://strict.example.com',
  cors: {
    enforce: true,
    allowOrigin: 'https://app.example.com',
    allowHeaders: ['Content-Type', 'X-Api-Key'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
  },
});
const closed = apiGateway({ endpoint: 'https://nocors.example.com', cors: false, authorizer: key });
const server = setupServer(
  ...gateway.handlers,
  ...strict.handlers,
  ...closed.handlers,
  http.get('https://gw.execute-api.us-east-1.amazonaws.com/other-stage/*', () =>
    HttpResponse.text('not the gateway'),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  gateway.reset();
  strict.reset();
});
afterAll(() => server.close());

const withKey = { 'x-api-key': 'da2-key' };

describe('routes', () => {
  it('match API Gateway path parameters and hand them to the handler with the principal', async () => {
    const response = await fetch(`${ENDPOINT}/items/a%20b`, { headers: withKey });
    expect(await response.json()).toEqual({ id: 'a b', caller: { type: 'apiKey', name: 'web' } });
  });

  it('prefer the exact method over ANY, and pass a handler’s Response through', async () => {
    const response = await fetch(`${ENDPOINT}/items/1`, { method: 'DELETE', headers: withKey });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('any');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answer an unknown resource or method with 403 Missing Authentication Token', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['PUT', '/health'],
    ] as const) {
      const response = await fetch(`${ENDPOINT}${path}`, { method, headers: withKey });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    }
  });

  it('let a route opt out of authorization (NONE)', async () => {
    const response = await fetch(`${ENDPOINT}/health`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as EchoBody).principal).toBeNull();
  });

  it('run several authorizers in order, all of which must allow', async () => {
    expect((await fetch(`${ENDPOINT}/both`, { method: 'POST', headers: withKey })).status).toBe(401);
    const denied = await fetch(`${ENDPOINT}/both`, {
      method: 'POST',
      headers: { authorization: 'Bearer no', ...withKey },
    });
    expect(denied.status).toBe(403);
    const keyless = await fetch(`${ENDPOINT}/both`, {
      method: 'POST',
      headers: { authorization: 'Bearer ok' },
    });
    expect(await keyless.json()).toEqual({ message: 'Forbidden' });
    const both = await fetch(`${ENDPOINT}/both`, {
      method: 'POST',
      headers: { authorization: 'Bearer ok', ...withKey },
    });
    expect(((await both.json()) as EchoBody).principals.map((principal) => principal.type)).toEqual([
      'lambda',
      'apiKey',
    ]);
  });

  it('leave requests outside the endpoint’s stage to other handlers', async () => {
    const response = await fetch('https://gw.execute-api.us-east-1.amazonaws.com/other-stage/x');
    expect(await response.text()).toBe('not the gateway');
    expect(gateway.count()).toBe(0);
  });
});

describe('the echo route', () => {
  it('describes what arrived, redacting credentials', async () => {
    const response = await fetch(`${ENDPOINT}/files/a/b%2Fc.txt?x=1&x=2&y=`, {
      method: 'PUT',
      headers: {
        ...withKey,
        'content-type': 'text/plain',
        authorization: 'Bearer secret-token',
        'x-trace': 't-1',
      },
      body: 'hello',
    });
    const echo = (await response.json()) as EchoBody;
    expect(echo).toMatchObject({
      method: 'PUT',
      path: '/prod/files/a/b%2Fc.txt',
      route: '/files/{proxy+}',
      params: { proxy: 'a/b/c.txt' },
      query: { x: ['1', '2'], y: '' },
      bodyLength: 5,
      principal: { type: 'apiKey', name: 'web' },
    });
    expect(echo.headers).toMatchObject({
      authorization: 'Bearer <redacted>',
      'x-api-key': '<redacted>',
      'x-trace': 't-1',
      'content-type': 'text/plain',
    });
    expect(echo.requestId).toBe(response.headers.get('x-amzn-requestid'));
  });
});

describe('the call record', () => {
  it('counts accepted and rejected requests, with reasons', async () => {
    await fetch(`${ENDPOINT}/items/1`, { headers: withKey });
    await fetch(`${ENDPOINT}/items/1`);
    await fetch(`${ENDPOINT}/items/1`, { headers: { 'x-api-key': 'wrong' } });
    expect(gateway.count()).toBe(3);
    expect(gateway.count({ outcome: 'accepted' })).toBe(1);
    expect(gateway.count({ outcome: 'rejected', status: 403, authorizer: 'apiKey' })).toBe(2);
    expect(gateway.count((call) => call.reason === 'no x-api-key header')).toBe(1);
    expect(gateway.calls[0]).toMatchObject({
      method: 'GET',
      path: '/prod/items/1',
      route: '/items/{id}',
      time: Date.parse('2024-01-01T00:00:00Z'),
      principal: { type: 'apiKey', name: 'web' },
    });
    gateway.reset();
    expect(gateway.calls).toHaveLength(0);
  });
});

describe('CORS', () => {
  it('answers a preflight like API Gateway’s Enable CORS mock, without authorization', async () => {
    const response = await fetch(`${ENDPOINT}/items/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token',
    );
    expect(response.headers.get('access-control-allow-methods')).toBe(
      'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT',
    );
    expect(gateway.count({ outcome: 'preflight' })).toBe(1);
  });

  it('puts CORS headers on error responses so a browser can read the 403, and exposes no header unasked, as "Enable CORS"', async () => {
    const response = await fetch(`${ENDPOINT}/items/1`, { headers: { origin: 'https://app.example.com' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // API Gateway's "Enable CORS" writes no Access-Control-Expose-Headers: a page cannot read Date.
    expect(response.headers.get('access-control-expose-headers')).toBeNull();
    expect(response.headers.get('date')).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
  });

  it('with enforce, shows a response as a browser shows it: Date and x-amzn-ErrorType hidden unless exposed', async () => {
    const echoed = await fetch('https://strict.example.com/items/x');
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get('content-type')).toBe('application/json');
    expect(echoed.headers.get('date')).toBeNull();
    expect(echoed.headers.get('x-amzn-requestid')).toBeNull();

    const exposing = apiGateway({
      endpoint: 'https://exposing.example.com',
      routes: [{ path: '/x' }],
      clock: { now: () => Date.parse('2024-01-01T00:00:00Z') },
      cors: { enforce: true, exposeHeaders: ['Date', 'x-amzn-ErrorType'] },
    });
    server.use(...exposing.handlers);
    const missing = await fetch('https://exposing.example.com/y');
    expect(missing.headers.get('access-control-expose-headers')).toBe('Date,x-amzn-ErrorType');
    expect(missing.headers.get('date')).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(missing.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(missing.headers.get('x-amzn-requestid')).toBeNull();
  });

  it('can be turned off: no preflight answer and no CORS headers', async () => {
    const preflight = await fetch('https://nocors.example.com/x', { method: 'OPTIONS' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with enforce, fails a request as a browser would when the preflight does not allow a header', async () => {
    await expect(
      fetch('https://strict.example.com/x', { headers: { 'x-amz-date': '20240101T000000Z' } }),
    ).rejects.toMatchObject({ name: 'TypeError' });
    expect(strict.calls[0]).toMatchObject({
      outcome: 'cors-blocked',
      reason: expect.stringContaining('x-amz-date'),
    });
    await expect(fetch('https://strict.example.com/x', { method: 'DELETE' })).rejects.toMatchObject({
      name: 'TypeError',
    });
    const allowed = await fetch('https://strict.example.com/x', {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});

describe('route selection', () => {
  const picker = apiGateway({
    endpoint: 'https://picker.example.com',
    routes: [
      { path: '/{proxy+}', handler: () => 'greedy' },
      { method: 'GET', path: '/users/{id}', handler: () => 'parameter' },
      { method: 'GET', path: '/users/me', handler: () => 'static' },
      { path: '/users/me', handler: () => 'static any' },
    ],
  });
  beforeAll(() => server.use(...picker.handlers));

  it.each([
    ['GET', '/users/me', 'static'],
    ['POST', '/users/me', 'static any'],
    ['GET', '/users/42', 'parameter'],
    ['DELETE', '/users/42', 'greedy'],
    ['GET', '/a/b/c', 'greedy'],
  ])('sends %s %s to the most specific resource (%s)', async (method, path, expected) => {
    const response = await fetch(`https://picker.example.com${path}`, { method });
    expect(await response.json()).toBe(expected);
  });
});
