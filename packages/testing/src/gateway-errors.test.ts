import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { gatewayIamAuthorizer } from './iam-authorizer.ts';
import { aws4Request } from './test-support/signers.ts';

// The emulator answers as API Gateway does, so an app's tests see what production sends: a signature
// mismatch quotes the canonical request and string to sign it expected; expired session credentials
// get ExpiredTokenException.

const endpoint = 'https://err123.execute-api.us-east-1.amazonaws.com/prod';
const live = { accessKeyId: 'AKIDLIVE00000001', secretAccessKey: 'live-secret', sessionToken: 'live-token' };
const expired = { accessKeyId: 'AKIDOLD000000001', secretAccessKey: 'old-secret', sessionToken: 'old-token' };
const now = new Date();
const gateway = apiGateway({
  endpoint,
  authorizer: gatewayIamAuthorizer({
    credentials: [live, { ...expired, expiration: new Date(now.getTime() - 1000) }],
    region: 'us-east-1',
  }),
});
const server = setupServer(...gateway.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const host = new URL(endpoint).host;
const sign = (credentials: typeof live) =>
  aws4Request({
    url: `${endpoint}/items?b=2&a=1`,
    credentials,
    region: 'us-east-1',
    service: 'execute-api',
    date: now,
  });

describe('the IAM authorizer answers as API Gateway does', () => {
  it('quotes the canonical request and the string to sign for a signature mismatch', async () => {
    const response = await fetch(sign({ ...live, secretAccessKey: 'wrong-secret' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const { message } = (await response.json()) as { message: string };
    const canonical = `GET\n/prod/items\na=1&b=2\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-security-token:live-token\n\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`;
    const hash = createHash('sha256').update(canonical).digest('hex');
    expect(message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
        `The Canonical String for this request should have been\n'${canonical}'\n\n` +
        `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${amzDate}\n${amzDate.slice(0, 8)}/us-east-1/execute-api/aws4_request\n${hash}'\n`,
    );
  });

  it('answers ExpiredTokenException to credentials past their expiration', async () => {
    const response = await fetch(sign(expired));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('ExpiredTokenException');
    expect(await response.json()).toEqual({
      message: 'The security token included in the request is expired',
    });
  });

  it('still accepts the live credentials', async () => {
    expect((await fetch(sign(live))).status).toBe(200);
  });
});
