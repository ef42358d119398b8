import { Sha256 } from '@aws-crypto/sha256-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { fixedClock } from './fixed-clock.ts';
import { gatewayIamAuthorizer } from './iam-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';
import { aws4Request, type SignInput, smithyRequest } from './test-support/signers.ts';

const ENDPOINT = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const NOW = '2024-01-01T00:10:00Z';
const clock = fixedClock(NOW);
const longTerm = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const temporary = {
  accessKeyId: 'ASIATEMPORARYEXAMPLE',
  secretAccessKey: 'temporary/secret/key/EXAMPLE',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//session+token=',
};
const gateway = apiGateway({
  endpoint: ENDPOINT,
  authorizer: gatewayIamAuthorizer({ credentials: [longTerm, temporary], region: 'us-east-1' }),
  clock,
});
const server = setupServer(...gateway.handlers);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  clock.set(NOW);
  gateway.reset();
});
afterAll(() => server.close());

const at = (offsetMs = 0) => new Date(Date.parse(NOW) + offsetMs);
const signers = {
  aws4: async (input: SignInput & { presign?: boolean; expires?: number }) => aws4Request(input),
  smithy: smithyRequest,
};

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

async function expectRejection(response: Response, status: number, message: string, errorType: string) {
  const body = await response.json();
  expect({
    status: response.status,
    // A signature mismatch goes on with the canonical request and string to sign (checked elsewhere).
    body: { ...body, message: String(body.message).split('\n\n')[0] },
    errorType: response.headers.get('x-amzn-errortype'),
  }).toEqual({ status, body: { message }, errorType });
}

describe.each(Object.entries(signers))(
  'gatewayIamAuthorizer accepts requests signed by %s',
  (_name, sign) => {
    const paths = [
      ['a plain path', '/items/42'],
      ['a space', '/a b/c d'],
      ['UTF-8', '/café/ü/日本'],
      ['reserved characters', "/it's(1)*!/x:y@z,w;v=u$t&s+r~._-"],
      ['an encoded slash', '/folders/a%2Fb'],
      ['an encoded percent', '/100%25'],
      ['a trailing slash', '/items/'],
    ];
    it.each(paths)('with %s in the path', async (_case, path) => {
      const request = await sign({ url: `${ENDPOINT}${path}`, credentials: longTerm, date: at() });
      const response = await fetch(request);
      expect(response.status).toBe(200);
      const echo = (await response.json()) as EchoBody;
      expect(echo.path).toBe(new URL(`${ENDPOINT}${path}`).pathname);
      expect(echo.principal).toMatchObject({ type: 'iam', accessKeyId: 'AKIDEXAMPLE', presigned: false });
    });

    const queries = [
      ['repeated names', '?a=2&a=1&b=3'],
      ['empty values', '?empty=&other=x'],
      ['a name without a value', '?flag&x=1'],
      ['encoded spaces and plus', '?q=a%20b&p=c+d'],
      ['UTF-8 and reserved characters', '?utf=%C3%A9&res=%21%27%28%29%2A&slash=a%2Fb'],
      ['unsorted names with mixed case', '?b=1&B=2&a=3&A=4'],
    ];
    it.each(queries)('with %s in the query', async (_case, query) => {
      const request = await sign({ url: `${ENDPOINT}/search${query}`, credentials: longTerm, date: at() });
      expect((await fetch(request)).status).toBe(200);
    });

    it('with a JSON body', async () => {
      const request = await sign({
        method: 'POST',
        url: `${ENDPOINT}/items`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'widget', price: 4.5 }),
        credentials: longTerm,
        date: at(),
      });
      const response = await fetch(request);
      expect(response.status).toBe(200);
      expect(((await response.json()) as EchoBody).bodyLength).toBe(
        JSON.stringify({ name: 'widget', price: 4.5 }).length,
      );
    });

    it('with temporary credentials and their session token', async () => {
      const request = await sign({ url: `${ENDPOINT}/items`, credentials: temporary, date: at() });
      const response = await fetch(request);
      expect(response.status).toBe(200);
      expect(((await response.json()) as EchoBody).principal).toMatchObject({ sessionToken: true });
    });

    it.each([
      ['4 minutes slow', -4 * 60_000],
      ['4 minutes fast', 4 * 60_000],
    ])('with a clock %s', async (_case, offset) => {
      const request = await sign({ url: `${ENDPOINT}/items`, credentials: longTerm, date: at(offset) });
      expect((await fetch(request)).status).toBe(200);
    });

    it('presigned in the query string', async () => {
      const request = await sign({
        url: `${ENDPOINT}/download?file=a%20b`,
        credentials: temporary,
        date: at(),
        presign: true,
      });
      expect(new URL(request.url).searchParams.has('X-Amz-Signature')).toBe(true);
      const response = await fetch(request);
      expect(response.status).toBe(200);
      expect(((await response.json()) as EchoBody).principal).toMatchObject({ presigned: true });
    });
  },
);

describe('gatewayIamAuthorizer rejects what API Gateway rejects', () => {
  const signed = (overrides: Partial<SignInput> = {}) =>
    aws4Request({ url: `${ENDPOINT}/items`, credentials: longTerm, date: at(), ...overrides });

  it('no Authorization: 403 Missing Authentication Token', async () => {
    await expectRejection(
      await fetch(`${ENDPOINT}/items`),
      403,
      'Missing Authentication Token',
      'MissingAuthenticationTokenException',
    );
  });

  it('a signature changed by one character', async () => {
    const request = signed();
    const authorization = request.headers.get('authorization')!;
    const last = authorization.at(-1) === '0' ? '1' : '0';
    request.headers.set('authorization', `${authorization.slice(0, -1)}${last}`);
    await expectRejection(await fetch(request), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });

  it('the wrong secret key', async () => {
    const request = signed({ credentials: { ...longTerm, secretAccessKey: `${longTerm.secretAccessKey}x` } });
    await expectRejection(await fetch(request), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });

  it('an unknown access key', async () => {
    const request = signed({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' } });
    await expectRejection(await fetch(request), 403, INVALID_TOKEN, 'UnrecognizedClientException');
  });

  it('a wrong session token', async () => {
    const request = signed({ credentials: { ...temporary, sessionToken: 'another-token' } });
    await expectRejection(await fetch(request), 403, INVALID_TOKEN, 'UnrecognizedClientException');
  });

  it('temporary credentials without their session token', async () => {
    const { sessionToken: _, ...withoutToken } = temporary;
    await expectRejection(
      await fetch(signed({ credentials: withoutToken })),
      403,
      INVALID_TOKEN,
      'UnrecognizedClientException',
    );
  });

  it('a session token with long-term credentials', async () => {
    const request = signed({ credentials: { ...longTerm, sessionToken: 'stray-token' } });
    await expectRejection(await fetch(request), 403, INVALID_TOKEN, 'UnrecognizedClientException');
  });

  it('a date 6 minutes old', async () => {
    await expectRejection(
      await fetch(signed({ date: at(-6 * 60_000) })),
      403,
      'Signature expired: 20240101T000400Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)',
      'InvalidSignatureException',
    );
  });

  it('a date 6 minutes ahead', async () => {
    await expectRejection(
      await fetch(signed({ date: at(6 * 60_000) })),
      403,
      'Signature not yet current: 20240101T001600Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)',
      'InvalidSignatureException',
    );
  });

  it('a credential scoped to another region', async () => {
    await expectRejection(
      await fetch(signed({ region: 'us-west-2' })),
      403,
      "Credential should be scoped to a valid region, not 'us-west-2'. ",
      'InvalidSignatureException',
    );
  });

  it('a credential scoped to another service', async () => {
    await expectRejection(
      await fetch(signed({ service: 'lambda' })),
      403,
      "Credential should be scoped to correct service: 'execute-api'. ",
      'InvalidSignatureException',
    );
  });

  it('a body changed after signing', async () => {
    const original = aws4Request({
      method: 'POST',
      url: `${ENDPOINT}/items`,
      headers: { 'content-type': 'application/json' },
      body: '{"amount":1}',
      credentials: longTerm,
      date: at(),
    });
    const tampered = new Request(original.url, {
      method: 'POST',
      headers: original.headers,
      body: '{"amount":9}',
    });
    await expectRejection(await fetch(tampered), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });

  it('an x-amz-content-sha256 that does not match the body', async () => {
    const original = await smithyRequest({
      method: 'PUT',
      url: `${ENDPOINT}/items/1`,
      body: 'signed body',
      credentials: longTerm,
      date: at(),
    });
    expect(original.headers.get('x-amz-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
    const tampered = new Request(original.url, {
      method: 'PUT',
      headers: original.headers,
      body: 'other body',
    });
    await expectRejection(await fetch(tampered), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });

  it('a path changed after signing', async () => {
    const original = signed();
    const moved = new Request(`${ENDPOINT}/items/other`, { headers: original.headers });
    await expectRejection(await fetch(moved), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });

  it('a path encoded only once, as an S3-style signer does', async () => {
    const url = new URL(`${ENDPOINT}/a b`);
    const signer = new SignatureV4({
      credentials: longTerm,
      region: 'us-east-1',
      service: 'execute-api',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signedOnce = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: url.hostname,
        path: url.pathname,
        query: {},
        headers: { host: url.host },
      },
      { signingDate: at() },
    );
    const { host: _, ...headers } = signedOnce.headers;
    await expectRejection(
      await fetch(url, { headers }),
      403,
      SIGNATURE_MISMATCH,
      'InvalidSignatureException',
    );
  });

  it('a bearer token sent to an IAM-authorized API', async () => {
    await expectRejection(
      await fetch(`${ENDPOINT}/items`, { headers: { authorization: 'Bearer eyJhbGciOi.payload.sig' } }),
      403,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      'IncompleteSignatureException',
    );
  });

  it('a presigned URL past its X-Amz-Expires', async () => {
    const request = aws4Request({
      url: `${ENDPOINT}/download`,
      credentials: longTerm,
      date: at(-10 * 60_000),
      presign: true,
      expires: 300,
    });
    const response = await fetch(request);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^Signature expired: 20240101T000000Z is now earlier than/,
    );
  });

  it('a presigned URL whose query was changed', async () => {
    const request = await smithyRequest({
      url: `${ENDPOINT}/download?file=a`,
      credentials: longTerm,
      date: at(),
      presign: true,
    });
    const changed = request.url.replace('file=a', 'file=b');
    await expectRejection(await fetch(changed), 403, SIGNATURE_MISMATCH, 'InvalidSignatureException');
  });
});

describe('every IAM answer', () => {
  it('carries the gateway clock in Date and a request id that gateway.calls records', async () => {
    const response = await fetch(
      aws4Request({ url: `${ENDPOINT}/items`, credentials: longTerm, date: at(-6 * 60_000) }),
    );
    expect(response.headers.get('date')).toBe('Mon, 01 Jan 2024 00:10:00 GMT');
    const id = response.headers.get('x-amzn-requestid');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway.calls).toEqual([
      expect.objectContaining({
        requestId: id,
        outcome: 'rejected',
        status: 403,
        authorizer: 'iam',
        errorType: 'InvalidSignatureException',
      }),
    ]);
  });

  it('records the canonical request of a mismatch for debugging', async () => {
    const request = aws4Request({
      url: `${ENDPOINT}/a b`,
      credentials: { ...longTerm, secretAccessKey: 'wrong' },
      date: at(),
    });
    await fetch(request);
    expect(gateway.calls[0]?.details?.canonicalRequest).toBe(
      [
        'GET',
        '/prod/a%2520b',
        '',
        'host:abc123.execute-api.us-east-1.amazonaws.com',
        'x-amz-date:20240101T001000Z',
        '',
        'host;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('follows the clock: a signature accepted now is expired 6 minutes later', async () => {
    const request = aws4Request({ url: `${ENDPOINT}/items`, credentials: longTerm, date: at() });
    expect((await fetch(request.clone())).status).toBe(200);
    clock.advance(6 * 60_000);
    expect((await fetch(request)).status).toBe(403);
  });
});
