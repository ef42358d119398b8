import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import ky1, { HTTPError as Ky1HTTPError, TimeoutError as Ky1TimeoutError } from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { KyAuthError, RequestPolicyError } from '../errors.ts';
import {
  type AuthHooksOptions,
  type AuthHooksOptionsWithEndpoint,
  authHooks as authHooks2,
} from './auth-hooks.ts';
import { followRedirects } from './follow-redirects.ts';
import { type AuthOptions, authOptions as authOptions1 } from './ky1.ts';
import type { Interceptor } from './types.ts';

const api = 'https://api.example.com';
const other = 'https://other.example.net';

interface Received {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

const received: Received[] = [];
const record = async (request: Request) => {
  received.push({
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  });
};

let statuses: number[] = [];
const server = setupServer(
  http.all(`${api}/echo`, async ({ request }) => {
    await record(request);
    const status = statuses.shift() ?? 200;
    return HttpResponse.json({ ok: status < 400 }, { status, headers: { date: new Date().toUTCString() } });
  }),
  http.all(`${api}/moved`, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 307, headers: { location: `${api}/echo` } });
  }),
  http.all(`${api}/away`, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 302, headers: { location: `${other}/landing` } });
  }),
  http.all(`${other}/*`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({ elsewhere: true });
  }),
  http.all('http://insecure.example.com/*', async ({ request }) => {
    await record(request);
    return HttpResponse.json({});
  }),
  http.all('http://127.0.0.1:8123/*', async ({ request }) => {
    await record(request);
    return HttpResponse.json({});
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
  statuses = [];
});
afterAll(() => server.close());

/** An interceptor that sets `header` to a fresh value on every application, unless already present. */
function counting(name: string, stage: Interceptor['stage'], header: string) {
  const seen: { retryCount: number; reauthorizing: boolean; headers: Record<string, string> }[] = [];
  const interceptor: Interceptor = {
    name,
    stage,
    headerNames: [header],
    apply(request, context) {
      seen.push({
        retryCount: context.retryCount,
        reauthorizing: context.reauthorizing,
        headers: Object.fromEntries(request.headers),
      });
      if (!request.headers.has(header)) request.headers.set(header, `${name}-${seen.length}`);
    },
  };
  return { interceptor, seen };
}

type Install = (
  interceptors: readonly Interceptor[],
  options: AuthHooksOptionsWithEndpoint,
) => Partial<AuthOptions>;

const majors = [
  {
    major: 1,
    authHooks: authOptions1 as Install,
    client: (auth: Partial<AuthOptions>, retry = 0, prefixed = true) =>
      prefixed ? ky1.create({ prefixUrl: api, ...auth, retry }) : ky1.create({ ...auth, retry }),
  },
  {
    major: 2,
    authHooks: ((interceptors, options) => ({ hooks: authHooks2(interceptors, options) })) as Install,
    client: (auth: Partial<AuthOptions>, retry = 0, prefixed = true) =>
      prefixed ? ky2.create({ prefix: api, ...auth, retry }) : ky2.create({ ...auth, retry }),
  },
] as const;

describe.each(majors)('authHooks with ky $major', ({ authHooks, client }) => {
  // Bound to the test API unless a test names another endpoint (then the client has no prefix).
  const build = (interceptors: Interceptor[], options: AuthHooksOptions = {}, retry?: number) =>
    client(
      authHooks(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
      retry,
      options.endpoint === undefined,
    );

  it('runs headers, then auth, then sign, whatever order they are given in', async () => {
    const sign = counting('sign', 'sign', 'x-sig');
    const auth = counting('auth', 'auth', 'x-token');
    const headers = counting('headers', 'headers', 'x-custom');
    await build([sign.interceptor, auth.interceptor, headers.interceptor]).get('echo');
    expect(sign.seen[0]?.headers).toMatchObject({ 'x-token': 'auth-1', 'x-custom': 'headers-1' });
    expect(auth.seen[0]?.headers['x-custom']).toBe('headers-1');
    expect(headers.seen[0]?.headers['x-token']).toBeUndefined();
    expect(received[0]?.headers).toMatchObject({
      'x-sig': 'sign-1',
      'x-token': 'auth-1',
      'x-custom': 'headers-1',
    });
  });

  it("tells an onResponse how long it may read a body: a quarter of ky's timeout, at most 1 s", async () => {
    const allowed: number[] = [];
    const reading: Interceptor = {
      name: 'reading',
      stage: 'auth',
      apply: (request) => void request.headers.set('x-token', 'token'),
      onResponse: (_response, _request, { readTimeoutMs }) => {
        allowed.push(readTimeoutMs);
        return false;
      },
    };
    const api = build([reading]);
    await api.get('echo', { timeout: 400 });
    await api.get('echo', { timeout: 60_000 });
    await api.get('echo', { timeout: false });
    expect(allowed).toEqual([100, 1_000, 1_000]);
  });

  it('re-applies every interceptor before each ky retry, replacing what the last attempt carried', async () => {
    statuses = [503, 503];
    const auth = counting('auth', 'auth', 'x-token');
    await build([auth.interceptor], {}, 2).get('echo');
    expect(received.map((request) => request.headers['x-token'])).toEqual(['auth-1', 'auth-2', 'auth-3']);
    expect(auth.seen.map((call) => call.retryCount)).toEqual([0, 1, 2]);
  });

  it('lets a per-request header win over the one an interceptor would set', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    await build([auth.interceptor]).get('echo', { headers: { 'x-token': 'mine' } });
    expect(received[0]?.headers['x-token']).toBe('mine');
  });

  it("skips auth and signing, not custom headers, for a call with context: { authMode: 'none' }", async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const sign = counting('sign', 'sign', 'x-sig');
    const headers = counting('headers', 'headers', 'x-custom');
    await build([auth.interceptor, sign.interceptor, headers.interceptor]).get('echo', {
      context: { authMode: 'none' },
    });
    expect(auth.seen).toHaveLength(0);
    expect(sign.seen).toHaveLength(0);
    expect(received[0]?.headers).toMatchObject({ 'x-custom': 'headers-1' });
    expect(received[0]?.headers['x-token']).toBeUndefined();
    expect(received[0]?.headers['x-sig']).toBeUndefined();
  });

  it("with defaultAuthMode 'none', authorizes only calls that ask for it", async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const api = build([auth.interceptor], { defaultAuthMode: 'none' });
    await api.get('echo');
    await api.get('echo', { context: { authMode: 'default' } });
    expect(received.map((request) => request.headers['x-token'])).toEqual([undefined, 'auth-1']);
  });

  it('gives one re-authorized retry when onResponse asks, and never a second', async () => {
    statuses = [401, 401, 401];
    const auth = counting('auth', 'auth', 'x-token');
    let asked = 0;
    const refreshing: Interceptor = {
      ...auth.interceptor,
      onResponse: (response) => {
        asked += 1;
        return response.status === 401;
      },
    };
    const error = await build([refreshing], {}, 2)
      .post('echo', { json: { a: 1 } })
      .catch((caught: unknown) => caught);
    expect((error as { response?: Response }).response?.status).toBe(401);
    expect(received).toHaveLength(2);
    expect(asked).toBe(1);
    expect(received.map((request) => request.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(received.map((request) => request.headers['x-token'])).toEqual(['auth-1', 'auth-2']);
    expect(auth.seen.map((call) => call.reauthorizing)).toEqual([false, true]);
  });

  it('returns the re-authorized response when the retry succeeds', async () => {
    statuses = [401];
    const auth = counting('auth', 'auth', 'x-token');
    const refreshing: Interceptor = {
      ...auth.interceptor,
      onResponse: (response) => response.status === 401,
    };
    const body = await build([refreshing]).get('echo').json();
    expect(body).toEqual({ ok: true });
    expect(received.map((request) => request.headers['x-token'])).toEqual(['auth-1', 'auth-2']);
  });

  it('sends nothing when an interceptor fails, and says which one', async () => {
    const failing: Interceptor = {
      name: 'broken',
      stage: 'auth',
      apply() {
        throw new Error('provider exploded');
      },
    };
    const error = await build([failing])
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KyAuthError);
    expect(error).toMatchObject({ code: 'ERR_INTERCEPTOR_FAILED' });
    expect((error as Error).message).toContain('"broken"');
    expect(received).toHaveLength(0);
  });

  it('keeps credentials off requests to another origin through the same client', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    await client(authHooks([auth.interceptor], { endpoint: api }), 0, false).get(`${other}/page`);
    await client(authHooks([auth.interceptor], { endpoint: api }), 0, false).get(`${api}/echo`);
    expect(auth.seen).toHaveLength(1);
    expect(received.map((request) => request.headers['x-token'])).toEqual([undefined, 'auth-1']);
  });

  it('refuses to send credentials over plain http except to loopback, and says how to opt in', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const insecure = build([auth.interceptor], { endpoint: 'http://insecure.example.com/' });
    const error = await insecure.get('http://insecure.example.com/x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
    expect((error as Error).message).toContain('allowInsecureHttp');
    expect(received).toHaveLength(0);

    const optedIn = build([auth.interceptor], {
      endpoint: 'http://insecure.example.com/',
      allowInsecureHttp: true,
    });
    await optedIn.get('http://insecure.example.com/x');
    const loopback = build([auth.interceptor], { endpoint: 'http://127.0.0.1:8123/' });
    await loopback.get('http://127.0.0.1:8123/x');
    expect(received.map((request) => request.headers['x-token'])).toEqual(['auth-1', 'auth-2']);
  });

  it('fails a redirect by default, without following it with or without credentials', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const error = await build([auth.interceptor])
      .post('moved', { body: 'payload' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
    expect((error as Error).message).toContain('followRedirects()');
    expect(received.map((request) => new URL(request.url).pathname)).toEqual(['/moved']);
  });

  it('leaves a redirect to ky and fetch when the caller asked for redirect: manual', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const response = await build([auth.interceptor]).get('moved', {
      redirect: 'manual',
      throwHttpErrors: false,
    });
    expect(response.status).toBe(307);
    expect(received.map((request) => new URL(request.url).pathname)).toEqual(['/moved']);
  });

  it('follows a same-origin redirect with freshly applied credentials under followRedirects()', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    await build([auth.interceptor], { redirects: followRedirects() }).post('moved', { body: 'payload' });
    expect(
      received.map((request) => [new URL(request.url).pathname, request.headers['x-token'], request.body]),
    ).toEqual([
      ['/moved', 'auth-1', 'payload'],
      ['/echo', 'auth-2', 'payload'],
    ]);
  });

  it('fails a redirect to another origin instead of carrying credentials there', async () => {
    const auth = counting('auth', 'auth', 'x-api-key');
    const error = await build([auth.interceptor], { redirects: followRedirects() })
      .get('away')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_CROSS_ORIGIN_REDIRECT' });
    expect((error as Error).message).toContain(other);
    expect(received.map((request) => new URL(request.url).origin)).toEqual([api]);
  });

  it('follows a cross-origin redirect without credentials when asked to', async () => {
    const auth = counting('auth', 'auth', 'x-api-key');
    const redirects = followRedirects({ crossOrigin: 'follow-without-credentials' });
    const body = await build([auth.interceptor], { redirects })
      .get('away', { headers: { 'x-caller': 'kept', authorization: 'Bearer mine' } })
      .json();
    expect(body).toEqual({ elsewhere: true });
    expect(received[1]?.url).toBe(`${other}/landing`);
    expect(received[1]?.headers['x-api-key']).toBeUndefined();
    expect(received[1]?.headers.authorization).toBeUndefined();
    expect(received[1]?.headers['x-caller']).toBe('kept');
  });

  it('keeps the state of concurrent calls apart', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const api = build([auth.interceptor]);
    await Promise.all([
      api.get('echo', { headers: { 'x-token': 'first' } }),
      api.get('echo'),
      api.get('echo', { headers: { 'x-token': 'third' } }),
    ]);
    const tokens = received.map((request) => request.headers['x-token']).sort();
    expect(tokens).toEqual([expect.stringMatching(/^auth-[123]$/), 'first', 'third']);
    expect(auth.seen).toHaveLength(3);
  });
});

describe.each(majors)('authHooks failures with ky $major and retries on', ({ authHooks, client }) => {
  it('fails at once with the interceptor error, without a retry that would mask it', async () => {
    let applied = 0;
    const failing: Interceptor = {
      name: 'token',
      stage: 'auth',
      apply() {
        applied += 1;
        throw new KyAuthError(applied === 1 ? 'ERR_NOT_SIGNED_IN' : 'ERR_TOKEN_EXPIRED', 'no token');
      },
    };
    const error = await client(authHooks([failing], { endpoint: api }), 2)
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
    expect(applied).toBe(1);
    expect(received).toHaveLength(0);
  });
});

describe('authHooks with ky 1 and a provider that never answers', () => {
  it("fails with ky's own TimeoutError at ky's timeout, sends nothing and does not retry", async () => {
    let applied = 0;
    const hanging: Interceptor = {
      name: 'hanging',
      stage: 'auth',
      apply: () => {
        applied += 1;
        return new Promise<undefined>(() => undefined);
      },
    };
    const error = await ky1
      .create({ prefixUrl: api, ...authOptions1([hanging], { endpoint: api }), timeout: 200, retry: 2 })
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Ky1TimeoutError);
    expect(applied).toBe(1);
    expect(received).toHaveLength(0);
  });
});

describe.each(majors)("authHooks with ky $major and the client's own fetch", ({ major }) => {
  it('sends every attempt, the re-authorized retry included, through that fetch', async () => {
    statuses = [401];
    const through: string[] = [];
    const ownFetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      through.push(request.headers.get('x-token') ?? 'none');
      return globalThis.fetch(request);
    };
    const auth = counting('auth', 'auth', 'x-token');
    const refreshing: Interceptor = {
      ...auth.interceptor,
      onResponse: (response) => response.status === 401,
    };
    const client =
      major === 1
        ? ky1.create({
            prefixUrl: api,
            ...authOptions1([refreshing], { endpoint: api, fetch: ownFetch }),
            retry: 0,
          })
        : ky2.create({
            prefix: api,
            hooks: authHooks2([refreshing], { endpoint: api }),
            retry: 0,
            fetch: ownFetch,
          });
    await client.get('echo').json();
    expect(through).toEqual(['auth-1', 'auth-2']);
    expect(received.map((request) => request.headers['x-token'])).toEqual(['auth-1', 'auth-2']);
  });
});

describe('hooks for the other ky major', () => {
  it("leave ky 2's response as it is when a hook before them answered", async () => {
    const answered = ky2
      .create({ prefix: api, retry: 0, hooks: { beforeRequest: [() => new Response('{"from":"hook"}')] } })
      .extend(authOptions1([counting('a', 'auth', 'x-token').interceptor], { endpoint: api }));
    expect(await answered.get('echo').json()).toEqual({ from: 'hook' });
    expect(received).toHaveLength(0);
  });

  it("leave ky 1's HTTPError as it is when a hook before them answered (their beforeError is ky 2's)", async () => {
    const answered = ky1
      .create({
        prefixUrl: api,
        retry: 0,
        hooks: { beforeRequest: [() => new Response('', { status: 500 })] },
      })
      .extend({ hooks: authHooks2([counting('a', 'auth', 'x-token').interceptor], { endpoint: api }) });
    const error = await answered.get('echo').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Ky1HTTPError);
    expect((error as InstanceType<typeof Ky1HTTPError>).response.status).toBe(500);
    expect(received).toHaveLength(0);
  });

  it.each([
    [
      'ky 2 hooks on a ky 1 client',
      () =>
        ky1.create({
          prefixUrl: api,
          hooks: authHooks2([counting('a', 'auth', 'x-token').interceptor], { endpoint: api }),
          retry: 2,
        }),
    ],
    [
      'ky 1 hooks on a ky 2 client',
      () =>
        ky2.create({
          prefix: api,
          ...authOptions1([counting('a', 'auth', 'x-token').interceptor], { endpoint: api }),
          retry: 2,
        }),
    ],
  ])('%s fail every request with ERR_KY_MAJOR and send nothing', async (_, client) => {
    const error = await client()
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KyAuthError);
    expect(error).toMatchObject({ code: 'ERR_KY_MAJOR' });
    expect((error as Error).message).toMatch(/@ky-auth\/core(\/ky1)?'/);
    expect(received).toHaveLength(0);
  });

  it('ky 2 hooks on a ky 1 client refuse once: ky 1 does not retry the refusal as a network failure', async () => {
    const hooks = authHooks2([counting('a', 'auth', 'x-token').interceptor], { endpoint: api });
    let refusals = 0;
    const refuse = hooks.beforeRequest![0]!;
    const error = await ky1
      .create({
        prefixUrl: api,
        hooks: {
          ...hooks,
          beforeRequest: [
            (...args: unknown[]) => {
              refusals += 1;
              return refuse(...args);
            },
          ],
        },
        retry: { limit: 2, backoffLimit: 1 },
      })
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_KY_MAJOR' });
    expect(refusals).toBe(1);
    expect(received).toHaveLength(0);
  });

  it("ky 2: a ky-auth error the app's shouldRetry retries is retried, as ky retries any error it is told to", async () => {
    let calls = 0;
    const flaky: Interceptor = {
      name: 'flaky',
      stage: 'auth',
      headerNames: ['x-token'],
      apply(request) {
        calls += 1;
        if (calls === 1) throw new Error('credentials not ready yet');
        request.headers.set('x-token', 'ready');
      },
    };
    const retried: string[] = [];
    await ky2
      .create({
        prefix: api,
        hooks: authHooks2([flaky], { endpoint: api }),
        retry: {
          limit: 1,
          delay: () => 0,
          shouldRetry: ({ error }: { error: Error }) => {
            retried.push(`${error.name} ${(error as KyAuthError).code}`);
            return true;
          },
        },
      } as never)
      .get('echo');
    expect(retried).toEqual(['KyAuthError ERR_INTERCEPTOR_FAILED']);
    expect(received.map(({ headers }) => headers['x-token'])).toEqual(['ready']);
  });

  it('ky 2 with only the init hook installed still authorizes (the other hooks are not required)', async () => {
    const { init } = authHooks2([counting('a', 'auth', 'x-token').interceptor], { endpoint: api });
    await ky2.create({ prefix: api, hooks: { init } } as never).get('echo');
    expect(received.map(({ headers }) => headers['x-token'])).toEqual(['a-1']);
  });

  it('ky 2 hooks, made once, refuse ky 1 still after serving ky 2 calls: a call drops the refusal from its own hooks only', async () => {
    const hooks = authHooks2([counting('a', 'auth', 'x-token').interceptor], { endpoint: api });
    const client2 = ky2.create({ prefix: api, hooks });
    await client2.get('echo');
    await client2.get('echo');
    expect(hooks.beforeRequest).toHaveLength(1);
    expect(received.map(({ headers }) => headers['x-token'])).toEqual(['a-1', 'a-2']);
    const error = await ky1
      .create({ prefixUrl: api, hooks, retry: 0 })
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_KY_MAJOR' });
    expect(received).toHaveLength(2);
  });
});

describe.each(majors)('authHooks with ky $major: what reaches the wire', ({ major, authHooks }) => {
  /** A fetch that records what it is handed and answers with `answer`. */
  const recording = (answer: (request: Request) => Response) => {
    const handed: Request[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      handed.push(request);
      return answer(request);
    };
    return { handed, fetch: fetch as typeof globalThis.fetch };
  };
  const clientWith = (
    interceptors: Interceptor[],
    fetch: typeof globalThis.fetch,
    options: AuthHooksOptions = {},
  ) =>
    major === 1
      ? ky1.create({
          prefixUrl: api,
          retry: 0,
          ...authOptions1(interceptors, { fetch, ...options, endpoint: options?.endpoint ?? api }),
        })
      : ky2.create({
          prefix: api,
          retry: 0,
          fetch,
          hooks: authHooks2(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
        });

  it("sends an interceptor's replacement request, still never following a redirect", async () => {
    const replacing: Interceptor = {
      name: 'replacing',
      stage: 'auth',
      headerNames: ['x-token'],
      // A replacement built from scratch follows redirects, as `new Request(url)` does.
      apply: (request) => new Request(request.url, { headers: { 'x-token': 'replaced' } }),
    };
    const wire = recording(() => new Response('{}'));
    await clientWith([replacing], wire.fetch).get('echo');
    expect(wire.handed.map((request) => [request.headers.get('x-token'), request.redirect])).toEqual([
      ['replaced', 'manual'],
    ]);
    void authHooks;
  });

  it("keeps a caller's redirect: 'error' on the credentialed copy", async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const wire = recording(() => new Response('{}'));
    await clientWith([auth.interceptor], wire.fetch).get('echo', { redirect: 'error' });
    expect(wire.handed.map((request) => [request.headers.get('x-token'), request.redirect])).toEqual([
      ['auth-1', 'error'],
    ]);
  });

  it.each([
    [
      'says it was redirected',
      () => Object.defineProperty(new Response('{}'), 'redirected', { value: true }),
    ],
    [
      'comes from another origin',
      () => Object.defineProperty(new Response('{}'), 'url', { value: `${other}/landing` }),
    ],
  ])('refuses an answer the platform followed a redirect for, which %s', async (_, answer) => {
    const auth = counting('auth', 'auth', 'x-token');
    const wire = recording(answer);
    const error = await clientWith([auth.interceptor], wire.fetch)
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
  });

  it('takes an answer with no URL (a stub, a custom fetch) as from the API', async () => {
    const auth = counting('auth', 'auth', 'x-token');
    const wire = recording(() => new Response('{"ok":true}'));
    expect(await clientWith([auth.interceptor], wire.fetch).get('echo').json()).toEqual({ ok: true });
  });

  it('sends a buffered body once read, the same bytes to each attempt', async () => {
    const refreshing: Interceptor = {
      ...counting('auth', 'auth', 'x-token').interceptor,
      onResponse: (response) => response.status === 401,
    };
    let calls = 0;
    const wire = recording(() => new Response('{}', { status: ++calls === 1 ? 401 : 200 }));
    await clientWith([refreshing], wire.fetch).post('echo', { body: 'payload' });
    expect(await Promise.all(wire.handed.map((request) => request.text()))).toEqual(['payload', 'payload']);
    expect(wire.handed.map((request) => request.headers.get('x-token'))).toEqual(['auth-1', 'auth-2']);
  });
});

describe.each(majors)('authHooks with ky $major: which answers and origins count', ({ major }) => {
  const wireOf = (answer: (request: Request) => Response) => {
    const handed: Request[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      handed.push(request);
      return Object.defineProperty(answer(request), 'url', { value: request.url });
    }) as typeof globalThis.fetch;
    return { handed, fetch };
  };
  const bare = (
    interceptors: Interceptor[],
    fetch: typeof globalThis.fetch,
    options: AuthHooksOptionsWithEndpoint,
  ) =>
    major === 1
      ? ky1.create({ retry: 0, ...authOptions1(interceptors, { fetch, ...options }) })
      : ky2.create({ retry: 0, fetch, hooks: authHooks2(interceptors, options) });

  it('binds each of several endpoints to its own origin, and tells the interceptor which', async () => {
    const seen: string[] = [];
    const auth: Interceptor = {
      name: 'auth',
      stage: 'auth',
      headerNames: ['x-token'],
      apply(request, context) {
        seen.push(context.endpoint?.origin ?? 'none');
        request.headers.set('x-token', 'secret-token');
      },
    };
    const wire = wireOf(() => new Response('{}'));
    const client = bare([auth], wire.fetch, { endpoint: [`${api}/v1/`, `${other}/v2/`] });
    await client.get(`${other}/v2/items`);
    await client.get(`${api}/v1/items`);
    await client.get('https://third.example.org/items');
    expect(seen).toEqual([other, api]);
    expect(wire.handed.map((request) => request.headers.get('x-token'))).toEqual([
      'secret-token',
      'secret-token',
      null,
    ]);
  });

  it("never asks onResponse about another origin's answer (a redirect followed without credentials)", async () => {
    let asked = 0;
    const auth: Interceptor = {
      ...counting('auth', 'auth', 'x-token').interceptor,
      onResponse: () => {
        asked += 1;
        return true;
      },
    };
    const wire = wireOf((request) =>
      request.url.startsWith(api)
        ? new Response(null, { status: 302, headers: { location: `${other}/landing` } })
        : new Response('{}', { status: 401 }),
    );
    const redirects = followRedirects({ crossOrigin: 'follow-without-credentials' });
    const error = await bare([auth], wire.fetch, { endpoint: api, redirects })
      .get(`${api}/away`)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'HTTPError' });
    expect(asked).toBe(0);
    expect(wire.handed.map((request) => [request.url, request.headers.get('x-token')])).toEqual([
      [`${api}/away`, 'auth-1'],
      [`${other}/landing`, null],
    ]);
  });

  it('gives one re-authorized retry per call, however often ky retries the refusal', async () => {
    const auth: Interceptor = {
      ...counting('auth', 'auth', 'x-token').interceptor,
      onResponse: (response) => response.status === 401,
    };
    const wire = wireOf(() => new Response('{}', { status: 401 }));
    const options = { endpoint: api };
    const retry = { limit: 2, statusCodes: [401], delay: () => 0 };
    const client =
      major === 1
        ? ky1.create({ retry, ...authOptions1([auth], { fetch: wire.fetch, ...options }) })
        : ky2.create({ retry, fetch: wire.fetch, hooks: authHooks2([auth], options) });
    await client.get(`${api}/echo`).catch(() => undefined);
    // ky's three attempts, and the one re-authorized retry of the first.
    expect(wire.handed.map((request) => request.headers.get('x-token'))).toEqual([
      'auth-1',
      'auth-2',
      'auth-3',
      'auth-4',
    ]);
  });

  it('refuses a call whose context asks for an auth mode that does not exist, sending nothing', async () => {
    const wire = wireOf(() => new Response('{}'));
    const error = await bare([counting('auth', 'auth', 'x-token').interceptor], wire.fetch, { endpoint: api })
      .get(`${api}/echo`, { context: { authMode: 'nonee' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID', path: 'context.authMode' });
    expect(wire.handed).toEqual([]);
  });
});

describe('two copies of @ky-auth/core on one ky 2 client', () => {
  // A second copy of the package's source, as an app bundling two versions would have: no module is
  // shared with the first, so only what is global (the credential marks) can connect them.
  const copyRoot = join(import.meta.dirname, '..', '..', '.second-copy');
  beforeAll(() => cpSync(join(import.meta.dirname, '..'), join(copyRoot, 'src'), { recursive: true }));
  afterAll(() => rmSync(copyRoot, { recursive: true, force: true }));

  it('share the credential marks: the strictest redirect policy holds across copies', async () => {
    const copy = (await import(
      join(copyRoot, 'src', 'engine', 'auth-hooks.ts')
    )) as typeof import('./auth-hooks.ts');
    const copyEngine = await import(join(copyRoot, 'src', 'engine', 'lib', 'auth-engine.ts'));
    expect(copyEngine).not.toBe(await import('./lib/auth-engine.ts'));
    const handed: Request[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      handed.push(request);
      return new Response(null, { status: 302, headers: { location: `${other}/landing` } });
    }) as typeof globalThis.fetch;
    const lenient = { redirects: followRedirects({ crossOrigin: 'follow-without-credentials' }) };
    const client = ky2
      .create({ prefix: api, retry: 0, fetch })
      // ky runs init hooks in order, each wrapping the fetch before it: the first set is the inner one,
      // so the outer (lenient) set learns of the inner set's stance only through the shared marks.
      .extend({ hooks: copy.authHooks([counting('a', 'auth', 'x-a').interceptor], { endpoint: api }) })
      .extend({
        hooks: authHooks2([counting('b', 'auth', 'x-b').interceptor], { endpoint: api, ...lenient }),
      });
    const error = await client.get('moved').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
    expect(
      handed.map((request) => [request.url, request.headers.get('x-a'), request.headers.get('x-b')]),
    ).toEqual([[`${api}/moved`, 'a-1', 'b-1']]);
  });
});

describe('authHooks with ky 2 in a browser whose fetch fails', () => {
  it('adds a CORS hint naming the credential headers a cross-origin request carried, and nothing else', async () => {
    const page = globalThis as { document?: unknown; location?: unknown };
    page.document = {};
    page.location = { origin: 'https://app.example.org' };
    try {
      const failing = (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof globalThis.fetch;
      const client = (interceptors: Interceptor[]) =>
        ky2.create({ retry: 0, fetch: failing, hooks: authHooks2(interceptors, { endpoint: api }) });
      // Both calls must fail: one that answers fails the test here.
      const notRefused = (): never => {
        throw new Error('the call was not refused');
      };
      const credentialed = await client([counting('auth', 'auth', 'x-api-key').interceptor])
        .get(`${api}/echo`)
        .then(notRefused, (caught: unknown) => caught as Error);
      expect(credentialed.name).toBe('NetworkError');
      expect(credentialed.message).toContain('CORS? This cross-origin request carried x-api-key;');
      const uncredentialed = await client([counting('auth', 'auth', 'x-api-key').interceptor])
        .get(`${other}/page`)
        .then(notRefused, (caught: unknown) => caught as Error);
      expect(uncredentialed.message).not.toContain('CORS?');
    } finally {
      delete page.document;
      delete page.location;
    }
  });
});

describe.each(majors)('authHooks with ky $major: failures pass through as they are', ({ major }) => {
  it('a fetch that rejects with something that is not an Error: the caller gets what it would without ky-auth', async () => {
    const rejecting = (async () => {
      throw 'offline';
    }) as typeof globalThis.fetch;
    const make = (withAuth: boolean) => {
      const interceptors = [counting('auth', 'auth', 'x-token').interceptor];
      if (major === 1)
        return withAuth
          ? ky1.create({ retry: 0, ...authOptions1(interceptors, { endpoint: api, fetch: rejecting }) })
          : ky1.create({ retry: 0, fetch: rejecting });
      return withAuth
        ? ky2.create({ retry: 0, fetch: rejecting, hooks: authHooks2(interceptors, { endpoint: api }) })
        : ky2.create({ retry: 0, fetch: rejecting });
    };
    const bare = await make(false)
      .get(`${api}/echo`)
      .then(
        () => 'answered',
        (caught: unknown) => caught,
      );
    const authorized = await make(true)
      .get(`${api}/echo`)
      .then(
        () => 'answered',
        (caught: unknown) => caught,
      );
    expect(authorized).toEqual(bare);
  });

  it("explains a 401 or 403, never a 400 (an app's own validation error)", async () => {
    const explaining: Interceptor = {
      ...counting('auth', 'auth', 'x-token').interceptor,
      explain: () => 'the token was refused',
    };
    const answering = (status: number) =>
      (async () => new Response('{"message":"no"}', { status })) as typeof globalThis.fetch;
    const message = async (status: number) => {
      const fetch = answering(status);
      const client =
        major === 1
          ? ky1.create({ retry: 0, ...authOptions1([explaining], { endpoint: api, fetch }) })
          : ky2.create({ retry: 0, fetch, hooks: authHooks2([explaining], { endpoint: api }) });
      return client.get(`${api}/echo`).then(
        () => 'answered',
        (caught: unknown) => (caught as Error).message,
      );
    };
    expect(await message(401)).toContain('ky-auth: the token was refused');
    expect(await message(400)).not.toContain('ky-auth:');
  });
});

describe('authOptions with ky 1, when an app hook before its own returns a Request', () => {
  it('still authorizes every attempt, and gives no re-authorized retry (the call is unknown)', async () => {
    const refreshing: Interceptor = {
      ...counting('auth', 'auth', 'x-token').interceptor,
      onResponse: (response) => response.status === 401,
    };
    const handed: (string | null)[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      handed.push(new Request(input, init).headers.get('x-token'));
      return new Response('{}', { status: 401 });
    }) as typeof globalThis.fetch;
    const client = ky1
      .create({
        prefixUrl: api,
        retry: { limit: 1, statusCodes: [401], delay: () => 0 },
        hooks: { beforeRequest: [(request: Request) => new Request(request)] },
      })
      .extend(authOptions1([refreshing], { endpoint: api, fetch }));
    await client.get('echo').catch(() => undefined);
    expect(handed).toEqual(['auth-1', 'auth-2']);
  });
});
