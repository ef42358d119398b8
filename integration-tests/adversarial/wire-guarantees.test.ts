// Issue 21's regressions: the guarantees hold on the request handed to fetch, whatever the app's hooks do
// and whatever the server answers. Every case runs through ky 1 and ky 2, against a recording "wire" (the
// fetch at the bottom of the client) that behaves like fetch (it follows a redirect when the request's
// mode is 'follow'), and asserts what each origin received and what app code saw.
import { describe, expect, it } from '@jest/globals';
import { apiKey } from '@ky-auth/api-key';
import { type AuthHooksOptions, authHooks, type Interceptor } from '@ky-auth/core';
import { followRedirects } from '@ky-auth/core/follow-redirects';
import { authOptions } from '@ky-auth/core/ky1';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamSigner } from '@ky-auth/iam-signer';
import { reachableStrings } from '@ky-auth/test-kit';
import { verifySignature } from '@ky-auth/test-kit/aws4-verifier';
import ky1 from 'ky1';
import ky2 from 'ky2';

const api = 'https://api.example.com';
const evil = 'https://evil.example.net';
const secrets = {
  apiKey: 'wire-api-key-0123456789abcdef',
  custom: 'custom-secret-value-abcdefgh',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE-session-token-0123456789',
};
const credentials = {
  accessKeyId: 'AKIDEXAMPLEWIRE',
  secretAccessKey: secrets.secretAccessKey,
  sessionToken: secrets.sessionToken,
};

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly redirect: RequestRedirect;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}
type Route = (request: Request, sent: Sent) => Response | Promise<Response>;

/** A fetch that records each request as it leaves and answers by route; follows redirects as fetch does. */
function wire(routes: Record<string, Route>) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    for (let hop = 0; hop < 5; hop += 1) {
      const record: Sent = {
        url: request.url,
        method: request.method,
        redirect: request.redirect,
        headers: Object.fromEntries(request.headers),
        body: Buffer.from(await request.arrayBuffer()),
      };
      sent.push(record);
      const route = Object.entries(routes).find(([prefix]) => request.url.startsWith(prefix))?.[1];
      const response = route ? await route(request, record) : new Response('no route', { status: 404 });
      const location = response.headers.get('location');
      if (location === null || response.status < 300 || response.status > 399)
        return withUrl(response, request.url);
      if (request.redirect === 'manual') return withUrl(response, request.url);
      if (request.redirect === 'error') throw new TypeError('redirect');
      // fetch itself drops only Authorization on a cross-origin redirect.
      const target = new URL(location, request.url);
      const headers = new Headers(request.headers);
      if (target.origin !== new URL(request.url).origin) headers.delete('authorization');
      request = new Request(target, {
        method: request.method,
        headers,
        body: record.body.length > 0 ? new Uint8Array(record.body) : null,
        redirect: 'follow',
      });
    }
    throw new TypeError('too many redirects');
  };
  const to = (origin: string) => sent.filter((each) => each.url.startsWith(origin));
  return { fetch: fetch as typeof globalThis.fetch, sent, to };
}

function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** Every secret value that appears in `texts`, by label. */
function leaked(texts: readonly string[]): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => texts.some((text) => text.includes(secret)))
    .map(([label]) => label);
}

/** What app code can read of a value: util.inspect at any depth, JSON, and each header of a Request/Response. */
function visible(value: unknown): string[] {
  const texts = reachableStrings(value);
  const visit = (each: unknown, depth: number) => {
    if (depth > 3 || typeof each !== 'object' || each === null) return;
    if (each instanceof Request || each instanceof Response) {
      texts.push(each.url, ...[...each.headers].map(([name, text]) => `${name}: ${text}`));
      return;
    }
    for (const key of Reflect.ownKeys(each)) visit((each as Record<PropertyKey, unknown>)[key], depth + 1);
  };
  visit(value, 0);
  return texts;
}

const interceptors = (): Interceptor[] => [
  apiKey(secrets.apiKey),
  customHeaders(() => ({ 'x-secret': secrets.custom })),
  iamSigner({ credentials, region: 'us-east-1', service: 'execute-api' }),
];

type KyOptions = Record<string, unknown>;
const majors = [
  {
    major: 1,
    make: (fetch: typeof globalThis.fetch, options: KyOptions = {}, auth: Partial<AuthHooksOptions> = {}) =>
      ky1
        .create({
          prefixUrl: api,
          retry: 0,
          ...options,
          ...authOptions(interceptors(), { fetch, ...auth, endpoint: auth?.endpoint ?? api }),
        })
        .extend({ hooks: (options.hooks ?? {}) as never }),
    retry: ky1.retry,
  },
  {
    major: 2,
    make: (fetch: typeof globalThis.fetch, options: KyOptions = {}, auth: Partial<AuthHooksOptions> = {}) =>
      ky2
        .create({ prefix: api, retry: 0, fetch, ...options })
        .extend({ hooks: authHooks(interceptors(), { ...auth, endpoint: auth?.endpoint ?? api }) }),
    retry: ky2.retry,
  },
] as const;

const away: Route = () => new Response(null, { status: 302, headers: { location: `${evil}/steal` } });
const ok: Route = () => Response.json({ ok: true });

describe.each(majors)(
  'ky $major: a credentialed request never follows a redirect, however it was built',
  ({ make, retry }) => {
    it('when a beforeRequest hook rebuilt it with redirect follow', async () => {
      const net = wire({ [`${api}/moved`]: away, [evil]: ok });
      const rebuild = ({ request }: { request: Request }) =>
        new Request(request.url, { method: request.method, headers: request.headers });
      const rebuild1 = (request: Request) =>
        new Request(request.url, { method: request.method, headers: request.headers });
      const client = make(net.fetch, {
        hooks: { beforeRequest: [make === majors[0].make ? rebuild1 : rebuild] },
      });
      const error = await client.get('moved').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
      expect(net.to(evil)).toEqual([]);
      expect(net.to(api)[0]?.redirect).toBe('manual');
      expect(net.to(api)[0]?.headers['x-api-key']).toBe(secrets.apiKey);
    });

    it('when an afterResponse hook retried with ky.retry({ request }) of its own making', async () => {
      let calls = 0;
      const net = wire({
        [`${api}/flaky`]: (request, sent) =>
          ++calls === 1 ? new Response('busy', { status: 503 }) : away(request, sent),
        [evil]: ok,
      });
      const again = (request: Request, response: Response) =>
        response.status === 503
          ? retry({ request: new Request(request.url, { headers: request.headers }) })
          : undefined;
      const hook =
        make === majors[0].make
          ? (request: Request, _options: unknown, response: Response) => again(request, response)
          : ({ request, response }: { request: Request; response: Response }) => again(request, response);
      const error = await make(net.fetch, { retry: { limit: 1 }, hooks: { afterResponse: [hook] } })
        .get('flaky')
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
      expect(net.to(api).map((each) => each.redirect)).toEqual(['manual', 'manual']);
      expect(net.to(evil)).toEqual([]);
    });

    it('when a beforeRetry hook returned a new Request', async () => {
      let calls = 0;
      const net = wire({
        [`${api}/flaky`]: (request, sent) =>
          ++calls === 1 ? new Response('busy', { status: 503 }) : away(request, sent),
        [evil]: ok,
      });
      const beforeRetry = ({ request }: { request: Request }) =>
        new Request(request.url, { headers: request.headers });
      const error = await make(net.fetch, {
        retry: { limit: 1, delay: () => 0 },
        hooks: { beforeRetry: [beforeRetry] },
      })
        .get('flaky')
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
      expect(net.to(evil)).toEqual([]);
    });

    it('when a redirect policy follows the same origin: every hop is sent manual, the cross-origin one refused', async () => {
      const net = wire({
        [`${api}/hop`]: () => new Response(null, { status: 308, headers: { location: `${api}/moved` } }),
        [`${api}/moved`]: away,
        [evil]: ok,
      });
      const error = await make(net.fetch, {}, { redirects: followRedirects() })
        .post('hop', { body: 'payload' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_CROSS_ORIGIN_REDIRECT' });
      expect(
        net.to(api).map((each) => [new URL(each.url).pathname, each.redirect, each.body.toString()]),
      ).toEqual([
        ['/hop', 'manual', 'payload'],
        ['/moved', 'manual', 'payload'],
      ]);
      expect(net.to(evil)).toEqual([]);
    });
  },
);

describe('ky 2: two sets of hooks bound to the same origin follow only the strictest policy', () => {
  const lenient = { redirects: followRedirects({ crossOrigin: 'follow-without-credentials' }) };
  it.each([
    ['the lenient set outside', lenient, {}],
    ['the lenient set inside', {}, lenient],
  ])('%s: no credential of either set reaches the other origin', async (_, outer, inner) => {
    const net = wire({ [`${api}/moved`]: away, [evil]: ok });
    const client = ky2
      .create({ prefix: api, retry: 0, fetch: net.fetch })
      .extend({ hooks: authHooks([apiKey(secrets.apiKey)], { endpoint: api, ...outer }) })
      .extend({
        hooks: authHooks([customHeaders(() => ({ 'x-secret': secrets.custom }))], {
          endpoint: api,
          ...inner,
        }),
      });
    const error = await client.get('moved').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' });
    expect(net.to(api)[0]?.headers).toMatchObject({
      'x-api-key': secrets.apiKey,
      'x-secret': secrets.custom,
    });
    expect(net.to(evil)).toEqual([]);
  });

  it('both lenient: the redirect is followed, with neither set’s credentials', async () => {
    const net = wire({ [`${api}/moved`]: away, [evil]: ok });
    const client = ky2
      .create({ prefix: api, retry: 0, fetch: net.fetch })
      .extend({ hooks: authHooks([apiKey(secrets.apiKey)], { endpoint: api, ...lenient }) })
      .extend({
        hooks: authHooks([customHeaders(() => ({ 'x-secret': secrets.custom }))], {
          endpoint: api,
          ...lenient,
        }),
      });
    expect(await client.get('moved').json()).toEqual({ ok: true });
    expect(leaked(net.to(evil).flatMap((each) => Object.values(each.headers)))).toEqual([]);
  });
});

describe.each(majors)('ky $major: no object app code can reach holds a credential', ({ major, make }) => {
  it('at every hook, in every error, and in the error body API Gateway echoes', async () => {
    let calls = 0;
    const echo: Route = (_request, sent) => {
      calls += 1;
      if (calls === 1) return new Response('busy', { status: 503 });
      // API Gateway's signature mismatch quotes the canonical request: headers the client sent.
      const quoted = Object.entries(sent.headers)
        .map(([name, text]) => `${name}:${text}`)
        .join('\n');
      return Response.json(
        { message: `The request signature we calculated does not match.\n${quoted}` },
        { status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException' } },
      );
    };
    const net = wire({ [`${api}/echo`]: echo });
    const seen: unknown[] = [];
    const note = (...args: unknown[]) => {
      seen.push(...args);
    };
    const hooks = {
      beforeRequest: [note],
      beforeRetry: [note],
      afterResponse: [
        async (...args: unknown[]) => {
          note(...args);
          const response = (major === 1 ? args[2] : (args[0] as { response: Response }).response) as Response;
          seen.push(await response.clone().text());
        },
      ],
      beforeError: [
        (...args: unknown[]) => {
          note(...args);
          return major === 1 ? args[0] : (args[0] as { error: Error }).error;
        },
      ],
    };
    const shouldRetry = (state: unknown) => {
      note(state);
      return undefined;
    };
    const client = make(net.fetch, { retry: { limit: 1, delay: () => 0, shouldRetry }, hooks });
    const error = await client
      .put('echo', { json: { a: 1 }, headers: { 'x-app-note': 'the-callers-own-value' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'HTTPError' });
    seen.push(error);
    // The wire did carry every credential: the test would prove nothing otherwise.
    expect(leaked(net.to(api).flatMap((each) => Object.values(each.headers)))).toEqual([
      'apiKey',
      'custom',
      'sessionToken',
    ]);
    expect(seen.length).toBeGreaterThan(8);
    expect(leaked(seen.flatMap(visible))).toEqual([]);
    const data = (error as { data?: unknown }).data;
    if (major === 2) {
      // What the interceptors added is redacted; the caller's own headers and the signing date are not.
      const echoed = JSON.stringify(data);
      expect(echoed).toContain('[redacted]');
      expect(echoed).toContain('x-app-note:the-callers-own-value');
      expect(echoed).toMatch(/x-amz-date:\d{8}T\d{6}Z/);
    }
  });

  it("keeps the caller's own Authorization header and body on ky's error request", async () => {
    const net = wire({ [`${api}/refuse`]: () => new Response('no', { status: 401 }) });
    const own = ky2
      .create({ prefix: api, retry: 0, fetch: net.fetch })
      .extend({ hooks: authHooks([apiKey(secrets.apiKey)], { endpoint: api }) });
    if (major === 1) return;
    const error = (await own
      .post('refuse', { body: 'mine', headers: { authorization: 'Bearer callers-own' } })
      .catch((caught: unknown) => caught)) as { request: Request };
    expect(error.request.headers.get('authorization')).toBe('Bearer callers-own');
    expect(error.request.headers.get('x-api-key')).toBeNull();
    expect(net.to(api)[0]?.headers['x-api-key']).toBe(secrets.apiKey);
  });
});

describe('ky 1: an app hook cannot switch ky-auth off', () => {
  it('a beforeRequest hook placed before ky-auth’s that returns a Request: still authorized', async () => {
    const net = wire({ [`${api}/items`]: ok });
    const client = ky1
      .create({
        prefixUrl: api,
        retry: 0,
        hooks: { beforeRequest: [(request: Request) => new Request(request, { headers: { 'x-app': '1' } })] },
      })
      .extend(authOptions([apiKey(secrets.apiKey)], { endpoint: api, fetch: net.fetch }));
    await client.get('items');
    expect(net.to(api)[0]?.headers).toMatchObject({ 'x-app': '1', 'x-api-key': secrets.apiKey });
  });

  it('hooks without their fetch fail closed, sending nothing', async () => {
    const net = wire({ [`${api}/items`]: ok });
    const { hooks } = authOptions([apiKey(secrets.apiKey)], { endpoint: api });
    const error = await ky1
      .create({ prefixUrl: api, retry: 0, hooks, fetch: net.fetch })
      .get('items')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_KY1_FETCH_MISSING' });
    expect(net.sent).toEqual([]);
  });
});

describe.each(majors)('ky $major: hostile answers cannot hang, flood or forge', ({ make }) => {
  // 400 and 403 are also what the signer reads for AWS's clock-skew rejection, in its onResponse.
  it.each([401, 403, 400])(
    'a %i whose body never ends still settles as an HTTPError, within the call',
    async (status) => {
      const trickle: Route = () =>
        new Response(
          new ReadableStream({
            start: (controller) =>
              controller.enqueue(
                new TextEncoder().encode('{"message":"Signature expired: 20261207T000000Z is now'),
              ),
          }),
          { status, headers: { 'x-amzn-errortype': 'InvalidSignatureException' } },
        );
      const net = wire({ [`${api}/slow`]: trickle });
      const error = await make(net.fetch, { timeout: 400 })
        .get('slow')
        .catch((caught: unknown) => caught);
      // As without ky-auth: ky's own HTTPError, not a TimeoutError. ky-auth's look at the body stops well
      // inside ky's timeout (a quarter of it), so the answer reaches ky in time.
      expect(error).toMatchObject({ name: 'HTTPError', response: { status } });
      expect(net.sent).toHaveLength(1);
    },
  );

  it('server text reaches an explanation printable, on one line and short', async () => {
    const explaining: Interceptor = {
      name: 'quoting',
      stage: 'auth',
      headerNames: ['x-quoting'],
      apply: (request) => void request.headers.set('x-quoting', 'yes'),
      explain: (rejection) => `The API said: ${rejection.message}`,
    };
    const net = wire({
      [`${api}/x`]: () =>
        Response.json({ message: `\u001b[31mforged\nline\r\n${'A'.repeat(4_000)}` }, { status: 403 }),
    });
    const client =
      make === majors[0].make
        ? ky1.create({
            prefixUrl: api,
            retry: 0,
            ...authOptions([explaining], { endpoint: api, fetch: net.fetch }),
          })
        : ky2.create({
            prefix: api,
            retry: 0,
            fetch: net.fetch,
            hooks: authHooks([explaining], { endpoint: api }),
          });
    const error = (await client.get('x').catch((caught: unknown) => caught)) as Error;
    const explanation = error.message.split('\nky-auth: ')[1] ?? '';
    expect(explanation).toContain('The API said: forged line');
    expect([...explanation].filter((char) => char.charCodeAt(0) < 0x20)).toEqual([]);
    expect(explanation.length).toBeLessThanOrEqual(1_500);
  });

  it('an onEvent listener that throws or rejects changes nothing and crashes nothing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const net = wire({ [`${api}/items`]: ok });
      const listeners = [
        () => Promise.reject(new Error('listener rejected')),
        () => {
          throw new Error('listener threw');
        },
      ];
      for (const onEvent of listeners) {
        const client = make(net.fetch, {}, { onEvent: onEvent as never });
        expect(await client.get('items').json()).toEqual({ ok: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(net.to(api)).toHaveLength(2);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe.each(majors)('ky $major: a 400 that echoes the request', ({ major, make }) => {
  it('reaches the app with the credentials it quotes redacted, as a 401 or 403 does', async () => {
    // The headers as sent, and the SigV4 signature on its own, as a server may quote either.
    const echo: Route = (_request, sent) => {
      const signature = /Signature=([0-9a-f]{64})/.exec(sent.headers.authorization ?? '')?.[1];
      return Response.json(
        { message: `bad request: ${JSON.stringify(sent.headers)}`, signature },
        { status: 400 },
      );
    };
    const net = wire({ [`${api}/echo`]: echo });
    let bodySeen = '';
    const afterResponse =
      major === 1
        ? async (_request: Request, _options: unknown, response: Response) => {
            bodySeen = await response.clone().text();
          }
        : async ({ response }: { response: Response }) => {
            bodySeen = await response.clone().text();
          };
    const error = await make(net.fetch, { hooks: { afterResponse: [afterResponse] } })
      .get('echo')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'HTTPError', response: { status: 400 } });
    expect(leaked(net.to(api).flatMap((each) => Object.values(each.headers)))).toEqual([
      'apiKey',
      'custom',
      'sessionToken',
    ]);
    expect(bodySeen).toContain('[redacted]');
    expect(leaked([bodySeen, ...visible(error)])).toEqual([]);
    const signature = /Signature=([0-9a-f]{64})/.exec(net.to(api)[0]?.headers.authorization ?? '')?.[1];
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(bodySeen).not.toContain(signature);
  });
});

describe.each(majors)('ky $major: the body signed is the body sent', ({ make }) => {
  const verify = (sent: Sent | undefined) => {
    const url = new URL(sent!.url);
    return verifySignature(
      {
        method: sent!.method,
        target: url.pathname + url.search,
        headers: { ...sent!.headers, host: url.host },
        body: sent!.body,
      },
      { credentials: [credentials], region: 'us-east-1', service: 'execute-api' },
    );
  };

  it('when a beforeRequest hook replaced the body', async () => {
    const net = wire({ [`${api}/items`]: ok });
    const replace1 = (request: Request) => new Request(request, { body: 'replaced by a hook' });
    const replace2 = ({ request }: { request: Request }) =>
      new Request(request, { body: 'replaced by a hook' });
    await make(net.fetch, { hooks: { beforeRequest: [make === majors[0].make ? replace1 : replace2] } }).post(
      'items',
      { body: 'original' },
    );
    expect(net.to(api)[0]?.body.toString()).toBe('replaced by a hook');
    expect(verify(net.to(api)[0])).toEqual({ ok: true });
  });

  it('when stringifyJson is not pure', async () => {
    let count = 0;
    const net = wire({ [`${api}/items`]: ok });
    await make(net.fetch, {
      stringifyJson: (value: unknown) => JSON.stringify({ value, count: ++count }),
    }).post('items', { json: { a: 1 } });
    expect(verify(net.to(api)[0])).toEqual({ ok: true });
  });

  it('for a ReadableStream of string chunks, as plain fetch sends it', async () => {
    const net = wire({ [`${api}/items`]: ok });
    const body = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('hello, ');
        controller.enqueue('wire');
        controller.close();
      },
    });
    await make(net.fetch).post('items', { body: body as unknown as BodyInit });
    expect(net.to(api)[0]?.body.toString()).toBe('hello, wire');
    expect(verify(net.to(api)[0])).toEqual({ ok: true });
  });
});
