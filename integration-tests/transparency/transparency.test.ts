import { afterEach, describe, expect, it } from '@jest/globals';
import { apiKey } from '@ky-auth/api-key';
import type { Interceptor } from '@ky-auth/core';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { type AppHooks, type HookState, hooksOf } from '../lib/hooks-of.ts';
import { installAuth } from '../lib/install-auth.ts';
import { type WireServer, wireStub } from '../lib/wire-stub.ts';

// Issue 22's acceptance: ky-auth is invisible to the app. The same scenarios run on bare ky, with a set of
// hooks bound to an origin the test never calls (a no-op interceptor), and with an API key bound to the
// test server; what the app can observe (every hook's arguments and their order, context, the requests
// fetch is handed and their identity, results, errors, progress events, cancelled streams) is recorded
// and compared with the bare run. The wire is an in-process fetch (lib/wire-stub.ts) installed as
// globalThis.fetch, so a scenario runs in milliseconds.

const origin = 'https://api.transparency.test';
const other = 'https://other.transparency.test';
const never = 'https://never.transparency.test';
const key = 'transparency-api-key-0001';
const callerToken = 'Bearer caller-own-token-0001';

/**
 * The ONLY differences allowed between a run with ky-auth and the bare run: packages/core/README.md's
 * "What changes when you install it", item by item. Everything else an app can observe must be equal,
 * with the no-op set and with the bound key. `withoutAllowed` takes out (and checks) 1, 2 and 5.
 */
const allowedDifferences = {
  /**
   * 1. A request to the bound origin is sent as a copy of ky's request with the interceptors' headers: the
   * wire (or the app's fetch) is handed the copy, and sees these headers on it.
   */
  copyWithInterceptorHeaders: ['x-api-key'],
  /** 2. That copy is sent with `redirect: 'manual'` when ky's request follows redirects. */
  manualRedirectOnTheBoundOrigin: true,
  /** 3. A body read once and buffered when an interceptor may ask for a retry: the API key never does. */
  bufferedBodyForResponders: 'not exercised',
  /** 4. A bound origin's 400/401/403 body redacted, a 401/403's message explained: no scenario has one. */
  redactedRefusals: 'not exercised',
  /**
   * 5. ky 2 gives `stringifyJson` a shallow copy of `json` when a client has any `init` hook (ky's
   * cloneInitHookOptions), which ky-auth's is: equal, not the same object. Proved to be ky's own doing below.
   */
  stringifyJsonGetsACopyOnKy2: true,
  /** 6. ky 1: a KyAuthError is rethrown from `beforeRetry`: no scenario has one. */
  authErrorsNotRetriedOnKy1: 'not exercised',
} as const;

type Major = 1 | 2;
type Install = 'bare' | 'noop' | 'bound';
type Entry = Record<string, unknown> & { at: string };

const kys: Record<Major, KyInstance> = { 1: ky1 as unknown as KyInstance, 2: ky2 };

const noop: Interceptor = {
  name: 'noop',
  stage: 'headers',
  headerNames: ['x-noop'],
  apply: () => undefined,
};

const installs: Record<Install, (major: Major, appFetch?: typeof fetch) => Record<string, unknown>> = {
  bare: (_major, appFetch) => (appFetch ? { fetch: appFetch } : {}),
  noop: (major, appFetch) => installAuth(major, [noop], { endpoint: never, appFetch }),
  bound: (major, appFetch) => installAuth(major, [apiKey(key)], { endpoint: `${origin}/`, appFetch }),
};

/** What one scenario does with the harness of one run. */
interface Harness {
  readonly major: Major;
  readonly ky: KyInstance;
  /** `{ prefix }` (ky 2) or `{ prefixUrl }` (ky 1). */
  prefix(url: string): Record<string, unknown>;
  /** A client: the app's options (with its hooks), then the run's installation. */
  client(options?: Record<string, unknown>, appFetch?: typeof fetch): KyInstance;
  /** Hooks that record every call (label.stage) and then do what `app` does. */
  hooks(
    label: string,
    app?: AppHooks,
    options?: { bodies?: boolean; init?: boolean },
  ): Record<string, unknown>;
  /** An app fetch that records what it is handed and sends it on the wire (or throws, when told). */
  appFetch(behaviour?: 'wire' | 'throw'): typeof fetch;
  /** Records a call's outcome: status and body, or the error. */
  settle(work: Promise<unknown>): Promise<void>;
  note(entry: Entry): void;
  /** Lets cancellations and other queued work run. */
  flush(): Promise<void>;
}

interface Scenario {
  readonly name: string;
  readonly majors?: readonly Major[];
  readonly server: () => WireServer;
  run(t: Harness): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Snapshots of what the app sees

const boundaryPattern = /formdata-undici-\d+/g;

function contextOf(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  return Object.fromEntries(
    Reflect.ownKeys(context).map((name) => [
      typeof name === 'symbol' ? `@@${name.description}` : name,
      (context as Record<PropertyKey, unknown>)[name],
    ]),
  );
}

const sortedHeaders = (headers: Headers | Readonly<Record<string, string>>) =>
  Object.fromEntries(
    (headers instanceof Headers ? [...headers] : Object.entries(headers)).sort(([a], [b]) =>
      a < b ? -1 : 1,
    ),
  );

async function bodyOf(request: Request): Promise<string | null> {
  if (request.body === null) return null;
  if (request.bodyUsed) return '[used]';
  try {
    return await request.clone().text();
  } catch {
    return '[unreadable]';
  }
}

async function runScenario(scenario: Scenario, major: Major, install: Install): Promise<Entry[]> {
  const log: Entry[] = [];
  const ids = new WeakMap<object, string>();
  let nextId = 0;
  const id = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    let name = ids.get(value);
    if (name === undefined) {
      name = `#${nextId++}`;
      ids.set(value, name);
    }
    return name;
  };
  // What the wire or the app's fetch is handed is named only when the app saw it before: a copy would
  // otherwise shift every later name, and a copy on the bound origin is an allowed difference.
  const known = (value: unknown): string => ids.get(value as object) ?? 'a copy';
  const requestOf = async (request: Request, bodies: boolean, naming = id) => ({
    id: naming(request),
    url: request.url,
    method: request.method,
    headers: sortedHeaders(request.headers),
    redirect: request.redirect,
    ...(bodies && { body: await bodyOf(request) }),
  });
  const errorOf = async (error: unknown) => {
    if (!(error instanceof Error)) return { thrown: String(error) };
    const { request, response, data, options } = error as Error & {
      request?: Request;
      response?: Response;
      data?: unknown;
      options?: { context?: unknown };
    };
    return {
      id: id(error),
      name: error.name,
      message: error.message,
      cause: error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : error.cause,
      status: response?.status,
      request: request instanceof Request ? await requestOf(request, false) : request,
      data,
      context: contextOf(options?.context),
    };
  };

  const wire = wireStub(scenario.server());
  const server = wire.fetch;
  const recordingWire = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (input instanceof Request) {
      log.push({ at: 'wire.handed', ...(await requestOf(input, false, known)) });
    }
    return server(input, init);
  }) as typeof fetch;
  const original = globalThis.fetch;
  globalThis.fetch = recordingWire;

  const harness: Harness = {
    major,
    ky: kys[major],
    prefix: (url) => (major === 1 ? { prefixUrl: url } : { prefix: url }),
    client(options = {}, appFetch) {
      return kys[major].create(options).extend(installs[install](major, appFetch));
    },
    hooks(label, app = {}, { bodies = true, init = true } = {}) {
      const record =
        (stage: keyof AppHooks) =>
        async (state: HookState): Promise<void> => {
          log.push({
            at: `${label}.${stage}`,
            request: await requestOf(state.request, bodies),
            context: contextOf(state.options?.context),
            redirect: state.options?.redirect,
            retryCount: state.retryCount,
            ...(state.response && { status: state.response.status, response: id(state.response) }),
            ...(state.error && { error: await errorOf(state.error) }),
          });
        };
      return hooksOf(major, {
        ...(init && {
          init: (options: Record<string, unknown>) => {
            log.push({
              at: `${label}.init`,
              context: contextOf(options.context),
              redirect: options.redirect,
            });
            app.init?.(options);
          },
        }),
        beforeRequest: async (state) => {
          await record('beforeRequest')(state);
          return app.beforeRequest?.(state);
        },
        beforeRetry: async (state) => {
          await record('beforeRetry')(state);
          return app.beforeRetry?.(state);
        },
        afterResponse: async (state) => {
          await record('afterResponse')(state);
          return app.afterResponse?.(state);
        },
        beforeError: async (state) => {
          log.push({
            at: `${label}.beforeError`,
            error: await errorOf(state.error),
            retryCount: state.retryCount,
          });
          return app.beforeError?.(state) ?? state.error;
        },
      });
    },
    appFetch(behaviour = 'wire') {
      return (async (input: RequestInfo | URL, init?: RequestInit) => {
        log.push({
          at: 'appFetch',
          ...(input instanceof Request ? await requestOf(input, false, known) : { input: String(input) }),
        });
        if (behaviour === 'throw') throw new TypeError('fetch failed');
        return globalThis.fetch(input, init);
      }) as typeof fetch;
    },
    async settle(work) {
      try {
        const value = await work;
        log.push({
          at: 'result',
          value:
            value instanceof Response
              ? { status: value.status, id: id(value), body: await value.text() }
              : value instanceof ArrayBuffer
                ? { bytes: value.byteLength }
                : value,
        });
      } catch (error) {
        log.push({ at: 'error', ...(await errorOf(error)) });
      }
    },
    note: (entry) => log.push(entry),
    async flush() {
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    },
  };

  try {
    await scenario.run(harness);
    await harness.flush();
  } finally {
    globalThis.fetch = original;
  }
  // What reached the wire, last: a server's view (headers as received, body bytes, redirect mode).
  for (const received of wire.received) {
    log.push({
      at: 'wire',
      hop: received.hop,
      url: received.url,
      method: received.method,
      headers: sortedHeaders(received.headers),
      redirect: received.redirect,
      body: received.body === null ? null : new TextDecoder().decode(received.body),
    });
  }
  return JSON.parse(JSON.stringify(log).replace(boundaryPattern, 'formdata-undici-N'));
}

/**
 * A bound run's log with the allowed differences taken out (and checked: the key is there, the redirect
 * mode is not 'follow'), and the bare run's log made comparable with it.
 */
function withoutAllowed(log: Entry[], major: Major, install: Install, problems: string[]): Entry[] {
  return log.map((entry) => {
    if (entry.at === 'stringifyJson' && major === 2 && allowedDifferences.stringifyJsonGetsACopyOnKy2) {
      const { own: _own, ...rest } = entry;
      return rest as Entry;
    }
    if (!['wire', 'wire.handed', 'appFetch'].includes(entry.at)) return entry;
    if (typeof entry.url !== 'string' || !entry.url.startsWith(`${origin}/`)) return entry;
    const headers = { ...(entry.headers as Record<string, string>) };
    if (install === 'bound') {
      for (const name of allowedDifferences.copyWithInterceptorHeaders) {
        if (headers[name] !== key) problems.push(`${entry.at} ${entry.url}: ${name} is ${headers[name]}`);
        delete headers[name];
      }
      if (entry.redirect === 'follow')
        problems.push(`${entry.at} ${entry.url}: credentialed with redirect 'follow'`);
    }
    const { id: _id, redirect, ...rest } = entry;
    return { ...rest, headers, redirect: redirect === 'manual' ? 'follow' : redirect };
  });
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

/** A server answering `answers` in turn (the last one again after that), echoing what it received. */
const inTurn =
  (...answers: ((received: { url: string; body: string | null }) => Response | 'reset' | 'hang')[]) =>
  (): WireServer => {
    let turn = 0;
    return (request) => {
      const answer = answers[Math.min(turn++, answers.length - 1)]!;
      return answer({
        url: request.url,
        body: request.body === null ? null : new TextDecoder().decode(request.body),
      });
    };
  };
const echo = ({ url, body }: { url: string; body: string | null }) => json({ url, body });
const retryAtOnce = (limit: number, extra: Record<string, unknown> = {}) => ({
  retry: { limit, delay: () => 0, ...extra },
});

const scenarios: Scenario[] = [
  {
    name: 'GET with a context, hooks at every stage (client, extend, call), .json()',
    server: inTurn(echo),
    async run(t) {
      const client = t
        .client({
          ...t.prefix(`${origin}/`),
          context: { tenant: 'acme', nested: { a: 1 } },
          hooks: t.hooks('client'),
        })
        .extend({ hooks: t.hooks('extended') });
      await t.settle(client.get('items', { hooks: t.hooks('call'), context: { call: 1 } }).json());
    },
  },
  {
    name: 'POST json retried after a 503: beforeRetry changes a header, the retry sends it',
    server: inTurn(() => json({ busy: true }, 503), echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        ...retryAtOnce(2, { methods: ['post'], statusCodes: [503] }),
        hooks: t.hooks('client', {
          beforeRetry: ({ request, retryCount }) => {
            request.headers.set('x-retry', String(retryCount));
          },
        }),
      });
      await t.settle(client.post('items', { json: { n: 1 } }).json());
    },
  },
  {
    name: 'POST retried after a 503: beforeRetry returns a Request with another header and body, the retry sends them',
    server: inTurn(() => json({ busy: true }, 503), echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        ...retryAtOnce(2, { methods: ['post'], statusCodes: [503] }),
        hooks: t.hooks('client', {
          beforeRetry: ({ request }) =>
            new Request(request, {
              headers: { ...Object.fromEntries(request.headers), 'x-changed': 'yes' },
              body: 'changed body',
            }),
        }),
      });
      await t.settle(
        client.post('items', { body: 'first body', headers: { 'content-type': 'text/plain' } }).text(),
      );
    },
  },
  {
    name: 'ky.retry({ request }) from afterResponse: the forced retry sends the new request',
    server: inTurn(() => json({ again: true }), echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        ...retryAtOnce(1),
        hooks: t.hooks('client', {
          afterResponse: ({ request, retryCount }) =>
            retryCount === 0
              ? (t.ky as unknown as { retry(options: object): unknown }).retry({
                  request: new Request(request, {
                    headers: { ...Object.fromEntries(request.headers), 'x-forced': '1' },
                    body: 'forced body',
                  }),
                })
              : undefined,
        }),
      });
      await t.settle(client.post('items', { body: 'first body' }).text());
    },
  },
  {
    name: 'a TimeoutError is retried with retryOnTimeout',
    server: inTurn(() => 'hang', echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        timeout: 40,
        ...retryAtOnce(1, { retryOnTimeout: true }),
        hooks: t.hooks('client'),
      });
      await t.settle(client.get('slow').json());
    },
  },
  {
    name: 'a TimeoutError is retried when shouldRetry says so',
    server: inTurn(() => 'hang', echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        timeout: 40,
        ...retryAtOnce(1, { shouldRetry: ({ error }: { error: Error }) => error.name === 'TimeoutError' }),
        hooks: t.hooks('client'),
      });
      await t.settle(client.get('slow').json());
    },
  },
  {
    name: "a custom fetch is handed ky's own Request for an origin the hooks are not bound to; the HTTPError holds it",
    server: inTurn(() => json({ broken: true }, 500)),
    async run(t) {
      const client = t.client({ retry: 0, hooks: t.hooks('client') }, t.appFetch());
      await t.settle(client.get(`${other}/elsewhere`, { headers: { authorization: callerToken } }));
    },
  },
  {
    name: 'a custom fetch on the bound origin: what reaches it, and the response the app gets',
    server: inTurn(echo),
    async run(t) {
      const client = t.client(
        { ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client') },
        t.appFetch(),
      );
      await t.settle(client.post('own', { body: 'through the app fetch' }));
    },
  },
  {
    name: 'a Request as input (method, headers and body from it)',
    server: inTurn(echo),
    async run(t) {
      const client = t.client({ retry: 0, hooks: t.hooks('client') });
      const input = new Request(`${origin}/from-request`, {
        method: 'PUT',
        headers: { 'x-in': '1', 'content-type': 'text/plain' },
        body: 'from a Request',
      });
      await t.settle(client(input).text());
    },
  },
  {
    name: 'onUploadProgress: the same events',
    server: inTurn(echo),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        retry: 0,
        hooks: t.hooks('client', {}, { bodies: false }),
      });
      const events: unknown[] = [];
      await t.settle(
        client
          .post('upload', {
            body: new Uint8Array(200_000).fill(7),
            onUploadProgress: ({ percent, transferredBytes }) => events.push([percent, transferredBytes]),
          })
          .json(),
      );
      t.note({ at: 'upload events', count: events.length, events });
    },
  },
  {
    name: 'onDownloadProgress: the same events',
    server: inTurn(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let chunk = 0; chunk < 3; chunk++) controller.enqueue(new Uint8Array(1000).fill(chunk));
              controller.close();
            },
          }),
          { headers: { 'content-length': '3000' } },
        ),
    ),
    async run(t) {
      const client = t.client({ ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client') });
      const events: unknown[] = [];
      await t.settle(
        client
          .get('download', {
            onDownloadProgress: ({ percent, transferredBytes }) => events.push([percent, transferredBytes]),
          })
          .arrayBuffer(),
      );
      t.note({ at: 'download events', count: events.length, events });
    },
  },
  {
    name: "the caller's upload stream is cancelled when fetch throws",
    server: inTurn(echo),
    async run(t) {
      let pulls = 0;
      let cancelled = false;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls += 1;
          controller.enqueue(new TextEncoder().encode(`chunk ${pulls};`));
          if (pulls === 3) controller.close();
        },
        cancel() {
          cancelled = true;
        },
      });
      const client = t.client(
        { ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client', {}, { bodies: false }) },
        t.appFetch('throw'),
      );
      await t.settle(client.post('stream', { body: stream }));
      await t.flush();
      t.note({ at: 'upload stream', cancelled });
    },
  },
  {
    name: 'throwHttpErrors: false hands the 404 over',
    server: inTurn(() => json({ missing: true }, 404)),
    async run(t) {
      const client = t.client({
        ...t.prefix(`${origin}/`),
        throwHttpErrors: false,
        hooks: t.hooks('client'),
      });
      await t.settle(client.get('missing'));
    },
  },
  {
    name: "json: stringifyJson gets the caller's own object, parseJson what ky gives it",
    server: inTurn(echo),
    async run(t) {
      const payload = { n: 1, nested: { list: [1, 2] } };
      const client = t.client({
        ...t.prefix(`${origin}/`),
        retry: 0,
        hooks: t.hooks('client', {}, { init: false }),
        stringifyJson: (data: unknown) => {
          t.note({ at: 'stringifyJson', own: data === payload, data });
          return JSON.stringify(data);
        },
        parseJson: (text: string, info?: { request?: Request; response?: Response }) => {
          t.note({
            at: 'parseJson',
            text,
            request: info?.request && { url: info.request.url, headers: sortedHeaders(info.request.headers) },
            status: info?.response?.status,
          });
          return JSON.parse(text);
        },
      });
      await t.settle(client.post('json', { json: payload }).json());
    },
  },
  {
    name: "an HTTPError from the bound origin: its request keeps the caller's own Authorization",
    server: inTurn(() => json({ broken: true }, 500)),
    async run(t) {
      const client = t.client({ ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client') });
      await t.settle(client.get('broken', { headers: { authorization: callerToken } }));
    },
  },
  {
    name: 'a connection reset: the same error, with the same request',
    server: inTurn(() => 'reset'),
    async run(t) {
      const client = t.client({ ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client') });
      await t.settle(client.get('reset', { headers: { 'x-caller': 'yes' } }));
    },
  },
  {
    name: 'per-call beforeRequest hooks run, and one that rebuilds the request is sent as rebuilt',
    server: inTurn(echo),
    async run(t) {
      const client = t.client({ ...t.prefix(`${origin}/`), retry: 0, hooks: t.hooks('client') });
      const rebuild = t.hooks('call', {
        beforeRequest: ({ request }) =>
          new Request(request.url, {
            method: request.method,
            headers: { ...Object.fromEntries(request.headers), 'x-rebuilt': '1' },
          }),
      });
      await t.settle(client.get('rebuilt', { hooks: rebuild }).json());
      await t.settle(client.get('after', { hooks: t.hooks('second-call') }).json());
    },
  },
  {
    name: 'a redirect on an origin the hooks are not bound to is followed as fetch follows it',
    server: inTurn(({ url }) =>
      url.endsWith('/moved')
        ? new Response(null, { status: 302, headers: { location: '/landing' } })
        : echo({ url, body: null }),
    ),
    async run(t) {
      const client = t.client({ retry: 0, hooks: t.hooks('client') });
      await t.settle(client.get(`${other}/moved`).json());
    },
  },
];

// ---------------------------------------------------------------------------------------------------

afterEach(() => {
  // A scenario that failed half-way must not leave its wire behind.
  expect(globalThis.fetch).toBe(originalFetch);
});
const originalFetch = globalThis.fetch;

describe.each([1, 2] as const)('ky %i: the app sees the same with ky-auth as without', (major) => {
  const forMajor = scenarios.filter((scenario) => scenario.majors?.includes(major) ?? true);

  it.each(forMajor.map((scenario) => [scenario.name, scenario] as const))(
    '%s — hooks bound to an origin never called',
    async (_name, scenario) => {
      const problems: string[] = [];
      const bare = withoutAllowed(await runScenario(scenario, major, 'bare'), major, 'bare', problems);
      const noopRun = withoutAllowed(await runScenario(scenario, major, 'noop'), major, 'noop', problems);
      expect({ problems, log: noopRun }).toEqual({ problems: [], log: bare });
    },
  );

  it.each(forMajor.map((scenario) => [scenario.name, scenario] as const))(
    '%s — an API key bound to the server',
    async (_name, scenario) => {
      const problems: string[] = [];
      const bare = withoutAllowed(await runScenario(scenario, major, 'bare'), major, 'bare', problems);
      const bound = withoutAllowed(await runScenario(scenario, major, 'bound'), major, 'bound', problems);
      expect({ problems, log: bound }).toEqual({ problems: [], log: bare });
    },
  );
});

// Allowed difference 5 is ky's, not ky-auth's: bare ky 2 with any init hook of the app's does the same.
it("ky 2 gives stringifyJson a copy of json whenever a client has an init hook, ky-auth's or not", async () => {
  const payload = { n: 1 };
  const given: unknown[] = [];
  const wire = wireStub(() => new Response('{}'));
  const client = ky2.create({
    fetch: wire.fetch,
    stringifyJson: (data: unknown) => {
      given.push(data);
      return JSON.stringify(data);
    },
  });
  await client.post(`${origin}/plain`, { json: payload });
  await client.post(`${origin}/with-init`, { json: payload, hooks: { init: [() => undefined] } });
  expect(given).toEqual([payload, payload]);
  expect(given.map((data) => data === payload)).toEqual([true, false]);
});
