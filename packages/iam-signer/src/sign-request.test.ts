import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type VerifyingServer, verifyingServer, verifySignature } from '@ky-auth/test-kit/aws4-verifier';
import { signRequest } from './sign-request.ts';
import { caught, testSecrets } from './test-support/secrets.ts';

const permanent = { accessKeyId: 'AKIDPERMANENT', secretAccessKey: testSecrets.secretAccessKey };
const temporary = {
  accessKeyId: 'ASIATEMPORARY',
  secretAccessKey: testSecrets.secretAccessKey,
  sessionToken: testSecrets.sessionToken,
};
const scope = { region: 'eu-west-1', service: 'execute-api' };
let server: VerifyingServer;

beforeAll(async () => {
  server = await verifyingServer({ credentials: [permanent, temporary], ...scope });
});
afterAll(() => server.close());

/** Signs and sends; returns the status and what the verifier said about the request as received. */
async function send(request: Request, options: Partial<Parameters<typeof signRequest>[1]> = {}) {
  const signed = await signRequest(request, { credentials: permanent, ...scope, ...options });
  const response = await fetch(signed);
  const last = server.received.at(-1)!;
  return { status: response.status, verdict: last.verdict, received: last.request, signed };
}

describe.each([
  ['permanent credentials', permanent],
  ['temporary credentials (session token)', temporary],
])('with %s, accepted by an aws4-based verifier', (_, credentials) => {
  it.each([
    ['a plain path', '/prod/items'],
    ['a space', '/prod/a b/c'],
    ['UTF-8', '/prod/ሴ/café'],
    ['reserved characters', "/prod/a:b@c!d$e&f'g(h)i*j+k,l;m=n"],
    ['an encoded slash', '/prod/a%2Fb/c'],
    ['an encoded percent and tilde', '/prod/100%25/~user/%7E'],
    ['a trailing slash', '/prod/items/'],
    ['repeated, empty and valueless query parameters', '/prod/items?b=2&a=1&a=0&a=&empty&z=%2F+x&sp=a%20b'],
    ['a query needing encoding', "/prod/items?q=it's (new)*!&u=ሴ&t=~._-"],
  ])('signs %s', async (_name, path) => {
    const { status, verdict } = await send(new Request(`${server.origin}${path}`), { credentials });
    expect(verdict).toEqual({ ok: true });
    expect(status).toBe(200);
  });

  const text = 'Grüße, "signed" body\n';
  const bytes = new TextEncoder().encode(text);
  const form = () => {
    const data = new FormData();
    data.append('name', 'widget');
    data.append('file', new Blob(['file contents ሴ'], { type: 'text/plain' }), 'notes.txt');
    return data;
  };
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });
  const viewWithOffset = () => {
    const buffer = new Uint8Array(bytes.length + 7);
    buffer.set(bytes, 3);
    return new Uint8Array(buffer.buffer, 3, bytes.length);
  };

  it.each<[string, () => BodyInit, string | undefined]>([
    ['a string', () => text, text],
    ['URLSearchParams', () => new URLSearchParams({ a: '1 2', b: 'ሴ&=' }), 'a=1+2&b=%E1%88%B4%26%3D'],
    ['an ArrayBuffer', () => bytes.slice().buffer, text],
    ['a typed array at an offset', viewWithOffset, text],
    ['a DataView', () => new DataView(viewWithOffset().buffer, 3, bytes.length), text],
    ['a Blob', () => new Blob([bytes], { type: 'application/octet-stream' }), text],
    ['FormData', form, undefined],
    ['a ReadableStream', stream, text],
  ])('signs a body given as %s, which arrives intact', async (_name, body, expectedText) => {
    for (const hint of [false, true]) {
      const init = body();
      const request = new Request(`${server.origin}/prod/upload`, {
        method: 'POST',
        body: init,
        ...(init instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const { status, verdict, received } = await send(request, {
        credentials,
        ...(hint ? { body: init } : {}),
      });
      expect(verdict).toEqual({ ok: true });
      expect(status).toBe(200);
      if (expectedText !== undefined) expect(received.body.toString('utf8')).toBe(expectedText);
      else {
        const boundary = /boundary=(.+)$/.exec(received.headers['content-type'] ?? '')?.[1];
        expect(boundary).toBeDefined();
        expect(received.body.toString('utf8')).toContain(`--${boundary}`);
        expect(received.body.toString('utf8')).toContain('file contents ሴ');
      }
    }
  });

  it('signs with x-amz-content-sha256 when asked: the body hash, which the verifier checks', async () => {
    const { verdict, received } = await send(
      new Request(`${server.origin}/prod/upload`, { method: 'PUT', body: text }),
      { credentials, signPayloadHeader: true },
    );
    expect(verdict).toEqual({ ok: true });
    expect(received.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(text).digest('hex'));
    expect(received.headers.authorization).toContain('x-amz-content-sha256');
  });

  it('sends the session token exactly when the credentials have one', async () => {
    const { received } = await send(new Request(`${server.origin}/prod/items`), { credentials });
    expect(received.headers['x-amz-security-token']).toBe(
      'sessionToken' in credentials ? credentials.sessionToken : undefined,
    );
  });
});

describe('rejected by the verifier', () => {
  it('when a byte of the body changes after signing', async () => {
    const signed = await signRequest(
      new Request(`${server.origin}/prod/upload`, { method: 'POST', body: 'amount=100' }),
      { credentials: permanent, ...scope, body: 'amount=100' },
    );
    const tampered = new Request(signed, { body: 'amount=900' });
    expect((await fetch(tampered)).status).toBe(403);
    expect(server.received.at(-1)!.verdict).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('when a signed header changes after signing', async () => {
    const signed = await signRequest(
      new Request(`${server.origin}/prod/items`, { headers: { 'x-tenant': 'a' } }),
      { credentials: permanent, ...scope },
    );
    signed.headers.set('x-tenant', 'b');
    expect((await fetch(signed)).status).toBe(403);
  });

  it('when the path is encoded once only (the S3 convention), so the verifier checks double encoding', async () => {
    const { status } = await send(new Request(`${server.origin}/prod/a b`), { uriEscapePath: false });
    expect(status).toBe(403);
  });

  it('when signed with the wrong secret', async () => {
    const { status, verdict } = await send(new Request(`${server.origin}/prod/items`), {
      credentials: { accessKeyId: permanent.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    expect(status).toBe(403);
    expect(verdict).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('when signed with a stale date', async () => {
    const { status, verdict } = await send(new Request(`${server.origin}/prod/items`), {
      clock: { now: () => Date.now() - 10 * 60_000 },
    });
    expect(status).toBe(403);
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/),
    });
  });

  it('when the session token is left out', async () => {
    const signed = await signRequest(new Request(`${server.origin}/prod/items`), {
      credentials: temporary,
      ...scope,
    });
    signed.headers.delete('x-amz-security-token');
    expect((await fetch(signed)).status).toBe(403);
  });
});

describe('what signRequest sends', () => {
  it('sets authorization and x-amz-date only, by default', async () => {
    const signed = await signRequest(
      new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items'),
      {
        credentials: permanent,
        clock: { now: () => Date.parse('2015-08-30T12:36:00Z') },
      },
    );
    expect([...signed.headers.keys()].sort()).toEqual(['authorization', 'x-amz-date']);
    expect(signed.headers.get('x-amz-date')).toBe('20150830T123600Z');
    expect(signed.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDPERMANENT\/20150830\/us-east-1\/execute-api\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('returns the request itself when the body was known, a copy with the hashed bytes otherwise', async () => {
    const known = new Request(`${server.origin}/prod/x`, { method: 'POST', body: 'abc' });
    expect(await signRequest(known, { credentials: permanent, ...scope, body: 'abc' })).toBe(known);
    const unknown = new Request(`${server.origin}/prod/x`, { method: 'POST', body: new Blob(['abc']) });
    const copy = await signRequest(unknown, { credentials: permanent, ...scope });
    expect(copy).not.toBe(unknown);
    expect(await copy.text()).toBe('abc');
  });

  it('leaves headers a browser or proxy may change out of the signature', async () => {
    const signed = await signRequest(
      new Request(`${server.origin}/prod/items`, {
        headers: {
          'user-agent': 'test',
          'x-amzn-trace-id': 'Root=1',
          'accept-encoding': 'gzip',
          'x-forwarded-for': '10.0.0.1',
          expect: '100-continue',
          'x-api-key': 'key-travels-beside',
          accept: 'application/json',
        },
      }),
      { credentials: permanent, ...scope },
    );
    expect(signed.headers.get('authorization')).toContain('SignedHeaders=accept;host;x-amz-date;x-api-key,');
  });

  it('replaces an Authorization header the request had', async () => {
    const { verdict } = await send(
      new Request(`${server.origin}/prod/items`, { headers: { authorization: 'Bearer something' } }),
    );
    expect(verdict).toEqual({ ok: true });
  });

  it('fails with ERR_SIGNING_BODY_TOO_LARGE, sending nothing, when a stream exceeds maxBodyBytes', async () => {
    const before = server.received.length;
    const error = await caught(() =>
      signRequest(
        new Request(`${server.origin}/prod/upload`, { method: 'POST', body: new Blob(['x'.repeat(2048)]) }),
        {
          credentials: permanent,
          ...scope,
          maxBodyBytes: 1024,
        },
      ),
    );
    expect(error).toMatchObject({ name: 'SigningError', code: 'ERR_SIGNING_BODY_TOO_LARGE' });
    expect(error.message).toContain('1024');
    expect(server.received.length).toBe(before);
  });

  it('signs UNSIGNED-PAYLOAD without reading a stream when asked', async () => {
    const request = new Request(`${server.origin}/prod/upload`, {
      method: 'PUT',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('streamed'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const signed = await signRequest(request, { credentials: permanent, ...scope, unsignedPayload: true });
    expect(signed).toBe(request);
    expect(signed.headers.get('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');
    const response = await fetch(signed);
    expect(server.received.at(-1)!.verdict).toEqual({ ok: true });
    expect(response.status).toBe(200);
    expect(server.received.at(-1)!.request.body.toString()).toBe('streamed');
  });
});

describe('the headers ky-auth never signs', () => {
  // The one list the README gives: smithy's ALWAYS_UNSIGNABLE_HEADERS, its `sec-*` and `proxy-*`
  // patterns, and those a runtime computes or a proxy rewrites.
  const neverSigned = {
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    expect: '100-continue',
    from: 'ops@example.com',
    'keep-alive': 'timeout=5',
    'max-forwards': '3',
    pragma: 'no-cache',
    referer: 'https://app.example.com/',
    te: 'trailers',
    trailer: 'x-checksum',
    upgrade: 'h2c',
    'user-agent': 'ky-auth-test',
    'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793',
    'content-length': '0',
    'accept-encoding': 'gzip',
    forwarded: 'for=192.0.2.60',
    via: '1.1 proxy',
    'x-forwarded-for': '192.0.2.60',
    'x-forwarded-host': 'app.example.com',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'sec-fetch-mode': 'cors',
    'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
  };

  it('leaves each out of SignedHeaders, and aws4 accepts the signature after a proxy rewrote or dropped them all', async () => {
    const request = new Request(`${server.origin}/prod/items`, {
      headers: { ...neverSigned, 'x-tenant': 'acme' },
    });
    const signed = await signRequest(request, { credentials: permanent, ...scope });
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(signed.headers.get('authorization') ?? '')?.[1];
    expect(signedHeaders).toBe('host;x-amz-date;x-tenant');
    const url = new URL(signed.url);
    const sent = Object.fromEntries(signed.headers);
    const rewritten = Object.fromEntries(
      Object.entries(sent).filter(([name]) => !(name in neverSigned) || name.startsWith('x-forwarded-')),
    );
    for (const name of Object.keys(rewritten)) {
      if (name.startsWith('x-forwarded-')) rewritten[name] = 'rewritten-by-a-proxy';
    }
    const verdict = verifySignature(
      {
        method: 'GET',
        target: url.pathname,
        headers: { ...rewritten, host: url.host },
        body: Buffer.alloc(0),
      },
      { credentials: [permanent], ...scope },
    );
    expect(verdict).toEqual({ ok: true });
  });
});
