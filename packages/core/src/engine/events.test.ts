import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { type AuthHooksOptions, authHooks as authHooks2 } from './auth-hooks.ts';
import type { AuthEvent } from './events.ts';
import { authOptions as authOptions1 } from './ky1.ts';
import type { Interceptor } from './types.ts';

// onEvent: what an app watching authorization is told, through ky 1 and ky 2.

const api = 'https://api.example.com';
const other = 'https://other.example.net';
let refusals = 0;
const server = setupServer(
  http.all(`${api}/ok`, () => HttpResponse.json({ ok: true })),
  http.all(`${api}/refused-once`, () =>
    refusals++ % 2 === 0
      ? HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })
      : HttpResponse.json({ ok: true }),
  ),
  http.all(`${api}/forbidden`, () =>
    HttpResponse.json(
      { message: 'Forbidden' },
      { status: 403, headers: { 'x-amzn-ErrorType': 'ForbiddenException' } },
    ),
  ),
  http.all(`${api}/moved`, () => new HttpResponse(null, { status: 302, headers: { location: `${api}/ok` } })),
  http.all(`${other}/*`, () => HttpResponse.json({ elsewhere: true })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const tenant: Interceptor = {
  name: 'tenant',
  stage: 'headers',
  apply(request) {
    request.headers.set('x-tenant', 'acme');
  },
};
/** Sets a secret header after waiting, as a token interceptor refreshing its token would. */
const slowToken: Interceptor = {
  name: 'token',
  stage: 'auth',
  async apply(request) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    request.headers.set('authorization', 'secret-token-value');
  },
  onResponse(response, _request, context) {
    if (response.status !== 401) return false;
    context.clock.setOffset(120_000);
    return true;
  },
  explain: (rejection) => (rejection.status === 403 ? 'the key is wrong.' : undefined),
};

const majors = [
  {
    major: 1,
    client: (interceptors: Interceptor[], options: AuthHooksOptions) =>
      ky1.create({
        prefixUrl: api,
        ...authOptions1(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
        retry: 0,
      }),
    prefixOption: 'prefixUrl',
  },
  {
    major: 2,
    client: (interceptors: Interceptor[], options: AuthHooksOptions) =>
      ky2.create({
        prefix: api,
        hooks: authHooks2(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
        retry: 0,
      }),
    prefixOption: 'prefix',
  },
] as const;

describe.each(majors)('onEvent through ky $major', ({ client, prefixOption }) => {
  const watched = (options: AuthHooksOptions = {}) => {
    const events: AuthEvent[] = [];
    const api = client([tenant, slowToken], {
      ...options,
      apiName: 'shop',
      onEvent: (event) => events.push(event),
    });
    return { api, events };
  };

  it('tells which interceptors ran, how long the token took, with the URL but not its query', async () => {
    const { api: shop, events } = watched();
    await shop.get('ok', { searchParams: { token: 'query-secret' } });
    expect(events.map((event) => event.type)).toEqual(['wait', 'authorize']);
    const [wait, authorize] = events as [
      Extract<AuthEvent, { type: 'wait' }>,
      Extract<AuthEvent, { type: 'authorize' }>,
    ];
    expect(wait).toMatchObject({ apiName: 'shop', method: 'GET', url: `${api}/ok`, interceptor: 'token' });
    expect(wait.durationMs).toBeGreaterThanOrEqual(25);
    expect(authorize).toMatchObject({
      ran: ['tenant', 'token'],
      skipped: [],
      retryCount: 0,
      reauthorizing: false,
    });
    expect(authorize.durationMs).toBeGreaterThanOrEqual(wait.durationMs);
    expect(JSON.stringify(events)).not.toMatch(/query-secret|secret-token-value|acme/);
  });

  it('tells why interceptors were skipped: authMode none, another origin', async () => {
    const { api: shop, events } = watched({ endpoint: api });
    await shop.get('ok', { context: { authMode: 'none' } });
    await shop.get(`${other}/x`, { [prefixOption]: '' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'authorize',
        ran: ['tenant'],
        skipped: [{ name: 'token', reason: 'auth-mode-none' }],
      }),
      expect.objectContaining({
        type: 'authorize',
        url: `${other}/x`,
        ran: [],
        skipped: [
          { name: 'tenant', reason: 'other-origin' },
          { name: 'token', reason: 'other-origin' },
        ],
      }),
    ]);
  });

  it('tells of a clock offset learned and the re-authorized retry', async () => {
    refusals = 0;
    const { api: shop, events } = watched();
    expect(await shop.get('refused-once').json()).toEqual({ ok: true });
    expect(events.filter((event) => event.type !== 'wait')).toEqual([
      expect.objectContaining({ type: 'authorize', reauthorizing: false }),
      expect.objectContaining({ type: 'clock-offset', offsetMs: 120_000, previousOffsetMs: 0 }),
      expect.objectContaining({ type: 'retry', status: 401, askedBy: ['token'] }),
      expect.objectContaining({ type: 'authorize', reauthorizing: true }),
    ]);
  });

  it('tells of a redirect refused, and of a rejection explained', async () => {
    const { api: shop, events } = watched();
    await expect(shop.get('moved')).rejects.toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
    await expect(shop.get('forbidden')).rejects.toThrow('ky-auth: the key is wrong.');
    expect(events.filter((event) => event.type === 'redirect' || event.type === 'rejection')).toEqual([
      expect.objectContaining({ type: 'redirect', status: 302, action: 'refused', url: `${api}/moved` }),
      expect.objectContaining({
        type: 'rejection',
        status: 403,
        errorType: 'ForbiddenException',
        explanation: 'the key is wrong.',
      }),
    ]);
  });

  it('keeps a listener that throws from touching the request', async () => {
    const shop = client([tenant], {
      onEvent() {
        throw new Error('listener failed');
      },
    });
    expect(await shop.get('ok').json()).toEqual({ ok: true });
  });
});
