import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { apiKey } from '@ky-auth/api-key';
import type { Interceptor } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamSigner, signRequest } from '@ky-auth/iam-signer';
import { reachableStrings } from '@ky-auth/test-kit';
import { verifySignature } from '@ky-auth/test-kit/aws4-verifier';
import { latestTokenSource, tokenInterceptor } from '@ky-auth/token';
import fc from 'fast-check';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { type HookState, hooksOf } from '../lib/hooks-of.ts';
import { installAuth } from '../lib/install-auth.ts';
import { type WireAnswer, type WireRequest, wireStub } from '../lib/wire-stub.ts';

// Issue 21, item 7: the wire invariants under random compositions of what apps do with ky (prefixes,
// extend, two hook sets, app hooks that rebuild requests at every stage, forced retries, custom fetch,
// timeouts, every body type) against random hostile servers (redirects of every 3xx to the same origin,
// another one or plain http; slow, huge and echoing 401/403 bodies; a forged Date; 5xx; resets). The
// server is an in-process fetch (lib/wire-stub.ts), so thousands of compositions run in seconds.
//
// A monitor checks every request that reaches the wire, and everything handed to app code:
//   1. a hook set's credentials (its secrets, its SigV4 access key) go only to the origin it is bound to;
//   2. a request that carries credentials is sent with `redirect: 'manual'` (never followed by fetch);
//   3. a SigV4 signature matches the bytes received (recomputed with the `aws4` package);
//   4. at most ky's retry limit + 1 attempts, plus one re-authorized retry per hook set;
//   5. no secret (key, custom header secret, secret access key, session token, token, any signature sent)
//      in any hook argument (retry.shouldRetry's too), error (util.inspect showHidden at any depth, JSON,
//      cause chain, `data`), or body the app reads (SECURITY.md: a bound origin's 400/401/403 body is
//      redacted; the servers here quote what they received in their first KiB);
//   6. every call settles.
// Runs: WIRE_FUZZ_RUNS (default 2000), seed WIRE_FUZZ_SEED (default 2107). WIRE_FUZZ_SURVEY=1 runs them
// all and lists every kind of violation found instead of stopping at the first.

const runs = Number(process.env.WIRE_FUZZ_RUNS ?? 2000);
const seed = Number(process.env.WIRE_FUZZ_SEED ?? 2107);
const survey = process.env.WIRE_FUZZ_SURVEY === '1';
/** A composition printed by a failure, as JSON, to run it alone. */
const replay = process.env.WIRE_FUZZ_REPLAY;

const origins = {
  A: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
  B: 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com',
  other: 'https://other.wire-fuzz.test',
} as const;
const plainHttpA = origins.A.replace('https:', 'http:');
type Bound = 'A' | 'B';

/** Each hook set's own secrets, so the monitor knows whose credentials went where. */
const secretsOf = (set: number) => ({
  apiKey: `fuzz-api-key-${set}-do-not-leak-0001`,
  customSecret: `fuzz-custom-secret-${set}-do-not-leak-0001`,
  secretAccessKey: `wJalrXUtnFEMI/K7MDENG+bPxRfiCYFUZZSET${set}0001`,
  sessionToken: `IQoJb3JpZ2luX2VjFuzzSessionToken${set}00000001`,
  token: `fuzz-bearer-token-${set}-do-not-leak-0001`,
});
const accessKeyIdOf = (set: number) => `ASIAFUZZSETNUMBER${set}00`;

// ---------------------------------------------------------------------------------------------------
// Compositions

type InterceptorKind = 'apiKey' | 'custom' | 'iam' | 'token';
type BodyKind = 'none' | 'string' | 'json' | 'params' | 'form' | 'blob' | 'arraybuffer' | 'stream';
type Answer =
  | { kind: 'ok' }
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; to: 'same' | 'other' | 'http' }
  | { kind: 'reject'; status: 401 | 403; size: 'small' | 'huge' | 'slow' }
  | { kind: 'skew'; date: 'future' | 'past' }
  | { kind: '5xx'; status: 500 | 502 | 503 | 504 }
  | { kind: 'reset' }
  | { kind: 'hang' };

interface Composition {
  readonly major: 1 | 2;
  readonly sets: readonly { readonly interceptors: readonly InterceptorKind[]; readonly origin: Bound }[];
  /** Hook sets given in `ky.create` with the app's options, or added by `.extend`. */
  readonly installVia: 'create' | 'extend';
  readonly target: Bound | 'other';
  readonly style: 'prefix' | 'absolute' | 'url' | 'request' | 'baseUrl' | 'extendPrefix';
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly body: BodyKind;
  readonly app: {
    readonly headerBeforeRequest: boolean;
    readonly rebuildBeforeRequest: boolean;
    /** beforeRequest returns the request with other body bytes (an app that compresses or wraps bodies). */
    readonly rewriteBody: boolean;
    readonly forceRetry: boolean;
    readonly rebuildBeforeRetry: boolean;
    readonly perCallHook: boolean;
  };
  readonly retry: 0 | 1 | 2;
  readonly customFetch: boolean;
  readonly shortTimeout: boolean;
  readonly throwHttpErrors: boolean;
  readonly script: readonly Answer[];
}

const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'ok' as const }) },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('redirect' as const),
      status: fc.constantFrom(301 as const, 302 as const, 303 as const, 307 as const, 308 as const),
      to: fc.constantFrom('same' as const, 'other' as const, 'http' as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      status: fc.constantFrom(401 as const, 403 as const),
      size: fc.constantFrom('small' as const, 'huge' as const, 'slow' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('skew' as const),
      date: fc.constantFrom('future' as const, 'past' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('5xx' as const),
      status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reset' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
);

const composition: fc.Arbitrary<Composition> = fc
  .record({
    major: fc.constantFrom(1 as const, 2 as const),
    sets: fc.array(
      fc.record({
        interceptors: fc.uniqueArray(fc.constantFrom<InterceptorKind>('apiKey', 'custom', 'iam', 'token'), {
          minLength: 1,
          maxLength: 4,
        }),
        origin: fc.constantFrom<Bound>('A', 'B'),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    installVia: fc.constantFrom('create' as const, 'extend' as const),
    target: fc.constantFrom<Bound | 'other'>('A', 'A', 'B', 'other'),
    style: fc.constantFrom(
      'prefix' as const,
      'absolute' as const,
      'url' as const,
      'request' as const,
      'baseUrl' as const,
      'extendPrefix' as const,
    ),
    method: fc.constantFrom('GET' as const, 'POST' as const, 'PUT' as const),
    body: fc.constantFrom<BodyKind>(
      'none',
      'string',
      'json',
      'params',
      'form',
      'blob',
      'arraybuffer',
      'stream',
    ),
    app: fc.record({
      headerBeforeRequest: fc.boolean(),
      rebuildBeforeRequest: fc.boolean(),
      rewriteBody: fc.boolean(),
      forceRetry: fc.boolean(),
      rebuildBeforeRetry: fc.boolean(),
      perCallHook: fc.boolean(),
    }),
    retry: fc.constantFrom(0 as const, 1 as const, 2 as const),
    customFetch: fc.boolean(),
    shortTimeout: fc.boolean(),
    throwHttpErrors: fc.boolean(),
    script: fc.array(answer, { minLength: 1, maxLength: 3 }),
  })
  .map((drawn) => ({
    ...drawn,
    // ky 1 has no baseUrl; a GET has no body; a server that hangs is only worth a short timeout.
    style: drawn.major === 1 && drawn.style === 'baseUrl' ? 'prefix' : drawn.style,
    body: drawn.method === 'GET' ? 'none' : drawn.body,
    shortTimeout: drawn.shortTimeout || drawn.script.some(({ kind }) => kind === 'hang'),
  }));

// ---------------------------------------------------------------------------------------------------
// The app

const kys: Record<1 | 2, KyInstance> = { 1: ky1 as unknown as KyInstance, 2: ky2 };

function interceptorsOf(kinds: readonly InterceptorKind[], set: number): Interceptor[] {
  const secrets = secretsOf(set);
  return kinds.map((kind) => {
    switch (kind) {
      case 'apiKey':
        return apiKey(secrets.apiKey);
      case 'custom':
        return customHeaders(() => ({ 'x-custom-secret': secrets.customSecret }), {
          headerNames: ['x-custom-secret'],
        });
      case 'iam':
        return iamSigner({
          credentials: {
            accessKeyId: accessKeyIdOf(set),
            secretAccessKey: secrets.secretAccessKey,
            sessionToken: secrets.sessionToken,
          },
        });
      default:
        return tokenInterceptor({
          name: 'token',
          source: latestTokenSource(() => secrets.token),
          scheme: 'Bearer',
        });
    }
  });
}

function bodyOf(kind: BodyKind): Record<string, unknown> {
  switch (kind) {
    case 'none':
      return {};
    case 'string':
      return { body: 'a string body, ünïcödé' };
    case 'json':
      return { json: { a: 1, nested: { b: 'two', list: [1, 2, 3] } } };
    case 'params':
      return { body: new URLSearchParams({ a: '1', b: 'two words' }) };
    case 'form': {
      const form = new FormData();
      form.set('field', 'value');
      form.set('file', new Blob(['file bytes'], { type: 'text/plain' }), 'file.txt');
      return { body: form };
    }
    case 'blob':
      return { body: new Blob(['blob bytes \u0000\u00ff'], { type: 'application/octet-stream' }) };
    case 'arraybuffer':
      return { body: Uint8Array.from({ length: 256 }, (_, index) => index).buffer };
    case 'stream': {
      let chunk = 0;
      return {
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode(`stream chunk ${chunk};`));
            if (++chunk === 3) controller.close();
          },
        }),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The hostile server

const skewMessage =
  'Signature expired: 20261205T120000Z is now earlier than 20391205T120000Z (20391205T120000Z - 5 min.)';
const forgedDates = { future: 'Wed, 05 Dec 2035 12:00:00 GMT', past: 'Mon, 05 Dec 2016 12:00:00 GMT' };

const jsonResponse = (value: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** What the server answers a request: its script for the API's paths, an echo of the headers elsewhere. */
function hostileServer(script: readonly Answer[]): (request: WireRequest) => Promise<WireAnswer> {
  let turn = 0;
  return async (request) => {
    const url = new URL(request.url);
    const echoedBy = url.origin;
    const quoted = `The request we received: ${JSON.stringify(request.headers)}`;
    // Other origins, plain http, and the landing page of a redirect: an echo that quotes what arrived.
    if (url.origin === origins.other || url.protocol === 'http:' || url.pathname.startsWith('/landing')) {
      return jsonResponse({ echoedBy, landing: true, message: quoted }, 200);
    }
    const next = script[Math.min(turn++, script.length - 1)]!;
    switch (next.kind) {
      case 'ok':
        return jsonResponse({ echoedBy, ok: true }, 200);
      case 'redirect': {
        const to =
          next.to === 'same'
            ? '/landing/same'
            : next.to === 'other'
              ? `${origins.other}/landing/other`
              : `${plainHttpA}/landing/http`;
        return new Response(null, { status: next.status, headers: { location: to } });
      }
      case 'reject': {
        const text = JSON.stringify({
          echoedBy,
          message: `The request signature we calculated does not match. ${quoted}`,
          ...(next.size === 'huge' && { padding: 'x'.repeat(200_000) }),
        });
        const headers = { 'content-type': 'application/json', 'x-amzn-errortype': 'ForbiddenException' };
        if (next.size !== 'slow') return new Response(text, { status: next.status, headers });
        const bytes = new TextEncoder().encode(text);
        let offset = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              // A millisecond per 64 bytes: slower than a reader with a time limit below a few ms waits.
              await new Promise((resolve) => setTimeout(resolve, 1));
              controller.enqueue(bytes.slice(offset, offset + 64));
              offset += 64;
              if (offset >= bytes.length) controller.close();
            },
          }),
          { status: next.status, headers },
        );
      }
      case 'skew':
        return jsonResponse({ echoedBy, message: skewMessage }, 403, {
          date: forgedDates[next.date],
          'x-amzn-errortype': 'InvalidSignatureException',
        });
      case '5xx':
        return jsonResponse({ echoedBy, message: 'Internal server error' }, next.status);
      case 'reset':
        return 'reset';
      case 'hang':
        return 'hang';
    }
  };
}

// ---------------------------------------------------------------------------------------------------
// One composition, monitored

interface Violation {
  readonly kind: string;
  readonly detail: string;
  /** What the survey counts it under: the kind and where, without run-specific values. */
  readonly group: string;
}

/** Every string an app could read from `value`, the headers of each fetch object in it included. */
function visibleTexts(value: unknown): string[] {
  const texts = reachableStrings(value);
  const seen = new Set<unknown>();
  const transports = (item: unknown, depth: number): void => {
    if (typeof item !== 'object' || item === null || seen.has(item) || depth > 6) return;
    seen.add(item);
    if (item instanceof Request || item instanceof Response) {
      texts.push(item.url, JSON.stringify([...item.headers]));
      return;
    }
    if (item instanceof Headers) {
      texts.push(JSON.stringify([...item]));
      return;
    }
    for (const key of Reflect.ownKeys(item)) {
      try {
        transports((item as Record<PropertyKey, unknown>)[key], depth + 1);
      } catch {
        // A getter that throws shows nothing.
      }
    }
  };
  transports(value, 0);
  return texts;
}

async function runComposition(c: Composition): Promise<Violation[]> {
  // The wire stub is the network: for ky's own fetch, ky-auth's default one and the app's.
  const original = globalThis.fetch;
  try {
    return await composed(c, (wire) => {
      globalThis.fetch = wire;
    });
  } finally {
    globalThis.fetch = original;
  }
}

async function composed(c: Composition, installWire: (wire: typeof fetch) => void): Promise<Violation[]> {
  const violations: Violation[] = [];
  const violation = (kind: string, detail: string, group = kind) => violations.push({ kind, detail, group });
  const ky = kys[c.major];
  const wire = wireStub(hostileServer(c.script));
  installWire(wire.fetch);
  const visible: { where: string; texts: string[] }[] = [];
  const see = (where: string, value: unknown) => visible.push({ where, texts: visibleTexts(value) });

  const prefixOption = (url: string) => (c.major === 1 ? { prefixUrl: url } : { prefix: url });
  const targetBase = `${origins[c.target]}/prod/`;
  const appFetch = c.customFetch
    ? (((input: RequestInfo | URL, init?: RequestInit) => wire.fetch(input, init)) as typeof fetch)
    : undefined;

  const appHooks = hooksOf(c.major, {
    beforeRequest: (state: HookState) => {
      see('app beforeRequest', state);
      if (c.app.headerBeforeRequest) state.request.headers.set('x-app', '1');
      if (c.app.rebuildBeforeRequest) {
        return new Request(state.request.url, {
          method: state.request.method,
          headers: state.request.headers,
        });
      }
      if (c.app.rewriteBody && state.request.body !== null && !state.request.bodyUsed) {
        return new Request(state.request, { body: `rewritten by the app at retry ${state.retryCount}` });
      }
      return undefined;
    },
    afterResponse: (state: HookState) => {
      see('app afterResponse', state);
      if (!c.app.forceRetry || state.retryCount > 0 || state.response?.ok) return undefined;
      const { request } = state;
      const headers = { ...Object.fromEntries(request.headers), 'x-forced': '1' };
      const forced = request.bodyUsed
        ? new Request(request.url, { method: request.method, headers })
        : new Request(request, { headers });
      return (ky as unknown as { retry(options: object): unknown }).retry({ request: forced });
    },
    beforeRetry: async (state: HookState) => {
      see('app beforeRetry', state);
      if (!c.app.rebuildBeforeRetry) return undefined;
      const { request } = state;
      const body =
        request.body === null || request.bodyUsed ? undefined : await request.clone().arrayBuffer();
      return new Request(request.url, {
        method: request.method,
        headers: request.headers,
        ...(body !== undefined && { body }),
      });
    },
    beforeError: (state) => {
      see('app beforeError', state);
      return state.error;
    },
  });

  const installs: Record<string, unknown>[] = [];
  c.sets.forEach((set, index) => {
    installs.push(
      installAuth(c.major, interceptorsOf(set.interceptors, index), {
        endpoint: `${origins[set.origin]}/prod/`,
        // The app's own fetch goes with the first set; with ky 1 a second set sends through the first's fetch.
        appFetch:
          index === 0
            ? appFetch
            : c.major === 1
              ? (installs[0]?.fetch as typeof fetch | undefined)
              : undefined,
      }),
    );
  });
  const appOptions: Record<string, unknown> = {
    hooks: appHooks,
    retry: {
      limit: c.retry,
      methods: ['get', 'post', 'put'],
      delay: () => 0,
      shouldRetry: (state: unknown) => {
        see('app retry.shouldRetry', state);
        return undefined;
      },
    },
    throwHttpErrors: c.throwHttpErrors,
    ...(c.shortTimeout && { timeout: 15 }),
    ...(appFetch && c.sets.length === 0 && { fetch: appFetch }),
    ...(c.style === 'prefix' && prefixOption(targetBase)),
    ...(c.style === 'baseUrl' && { baseUrl: targetBase }),
    ...(c.style === 'extendPrefix' && prefixOption(`${origins.A}/prod/`)),
  };
  let client: KyInstance;
  if (c.installVia === 'create') {
    const [first, ...rest] = installs;
    client = ky.create({ ...appOptions, ...first, hooks: mergeHooks(appHooks, first?.hooks) } as never);
    for (const install of rest) client = client.extend(install as never);
  } else {
    client = ky.create(appOptions as never);
    for (const install of installs) client = client.extend(install as never);
  }
  if (c.style === 'extendPrefix') client = client.extend(prefixOption(targetBase) as never);

  const { method } = c;
  const body = bodyOf(c.body);
  const perCall = c.app.perCallHook
    ? {
        hooks: hooksOf(c.major, {
          beforeRequest: (state) => {
            see('per-call beforeRequest', state);
            state.request.headers.set('x-call', '1');
            return undefined;
          },
        }),
      }
    : {};
  const url = `${targetBase}items`;
  const call = (): Promise<Response> => {
    switch (c.style) {
      case 'absolute':
        return client(url, { method, ...body, ...perCall } as never);
      case 'url':
        return client(new URL(url), { method, ...body, ...perCall } as never);
      case 'request': {
        const init = body.json === undefined ? body : { body: JSON.stringify(body.json) };
        return client(new Request(url, { method, ...init, duplex: 'half' } as RequestInit), perCall as never);
      }
      default:
        return client('items', { method, ...body, ...perCall } as never);
    }
  };

  // 6. every call settles (a hung server is cut by ky's timeout).
  let stuck: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    (async () => {
      try {
        const response = await call();
        see('response body', await readable(response));
      } catch (error) {
        see('error', error);
        const { response } = error as { response?: unknown };
        if (response instanceof Response && !response.bodyUsed)
          see('error response body', await readable(response));
      }
      return true;
    })(),
    new Promise<false>((resolve) => {
      stuck = setTimeout(() => resolve(false), 3000);
    }),
  ]);
  clearTimeout(stuck);
  if (!settled) violation('never settled', 'the call neither resolved nor rejected in 3 s');

  monitorWire(c, wire.received, violation);
  // 5. no secret where app code can read it.
  const secrets = new Map<string, string>();
  c.sets.forEach((_set, index) => {
    for (const [label, secret] of Object.entries(secretsOf(index)))
      secrets.set(secret, `set ${index} ${label}`);
  });
  for (const received of wire.received) {
    const signature = /Signature=([0-9a-f]{64})/.exec(received.headers.authorization ?? '')?.[1];
    if (signature !== undefined) secrets.set(signature, 'a signature sent');
  }
  for (const { where, texts } of visible) {
    for (const [secret, label] of secrets) {
      const text = texts.find((candidate) => candidate.includes(secret));
      if (text !== undefined) {
        violation(
          'secret visible to the app',
          `${label} in ${where}: …${excerpt(text, secret)}…`,
          `secret visible to the app: ${label.replace(/^set \d /, '')} in ${where}`,
        );
      }
    }
  }
  return violations;

  /** A body the app reads, whole. */
  async function readable(response: Response): Promise<string> {
    return response.text().catch(() => '');
  }
}

function mergeHooks(app: Record<string, unknown[]>, auth: unknown): Record<string, unknown[]> {
  const merged: Record<string, unknown[]> = { ...app };
  for (const [stage, hooks] of Object.entries((auth ?? {}) as Record<string, unknown[]>)) {
    merged[stage] = [...(merged[stage] ?? []), ...hooks];
  }
  return merged;
}

function excerpt(text: string, secret: string): string {
  const at = text.indexOf(secret);
  return text.slice(Math.max(0, at - 80), at + secret.length + 20).replaceAll(secret, '<SECRET>');
}

/** Checks 1 to 4 on every request that reached the wire. */
function monitorWire(
  c: Composition,
  received: readonly WireRequest[],
  violation: (kind: string, detail: string, group?: string) => void,
): void {
  const attempts = received.filter(({ hop }) => hop === 0).length;
  const allowed = c.retry + 1 + c.sets.length;
  if (attempts > allowed) violation('too many attempts', `${attempts} attempts, at most ${allowed}`);

  for (const request of received) {
    const where = `${request.method} ${request.url} (hop ${request.hop}, redirect '${request.redirect}')`;
    const origin = new URL(request.url).origin;
    let credentialed = false;
    c.sets.forEach((set, index) => {
      const secrets = Object.values(secretsOf(index));
      const values = Object.values(request.headers);
      const carried =
        values.some((value) => secrets.some((secret) => value.includes(secret))) ||
        (request.headers.authorization ?? '').includes(`Credential=${accessKeyIdOf(index)}/`);
      if (!carried) return;
      credentialed = true;
      // 1. only to the bound origin.
      if (origin !== origins[set.origin]) {
        violation(
          'credentials to an origin they are not bound to',
          `set ${index} (${set.origin}) → ${where}`,
          `credentials to an origin they are not bound to (${request.hop > 0 ? 'a redirect fetch followed' : 'sent there'})`,
        );
      }
    });
    // 2. never followed by fetch.
    if (credentialed && (request.redirect === 'follow' || request.hop > 0)) {
      violation(
        'credentialed request fetch may redirect',
        where,
        `credentialed request fetch may redirect (${request.hop > 0 ? 'followed' : `sent with '${request.redirect}'`})`,
      );
    }
    // 3. the signature covers the bytes sent.
    const authorization = request.headers.authorization ?? '';
    if (authorization.startsWith('AWS4-HMAC-SHA256')) {
      const url = new URL(request.url);
      const amzDate = request.headers['x-amz-date'] ?? '';
      const signedAt = Date.parse(
        amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      const verdict = verifySignature(
        {
          method: request.method,
          target: url.pathname + url.search,
          headers: { ...request.headers, host: url.host },
          body: Buffer.from(request.body ?? new Uint8Array()),
        },
        {
          credentials: c.sets.map((_set, index) => ({
            accessKeyId: accessKeyIdOf(index),
            secretAccessKey: secretsOf(index).secretAccessKey,
            sessionToken: secretsOf(index).sessionToken,
          })),
          region: 'us-east-1',
          service: 'execute-api',
          // A forged Date may teach the signer any clock: the time window is not what is checked here.
          now: () => signedAt,
        },
      );
      if (!verdict.ok) violation('signature does not cover what was sent', `${verdict.reason}: ${where}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------

/**
 * Compositions the fuzzer found (shrunk by hand to what matters), run by name on every run: each is a
 * promise that failed once. See the report of the branch that added them for what each found.
 */
const plainApp: Composition['app'] = {
  headerBeforeRequest: false,
  rebuildBeforeRequest: false,
  rewriteBody: false,
  forceRetry: false,
  rebuildBeforeRetry: false,
  perCallHook: false,
};
const found = (major: 1 | 2, changes: Partial<Composition>): Composition => ({
  major,
  sets: [{ interceptors: ['iam'], origin: 'A' }],
  installVia: 'create',
  target: 'A',
  style: 'prefix',
  method: 'GET',
  body: 'none',
  app: plainApp,
  retry: 0,
  customFetch: false,
  shortTimeout: false,
  throwHttpErrors: false,
  script: [{ kind: 'ok' }],
  ...changes,
});
const regressions: [string, Composition][] = [1, 2].flatMap((major) => [
  [
    `ky ${major}: a token refused twice, and the app's ky.retry(): ky's attempts plus one re-authorized retry per call`,
    found(major as 1 | 2, {
      sets: [{ interceptors: ['token'], origin: 'A' }],
      app: { ...plainApp, forceRetry: true },
      retry: 1,
      script: [{ kind: 'reject', status: 401, size: 'small' }],
    }),
  ],
  [
    `ky ${major}: after a clock-skew retry, a 401 quoting the retry's signature reaches the app redacted`,
    found(major as 1 | 2, {
      script: [
        { kind: 'skew', date: 'past' },
        { kind: 'reject', status: 401, size: 'small' },
      ],
    }),
  ],
  [
    `ky ${major}: a 401 that quotes the key slowly (timeout 15 ms) reaches the app redacted`,
    found(major as 1 | 2, {
      sets: [{ interceptors: ['apiKey', 'iam'], origin: 'A' }],
      shortTimeout: true,
      script: [{ kind: 'reject', status: 401, size: 'slow' }],
    }),
  ],
]);

it.each(regressions)('%s', async (_name, c) => {
  expect(await runComposition(c)).toEqual([]);
});

if (replay !== undefined) {
  it('the composition in WIRE_FUZZ_REPLAY: 0 violations', async () => {
    expect(await runComposition(JSON.parse(replay) as Composition)).toEqual([]);
  });
}

it(`${runs} random compositions (seed ${seed}): 0 violations of the wire invariants`, async () => {
  const found = new Map<string, { count: number; example: string }>();
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(composition, async (c) => {
      checked += 1;
      const violations = await runComposition(c);
      if (violations.length === 0) return;
      const text = `${violations.map(({ kind, detail }) => `- ${kind}: ${detail}`).join('\n')}\ncomposition: ${JSON.stringify(c)}`;
      if (!survey) throw new Error(`wire invariant violated (seed ${seed}):\n${text}`);
      for (const { group, detail } of violations) {
        const name = `ky ${c.major}: ${group}`;
        const entry = found.get(name) ?? {
          count: 0,
          example: `${detail}\n    composition: ${JSON.stringify(c)}`,
        };
        entry.count += 1;
        found.set(name, entry);
      }
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  if (found.size > 0) {
    const lines = [...found].map(([name, { count, example }]) => `${name} ×${count}\n    e.g. ${example}`);
    throw new Error(`seed ${seed}: violations in ${runs} compositions:\n${lines.join('\n')}`);
  }
  expect(checked).toBe(runs);
}, 600_000);

// The monitor must be able to fail: each check, shown a request that breaks it.
describe('the monitor flags what breaks each invariant', () => {
  const oneSet = found(2, {
    sets: [{ interceptors: ['apiKey', 'iam'], origin: 'A' }],
    method: 'POST',
    body: 'string',
    throwHttpErrors: true,
  });
  const flagged = (requests: WireRequest[]) => {
    const kinds: string[] = [];
    monitorWire(oneSet, requests, (kind) => kinds.push(kind));
    return kinds;
  };
  const signed = async (body: string) => {
    const request = await signRequest(new Request(`${origins.A}/prod/items`, { method: 'POST', body }), {
      credentials: {
        accessKeyId: accessKeyIdOf(0),
        secretAccessKey: secretsOf(0).secretAccessKey,
        sessionToken: secretsOf(0).sessionToken,
      },
    });
    return Object.fromEntries(request.headers);
  };
  const wireRequest = (changes: Partial<WireRequest>): WireRequest => ({
    handed: undefined,
    url: `${origins.A}/prod/items`,
    method: 'POST',
    headers: {},
    redirect: 'manual',
    body: new TextEncoder().encode('signed bytes'),
    hop: 0,
    ...changes,
  });

  it('a correct request passes; a key on another origin, a credentialed follow, other bytes, a fourth attempt do not', async () => {
    const headers = { ...(await signed('signed bytes')), 'x-api-key': secretsOf(0).apiKey };
    expect(flagged([wireRequest({ headers })])).toEqual([]);
    expect(flagged([wireRequest({ headers, url: `${origins.other}/prod/items` })])).toEqual([
      'credentials to an origin they are not bound to',
      'signature does not cover what was sent',
    ]);
    expect(
      flagged([wireRequest({ headers: { 'x-api-key': secretsOf(0).apiKey }, redirect: 'follow' })]),
    ).toEqual(['credentialed request fetch may redirect']);
    expect(flagged([wireRequest({ headers, body: new TextEncoder().encode('other bytes') })])).toEqual([
      'signature does not cover what was sent',
    ]);
    // ky's retry limit 0, plus one re-authorized retry for the one set: two attempts at most.
    expect(flagged([wireRequest({}), wireRequest({}), wireRequest({})])).toEqual(['too many attempts']);
  });

  it('finds a secret in a cause chain, as util.inspect shows it', () => {
    const secret = secretsOf(0).apiKey;
    const error = new Error('outer', { cause: new Error('inner', { cause: { hidden: secret } }) });
    expect(visibleTexts(error).some((text) => text.includes(secret))).toBe(true);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).toContain(secret);
  });

  it('finds a secret in the headers of a Request a hook is handed', () => {
    const request = new Request(`${origins.A}/prod/items`, { headers: { 'x-api-key': secretsOf(0).apiKey } });
    expect(visibleTexts({ request }).some((text) => text.includes(secretsOf(0).apiKey))).toBe(true);
  });
});
