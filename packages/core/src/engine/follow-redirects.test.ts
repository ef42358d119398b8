import { describe, expect, it } from '@jest/globals';
import ky2 from 'ky2';
import { authHooks } from './auth-hooks.ts';
import { followRedirects } from './follow-redirects.ts';
import type { Interceptor } from './types.ts';

const api = 'https://api.example.com';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly body: string;
  readonly contentType: string | null;
  readonly token: string | null;
  readonly redirect: RequestRedirect;
}

/** A wire that answers each path with a redirect from `routes` (status, location), or 200. */
function wire(routes: Record<string, [number, string]>) {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    sent.push({
      url: request.url,
      method: request.method,
      body: await request.text(),
      contentType: request.headers.get('content-type'),
      token: request.headers.get('x-token'),
      redirect: request.redirect,
    });
    const route = routes[new URL(request.url).pathname];
    const response =
      route === undefined
        ? new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } })
        : new Response(null, { status: route[0], headers: { location: route[1] } });
    return Object.defineProperty(response, 'url', { value: request.url });
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

let count = 0;
const token: Interceptor = {
  name: 'token',
  stage: 'auth',
  headerNames: ['x-token'],
  apply(request) {
    count += 1;
    request.headers.set('x-token', `t${count}`);
  },
};

const client = (fetch: typeof globalThis.fetch) =>
  ky2.create({
    prefix: api,
    retry: 0,
    fetch,
    hooks: authHooks([token], { endpoint: api, redirects: followRedirects() }),
  });

describe('followRedirects, as fetch follows redirects (the Fetch standard)', () => {
  it.each([
    [303, 'POST', 'GET', ''],
    [303, 'PUT', 'GET', ''],
    [301, 'POST', 'GET', ''],
    [302, 'POST', 'GET', ''],
    [301, 'PUT', 'PUT', 'payload'],
    [307, 'POST', 'POST', 'payload'],
    [308, 'POST', 'POST', 'payload'],
  ])('%i after %s: the next hop is a %s with body %j', async (status, method, nextMethod, nextBody) => {
    const net = wire({ '/moved': [status, `${api}/landing`] });
    await client(net.fetch)('moved', { method, body: 'payload', headers: { 'content-type': 'text/plain' } });
    const [first, next] = net.sent;
    expect(first).toMatchObject({ method, body: 'payload' });
    expect(next).toMatchObject({ url: `${api}/landing`, method: nextMethod, body: nextBody });
    // A hop that drops the body drops what described it.
    expect(next?.contentType).toBe(nextBody === '' ? null : 'text/plain');
  });

  it('authorizes every same-origin hop afresh, and sends each with redirect: manual', async () => {
    const net = wire({ '/a': [302, `${api}/b`], '/b': [307, '/c'] });
    await client(net.fetch).get('a');
    expect(
      net.sent.map(({ url, token: value, redirect }) => [new URL(url).pathname, redirect, value !== null]),
    ).toEqual([
      ['/a', 'manual', true],
      ['/b', 'manual', true],
      ['/c', 'manual', true],
    ]);
    expect(new Set(net.sent.map((each) => each.token)).size).toBe(3);
  });

  it('stops at 20 redirects with ERR_TOO_MANY_REDIRECTS', async () => {
    const net = wire({ '/loop': [302, `${api}/loop`] });
    const error = await client(net.fetch)
      .get('loop')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_TOO_MANY_REDIRECTS' });
    expect(net.sent).toHaveLength(21);
  });

  it('refuses a redirect the browser hides (opaqueredirect)', async () => {
    const opaque = (async () =>
      Object.defineProperty(new Response(null, { status: 200 }), 'type', {
        value: 'opaqueredirect',
      })) as typeof globalThis.fetch;
    const error = await client(opaque)
      .get('moved')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
  });
});

describe('what counts as a redirect', () => {
  const answering = (status: number, headers: Record<string, string>) =>
    (async (input: RequestInfo | URL, init?: RequestInit) =>
      Object.defineProperty(new Response(status === 304 ? null : '{"ok":true}', { status, headers }), 'url', {
        value: new Request(input, init).url,
      })) as typeof globalThis.fetch;

  it.each([
    [201, { location: `${api}/orders/7` }],
    [304, {}],
  ])(
    'a %i with these headers is an answer, not a redirect, with or without a policy',
    async (status, headers) => {
      for (const redirects of [undefined, followRedirects()]) {
        const response = await ky2
          .create({
            prefix: api,
            retry: 0,
            throwHttpErrors: false,
            fetch: answering(status, headers),
            hooks: authHooks([token], { endpoint: api, redirects }),
          })
          .post('orders');
        expect(response.status).toBe(status);
      }
    },
  );
});
