import { afterEach, describe, expect, it } from '@jest/globals';
import { awsJsonCall } from './aws-json-call.ts';

const endpoint = new URL('https://cognito-identity.us-east-1.amazonaws.com/');

/** A fetch that records what it was asked and answers `response`. */
function answering(response: () => Response) {
  const sent: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push(new Request(input, init));
    return response();
  };
  return { fetch, sent };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('awsJsonCall', () => {
  it('POSTs the input as AWS JSON 1.1 with the target, bounded by a signal, and reads a JSON object', async () => {
    const { fetch, sent } = answering(() => Response.json({ IdentityId: 'us-east-1:abc' }));
    const answer = await awsJsonCall(
      endpoint,
      'AWSCognitoIdentityService.GetId',
      { IdentityPoolId: 'us-east-1:0a1b' },
      { fetch, timeoutMs: 5000 },
    );
    expect(answer).toEqual({
      status: 200,
      ok: true,
      body: { IdentityId: 'us-east-1:abc' },
      complete: true,
      errorType: undefined,
    });
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://cognito-identity.us-east-1.amazonaws.com/');
    expect(request!.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(request!.headers.get('x-amz-target')).toBe('AWSCognitoIdentityService.GetId');
    expect(await request!.json()).toEqual({ IdentityPoolId: 'us-east-1:0a1b' });
    expect(request!.signal.aborted).toBe(false);
    expect(request!.redirect).toBe('manual');
  });

  it.each([301, 302, 303, 307, 308])(
    'refuses an HTTP %i (whose POST would carry the input on) with ERR_AUTH_SERVER_REDIRECT',
    async (status) => {
      const { fetch } = answering(
        () => new Response(null, { status, headers: { location: 'http://insecure.example/' } }),
      );
      const error = await awsJsonCall(
        endpoint,
        'S.Op',
        { Token: 'refresh-token-secret' },
        { fetch, timeoutMs: 5000 },
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'RequestPolicyError', code: 'ERR_AUTH_SERVER_REDIRECT' });
    },
  );

  it('reads at most maxBytes (default 256 KiB): a larger answer is incomplete, with no body', async () => {
    const big = `{"IdentityId":"${'x'.repeat(256 * 1024)}"}`;
    const { fetch } = answering(() => new Response(big));
    const answer = await awsJsonCall(endpoint, 'S.Op', {}, { fetch, timeoutMs: 5000 });
    expect(answer).toMatchObject({ status: 200, complete: false, body: undefined });
    const small = await awsJsonCall(endpoint, 'S.Op', {}, { fetch, timeoutMs: 5000, maxBytes: 300 * 1024 });
    expect(small).toMatchObject({ complete: true, body: { IdentityId: 'x'.repeat(256 * 1024) } });
  });

  it('gives no body for an answer that is not a JSON object', async () => {
    for (const text of ['', '<html>Not Found</html>', '[1,2]', 'null', '{"cut', '42']) {
      const { fetch } = answering(() => new Response(text));
      const answer = await awsJsonCall(endpoint, 'S.Op', {}, { fetch, timeoutMs: 5000 });
      expect(answer.body).toBeUndefined();
    }
  });

  it.each([
    ['a namespaced __type', { __type: 'com.amazonaws.cognito.identity#NotAuthorizedException' }, {}],
    [
      'a __type with its documentation link',
      { __type: 'NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
      {},
    ],
    ['the x-amzn-ErrorType header', {}, { 'x-amzn-ErrorType': 'NotAuthorizedException:http://x/' }],
  ])('names the error type from %s, never the message', async (_what, fields, headers) => {
    const { fetch } = answering(() =>
      Response.json({ ...fields, message: 'Invalid login token: eyJhbGciOi' }, { status: 400, headers }),
    );
    const answer = await awsJsonCall(endpoint, 'S.Op', {}, { fetch, timeoutMs: 5000 });
    expect(answer).toMatchObject({ status: 400, ok: false, errorType: 'NotAuthorizedException' });
  });

  it('names no error type when the answer holds none (a web server or a proxy, not the service)', async () => {
    const answers = [
      () => new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
      () => Response.json({ __type: '<script>alert(1)</script>' }, { status: 400 }),
      () => Response.json({ message: 'Internal error' }, { status: 500 }),
    ];
    for (const response of answers) {
      const { fetch } = answering(response);
      const answer = await awsJsonCall(endpoint, 'S.Op', {}, { fetch, timeoutMs: 5000 });
      expect(answer.ok).toBe(false);
      expect(answer.errorType).toBeUndefined();
    }
  });

  it('rejects with what fetch threw, and uses globalThis.fetch as it is at the time of the call', async () => {
    const failure = new TypeError('fetch failed');
    globalThis.fetch = async () => {
      throw failure;
    };
    await expect(awsJsonCall(endpoint, 'S.Op', {}, { timeoutMs: 5000 })).rejects.toBe(failure);
  });

  it('bounds the exchange: a call left unanswered rejects with the TimeoutError of its timeoutMs signal', async () => {
    const hanging: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const error = await awsJsonCall(endpoint, 'S.Op', {}, { fetch: hanging, timeoutMs: 50 }).catch((e) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
  });
});
