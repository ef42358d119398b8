import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, createClock, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import {
  type VerifierOptions,
  type VerifyingServer,
  verifyFetchRequest,
  verifyingServer,
  verifySignature,
} from '@ky-auth/test-kit/aws4-verifier';
import { interceptorContext } from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { iamSigner } from './iam-signer.ts';
import { caught, testSecrets } from './test-support/secrets.ts';
import { skewRejections } from './test-support/skew-rejections.ts';
import type { AwsCredentials } from './types.ts';

const credentials: AwsCredentials = {
  accessKeyId: 'ASIASIGNER',
  secretAccessKey: testSecrets.secretAccessKey,
  sessionToken: testSecrets.sessionToken,
};
const scope = { region: 'us-west-2', service: 'execute-api' };
const serverOptions: VerifierOptions = { credentials: [credentials], ...scope };
let server: VerifyingServer;

beforeAll(async () => {
  server = await verifyingServer(serverOptions);
});
afterAll(() => server.close());
beforeEach(() => {
  serverOptions.now = undefined;
});

type Client = ReturnType<typeof ky2.create>;
const majors = [
  {
    major: 1,
    install: authOptions,
    create: (auth: Partial<AuthOptions>, prefix = `${server.origin}/prod/`): Client =>
      ky1.create({ prefixUrl: prefix, retry: 0, ...auth }) as unknown as Client,
  },
  {
    major: 2,
    // The app's fetch is ky's own option with ky 2, and goes into authOptions with ky 1.
    install: (interceptors: readonly Interceptor[], { fetch, ...options }: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
      ...(fetch === undefined ? {} : { fetch }),
    }),
    create: (auth: Partial<AuthOptions>, prefix = `${server.origin}/prod/`): Client =>
      ky2.create({ prefix, retry: 0, ...auth }),
  },
] as const;

describe.each(majors)('through ky $major with authHooks', ({ install, create }) => {
  const client = (options: Partial<Parameters<typeof iamSigner>[0]> = {}, clock = createClock()) =>
    create(install([iamSigner({ credentials, ...scope, ...options })], { endpoint: server.origin, clock }));

  it('signs GET, json POST, searchParams and every body kind; the verifier accepts each', async () => {
    const api = client();
    const form = new FormData();
    form.append('a', 'b');
    const calls = [
      () => api.get('items'),
      () =>
        api.get('items', {
          searchParams: [
            ['q', 'blue & green'],
            ['q', 'a+b'],
            ['empty', ''],
          ],
        }),
      () => api.get(`customers/${encodeURIComponent('Zoë O’Brien/x')}/orders`),
      () => api.post('items', { json: { name: 'widget', emoji: '🙂' } }),
      () => api.post('items', { body: new URLSearchParams({ a: '1 2' }) }),
      () => api.put('items', { body: new Uint8Array([1, 2, 3, 255]) }),
      () => api.put('items', { body: new Blob(['blob']) }),
      () => api.post('items', { body: form }),
    ];
    for (const call of calls) {
      const before = server.received.length;
      expect(await call().json()).toEqual({ ok: true });
      expect(server.received.length).toBe(before + 1);
    }
  });

  it('keeps headers set by interceptors before it (an x-api-key) inside the signature', async () => {
    const api = create(
      install(
        [
          iamSigner({ credentials, ...scope }),
          {
            name: 'api-key',
            stage: 'auth',
            headerNames: ['x-api-key'],
            apply(request) {
              request.headers.set('x-api-key', 'da2-key');
            },
          },
        ],
        { endpoint: server.origin },
      ),
    );
    await api.get('items').json();
    const { request } = server.received.at(-1)!;
    expect(request.headers['x-api-key']).toBe('da2-key');
    expect(request.headers.authorization).toContain(
      'SignedHeaders=accept;host;x-amz-date;x-amz-security-token;x-api-key,',
    );
  });

  it('leaves a request with its own Authorization (a Cognito token) untouched', async () => {
    const api = client();
    const response = await api.get('items', {
      headers: { authorization: 'eyJ.user-pool.token' },
      throwHttpErrors: false,
    });
    expect(response.status).toBe(403);
    const { request } = server.received.at(-1)!;
    expect(request.headers.authorization).toBe('eyJ.user-pool.token');
    expect(request.headers['x-amz-date']).toBeUndefined();
  });

  it.each([
    ['an hour ahead', 3_600_000],
    ['an hour behind', -3_600_000],
  ])(
    'recovers from a server clock %s with exactly one extra round trip, then signs right the first time',
    async (_name, skew) => {
      serverOptions.now = () => Date.now() + skew;
      const clock = createClock();
      const api = client({}, clock);
      const before = server.received.length;
      expect(await api.get('items').json()).toEqual({ ok: true });
      expect(server.received.length).toBe(before + 2);
      expect(server.received.at(-2)!.verdict).toMatchObject({ ok: false });
      expect(Math.abs(clock.offset - skew)).toBeLessThan(5_000);
      expect(await api.post('items', { json: { again: true } }).json()).toEqual({ ok: true });
      expect(server.received.length).toBe(before + 3);
    },
  );

  it.each([
    ['an hour ahead', 3_600_000],
    ['an hour behind', -3_600_000],
  ])(
    'recovers from a server clock %s where a browser hides the Date header (no Access-Control-Expose-Headers)',
    async (_name, skew) => {
      serverOptions.now = () => Date.now() + skew;
      const clock = createClock();
      // What a cross-origin fetch in Chromium shows of a response that exposes no header: the safelisted ones.
      const browserFetch: typeof globalThis.fetch = async (input, init) => {
        const response = await fetch(input, init);
        const headers = new Headers();
        for (const [name, value] of response.headers) if (name === 'content-type') headers.set(name, value);
        return new Response(response.body, { status: response.status, headers });
      };
      const api = create(
        install([iamSigner({ credentials, ...scope })], {
          endpoint: server.origin,
          clock,
          fetch: browserFetch,
        }),
      );
      const before = server.received.length;
      expect(await api.get('items').json()).toEqual({ ok: true });
      expect(server.received.length).toBe(before + 2);
      expect(Math.abs(clock.offset - skew)).toBeLessThan(5_000);
    },
  );

  it('sends a POST answered with an app\'s own 400 mentioning "Signature expired" and "RequestExpired" once, never twice', async () => {
    const app = createServer((incoming, response) => {
      appReceived += 1;
      incoming.resume();
      incoming.on('end', () => {
        // An hour off, so a clock "correction" would show; the body mentions what a loose match would take.
        response.writeHead(400, {
          'content-type': 'application/json',
          date: new Date(Date.now() + 3_600_000).toUTCString(),
          'x-amzn-errortype': 'RequestExpired',
        });
        response.end('{"message":"Signature expired","code":"RequestExpired"}');
      });
    });
    let appReceived = 0;
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    try {
      const clock = createClock();
      const api = create(
        install([iamSigner({ credentials, ...scope })], { endpoint: origin, clock }),
        `${origin}/`,
      );
      const response = await api.post('orders', { json: { pay: 100 }, throwHttpErrors: false });
      expect(response.status).toBe(400);
      expect(appReceived).toBe(1);
      expect(clock.offset).toBe(0);
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])(
    'signs a call whose Authorization header is %s, as Amplify does: the verifier accepts it',
    async (_name, value) => {
      const api = client();
      expect(await api.get('items', { headers: { Authorization: value } }).json()).toEqual({ ok: true });
      const { request, verdict } = server.received.at(-1)!;
      expect(verdict).toEqual({ ok: true });
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIASIGNER\//);
    },
  );

  it("signs a call with the credentials in its context instead of the signer's, and the verifier accepts them", async () => {
    const other = {
      accessKeyId: 'ASIAOTHERUSER',
      secretAccessKey: 'other-secret',
      sessionToken: 'other-token',
    };
    const known = serverOptions.credentials as AwsCredentials[];
    known.push(other);
    try {
      const api = client();
      expect(await api.get('items', { context: { credentials: other } }).json()).toEqual({ ok: true });
      expect(server.received.at(-1)!.request.headers.authorization).toContain('Credential=ASIAOTHERUSER/');
      expect(await api.get('items').json()).toEqual({ ok: true });
      expect(server.received.at(-1)!.request.headers.authorization).toContain('Credential=ASIASIGNER/');
    } finally {
      known.pop();
    }
  });

  it("refuses a call's context.credentials that are not credentials, sending nothing", async () => {
    const api = client();
    const before = server.received.length;
    const error = await caught(() => api.get('items', { context: { credentials: { accessKeyId: 'x' } } }));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_INVALID' });
    expect(server.received.length).toBe(before);
  });

  it('does not retry a signature rejected for another reason', async () => {
    const api = client({ credentials: { ...credentials, secretAccessKey: 'wrong' } });
    const before = server.received.length;
    const response = await api.get('items', { throwHttpErrors: false });
    expect(response.status).toBe(403);
    expect(server.received.length).toBe(before + 1);
  });

  it('fails with a CredentialsError and sends nothing when the provider fails', async () => {
    const cause = new Error('vault unreachable');
    const api = client({
      credentials: async () => {
        throw cause;
      },
    });
    const before = server.received.length;
    const error = await caught(() => api.get('items'));
    expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_CREDENTIALS_PROVIDER_FAILED', cause });
    expect(server.received.length).toBe(before);
  });

  it('fails with ERR_SIGNING_REGION_UNKNOWN, sending nothing, for a custom domain without a region', async () => {
    const api = create(install([iamSigner({ credentials })], { endpoint: server.origin }));
    const before = server.received.length;
    const error = await caught(() => api.get('items'));
    expect(error).toMatchObject({ name: 'SigningError', code: 'ERR_SIGNING_REGION_UNKNOWN' });
    expect(error.message).toContain(`127.0.0.1:`);
    expect(error.message).toContain('region');
    expect(server.received.length).toBe(before);
  });
});

describe('iamSigner', () => {
  it('is a sign-stage interceptor naming the headers it sets', () => {
    expect(iamSigner({ credentials })).toMatchObject({
      name: 'iam',
      stage: 'sign',
      headerNames: ['authorization', 'x-amz-date', 'x-amz-security-token'],
    });
    expect(iamSigner({ credentials, signPayloadHeader: true }).headerNames).toContain('x-amz-content-sha256');
    expect(iamSigner({ credentials, unsignedPayload: true }).headerNames).toContain('x-amz-content-sha256');
  });

  it('infers execute-api and Lambda function URL scopes from the host', async () => {
    const signer = iamSigner({ credentials });
    const cases = [
      ['https://abc123.execute-api.eu-central-1.amazonaws.com/prod/x', '/eu-central-1/execute-api/'],
      ['https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod/x', '/cn-north-1/execute-api/'],
      ['https://abc123-vpce-0a1b.execute-api.us-east-2.vpce.amazonaws.com/prod', '/us-east-2/execute-api/'],
      ['https://xyzurlid.lambda-url.ap-southeast-2.on.aws/', '/ap-southeast-2/lambda/'],
    ] as const;
    for (const [url, expected] of cases) {
      const request = new Request(url);
      await signer.apply(request, interceptorContext());
      expect(request.headers.get('authorization')).toContain(expected);
    }
  });

  it("lets the host's region and service win over options that contradict them (AWS checks them against the host), as Amplify does", async () => {
    const request = new Request('https://abc123.execute-api.eu-central-1.amazonaws.com/prod/x');
    await iamSigner({ credentials, region: 'us-east-1', service: 'custom' }).apply(
      request,
      interceptorContext(),
    );
    expect(request.headers.get('authorization')).toContain('/eu-central-1/execute-api/aws4_request');
    expect(
      await verifyFetchRequest(request, {
        credentials: [credentials],
        region: 'eu-central-1',
        service: 'execute-api',
      }),
    ).toEqual({ ok: true });
  });

  it("signs a custom domain for the options' region and service, else execute-api (iamAuthorizer's rule)", async () => {
    const withService = new Request('https://api.example.com/x');
    await iamSigner({ credentials, region: 'us-east-1', service: 'lambda' }).apply(
      withService,
      interceptorContext(),
    );
    expect(withService.headers.get('authorization')).toContain('/us-east-1/lambda/aws4_request');
    const withoutService = new Request('https://api.example.com/x');
    await iamSigner({ credentials, region: 'us-east-1' }).apply(withoutService, interceptorContext());
    expect(withoutService.headers.get('authorization')).toContain('/us-east-1/execute-api/aws4_request');
    expect(
      await verifyFetchRequest(withoutService, {
        credentials: [credentials],
        region: 'us-east-1',
        service: 'execute-api',
      }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['a region with a slash', { region: 'us/east' }, 'iamSigner.region'],
    ['an empty service', { service: '' }, 'iamSigner.service'],
    ['a negative maxBodyBytes', { maxBodyBytes: -1 }, 'iamSigner.maxBodyBytes'],
  ])('refuses %s with ConfigError ERR_CONFIG_INVALID at the option', async (_, options, path) => {
    const error = await caught(() => iamSigner({ credentials, ...options }));
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path });
  });

  it('signs a URL it has seen before, and more URLs than it remembers, as aws4 verifies them', async () => {
    const signer = iamSigner({ credentials, ...scope });
    const origin = 'https://abc123.execute-api.us-west-2.amazonaws.com';
    const paths = Array.from({ length: 70 }, (_, i) => `/prod/items/${i}?q=${i}%20x&a=b`);
    for (const path of [...paths, ...paths.slice(0, 3), paths[0]!, paths[69]!]) {
      for (const method of ['GET', 'DELETE']) {
        const request = new Request(`${origin}${path}`, { method, headers: { 'x-n': path } });
        await signer.apply(request, interceptorContext());
        const verdict = verifySignature(
          {
            method,
            target: path,
            headers: { ...Object.fromEntries(request.headers), host: new URL(origin).host },
            body: Buffer.alloc(0),
          },
          { credentials: [credentials], ...scope },
        );
        expect(verdict).toEqual({ ok: true });
      }
    }
  });

  it('signs a GET without a promise once credentials are at hand (static, or cached from a provider)', async () => {
    const url = 'https://abc123.execute-api.us-west-2.amazonaws.com/prod/items';
    const fromProvider = iamSigner({ credentials: async () => credentials });
    const first = new Request(url);
    const loading = fromProvider.apply(first, interceptorContext());
    expect(loading).toBeInstanceOf(Promise);
    await loading;
    for (const signer of [iamSigner({ credentials }), fromProvider]) {
      const request = new Request(url);
      expect(signer.apply(request, interceptorContext())).toBeUndefined();
      expect(request.headers.get('authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIASIGNER\//);
    }
    expect(fromProvider.onResponse?.(new Response(null, { status: 200 }), first, interceptorContext())).toBe(
      false,
    );
  });

  it('signs with the context clock', async () => {
    const request = new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x');
    const clock = createClock(() => Date.parse('2015-08-30T12:36:00Z'));
    clock.setOffset(3_600_000);
    await iamSigner({ credentials }).apply(request, interceptorContext({ clock }));
    expect(request.headers.get('x-amz-date')).toBe('20150830T133600Z');
  });
});

describe('onResponse', () => {
  const signer = iamSigner({ credentials });
  // A request this signer signed: only a rejection of its own signature teaches the clock.
  const signed = (amzDate: string) =>
    new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x', {
      headers: {
        'x-amz-date': amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${amzDate.slice(0, 8)}/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`,
      },
    });
  const request = signed('20150830T123600Z');
  const serverDate = 'Sun, 30 Aug 2015 13:36:00 GMT';
  const local = () => Date.parse('2015-08-30T12:36:00Z');
  const apiGatewayExpired =
    '{"message":"Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T133600Z - 5 min.)"}';

  it('recognises a skew message whose body has not ended within readTimeoutMs, cut inside a character', async () => {
    const clock = createClock(local);
    const dripped = new ReadableStream<Uint8Array>({
      start(controller) {
        // A query service's error (STS, SQS), then the first byte of "é": the rest never comes.
        const message =
          'Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T133600Z - 5 min.)';
        const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${message}</Message></Error><RequestId>r`;
        controller.enqueue(new TextEncoder().encode(xml));
        controller.enqueue(Uint8Array.of(0xc3));
      },
    });
    const response = new Response(dripped, { status: 403, headers: { date: serverDate } });
    expect(
      await signer.onResponse!(response, request, interceptorContext({ clock, readTimeoutMs: 50 })),
    ).toBe(true);
    expect(clock.now()).toBe(Date.parse(serverDate));
  });

  describe.each(skewRejections)('$name', (fixture) => {
    // The local clock: an hour off whatever the server said, so a wrong source of time would show.
    const localTime = () => Date.parse(fixture.serverTime) - 3_600_000;

    it('teaches the server time its message quotes when no Date header can be read (a browser without Access-Control-Expose-Headers: Date)', async () => {
      const clock = createClock(localTime);
      const response = new Response(fixture.body, { status: fixture.status, headers: fixture.headers });
      expect(
        await signer.onResponse!(response, signed(fixture.signedAt), interceptorContext({ clock })),
      ).toBe(true);
      expect(clock.now()).toBe(Date.parse(fixture.serverTime));
    });

    it('prefers a readable Date header', async () => {
      const clock = createClock(localTime);
      const date = new Date(Date.parse(fixture.serverTime) + 2_000).toUTCString();
      const response = new Response(fixture.body, {
        status: fixture.status,
        headers: { ...fixture.headers, date },
      });
      expect(
        await signer.onResponse!(response, signed(fixture.signedAt), interceptorContext({ clock })),
      ).toBe(true);
      expect(clock.now()).toBe(Date.parse(date));
    });

    it('is not taken for a rejection of another request (it quotes another x-amz-date)', async () => {
      const clock = createClock(localTime);
      const response = new Response(fixture.body, { status: fixture.status, headers: fixture.headers });
      expect(
        await signer.onResponse!(response, signed('20991231T235959Z'), interceptorContext({ clock })),
      ).toBe(false);
      expect(clock.offset).toBe(0);
    });
  });

  it.each<[string, number, Record<string, string>, string]>([
    [
      "an app's own 400 that says Signature expired",
      400,
      { date: serverDate, 'content-type': 'application/json' },
      '{"message":"Signature expired"}',
    ],
    ["an app's own 400 that says RequestExpired", 400, { date: serverDate }, '{"message":"RequestExpired"}'],
    [
      'a RequestExpired error type and no AWS message',
      400,
      { date: serverDate, 'x-amzn-errortype': 'RequestExpired' },
      '{}',
    ],
    [
      "an app's 403 with a skew-looking code",
      403,
      { date: serverDate },
      '{"code":"RequestTimeTooSkewed","message":"The difference between the request time and the current time is too large."}',
    ],
    [
      'the AWS sentence under another error type',
      403,
      { date: serverDate, 'x-amzn-errortype': 'AccessDeniedException' },
      apiGatewayExpired,
    ],
    [
      'the AWS sentence in a JSON error of another __type',
      400,
      { date: serverDate },
      `{"__type":"ValidationException",${apiGatewayExpired.slice(1)}`,
    ],
    [
      'the AWS sentence with wrong arithmetic',
      403,
      { date: serverDate },
      '{"message":"Signature expired: 20150830T123600Z is now earlier than 20150830T133000Z (20150830T133600Z - 5 min.)"}',
    ],
    [
      'the AWS sentence inside a longer app message',
      400,
      { date: serverDate },
      '{"message":"Upstream said: Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T133600Z - 5 min.)"}',
    ],
    [
      'S3 XML for another request time',
      403,
      { date: serverDate },
      '<Error><Code>RequestTimeTooSkewed</Code><RequestTime>20150830T120000Z</RequestTime><ServerTime>2015-08-30T13:36:00Z</ServerTime></Error>',
    ],
    [
      'S3 XML with a 400',
      400,
      { date: serverDate },
      '<Error><Code>RequestTimeTooSkewed</Code><RequestTime>20150830T123600Z</RequestTime><ServerTime>2015-08-30T13:36:00Z</ServerTime></Error>',
    ],
    [
      'a 403 for a wrong signature',
      403,
      { date: serverDate, 'x-amzn-errortype': 'InvalidSignatureException' },
      '{"message":"The request signature we calculated does not match the signature you provided."}',
    ],
    ['a 401 with the sentence', 401, { date: serverDate }, apiGatewayExpired],
    ['a 200', 200, { date: serverDate }, apiGatewayExpired],
    ['a 500', 500, { date: serverDate }, apiGatewayExpired],
  ])('ignores %s', async (_name, status, headers, body) => {
    const clock = createClock(local);
    const response = new Response(body, { status, headers });
    expect(await signer.onResponse!(response, request, interceptorContext({ clock }))).toBe(false);
    expect(clock.offset).toBe(0);
  });

  it('ignores a rejection of a request it did not sign', async () => {
    const clock = createClock(local);
    const unsigned = new Request(request.url, { headers: { 'x-amz-date': '20150830T123600Z' } });
    const response = new Response(apiGatewayExpired, { status: 403, headers: { date: serverDate } });
    expect(await signer.onResponse!(response, unsigned, interceptorContext({ clock }))).toBe(false);
  });

  it('replaces an offset learned earlier rather than adding to it', async () => {
    const clock = createClock(local);
    clock.setOffset(3_600_000);
    const response = new Response(apiGatewayExpired, {
      status: 403,
      headers: { date: 'Sun, 30 Aug 2015 12:46:00 GMT' },
    });
    expect(await signer.onResponse!(response, request, interceptorContext({ clock }))).toBe(true);
    expect(clock.offset).toBe(600_000);
  });
});
