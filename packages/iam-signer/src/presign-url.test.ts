import { describe, expect, it } from '@jest/globals';
import aws4 from 'aws4';
import { presignUrl } from './presign-url.ts';
import { caught, testSecrets } from './test-support/secrets.ts';

const credentials = {
  accessKeyId: 'ASIAPRESIGN',
  secretAccessKey: testSecrets.secretAccessKey,
  sessionToken: testSecrets.sessionToken,
};
const clock = { now: () => Date.parse('2024-05-01T10:00:00Z') };

/**
 * Recomputes a presigned URL's signature with aws4 (not smithy) from the URL alone, as a service does:
 * every query parameter but X-Amz-Signature, the host, and any headers the caller says were sent.
 */
function aws4Signature(
  url: URL,
  options: { region: string; service: string; method?: string; headers?: Record<string, string> },
) {
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => !pair.startsWith('X-Amz-Signature='))
    .join('&');
  const signed = aws4.sign(
    {
      method: options.method ?? 'GET',
      host: url.host,
      path: `${url.pathname}?${query}`,
      headers: { ...options.headers },
      region: options.region,
      service: options.service,
      signQuery: true,
    },
    credentials,
  );
  return new URLSearchParams(signed.path!.split('?')[1]).get('X-Amz-Signature');
}

describe('presignUrl', () => {
  it('puts a signature aws4 agrees with, and its parameters, in the query', async () => {
    const input =
      'https://abc123.execute-api.us-east-1.amazonaws.com/prod/reports/2024 05/ሴ.csv?format=csv&a=1&a=';
    const url = await presignUrl(input, { credentials, clock, expiresIn: 300 });
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'ASIAPRESIGN/20240501/us-east-1/execute-api/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe('20240501T100000Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(testSecrets.sessionToken);
    expect(url.searchParams.getAll('a')).toEqual(['1', '']);
    expect(url.searchParams.get('format')).toBe('csv');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      aws4Signature(url, { region: 'us-east-1', service: 'execute-api' }),
    );
  });

  it('expires in 15 minutes by default', async () => {
    const url = await presignUrl('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x', {
      credentials,
      clock,
    });
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
  });

  it('presigns a WebSocket URL', async () => {
    const url = await presignUrl('wss://ws123.execute-api.eu-west-1.amazonaws.com/prod', {
      credentials,
      clock,
    });
    expect(url.protocol).toBe('wss:');
    expect(url.searchParams.get('X-Amz-Credential')).toContain('/eu-west-1/execute-api/');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      aws4Signature(url, { region: 'eu-west-1', service: 'execute-api' }),
    );
  });

  it('replaces the auth parameters of an URL presigned before', async () => {
    const first = await presignUrl('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x?keep=1', {
      credentials,
      clock,
    });
    const again = await presignUrl(first, {
      credentials,
      clock: { now: () => clock.now() + 60_000 },
      expiresIn: 60,
    });
    expect(again.searchParams.getAll('X-Amz-Signature')).toHaveLength(1);
    expect(again.searchParams.getAll('X-Amz-Date')).toEqual(['20240501T100100Z']);
    expect(again.searchParams.get('keep')).toBe('1');
    expect(again.searchParams.get('X-Amz-Signature')).toBe(
      aws4Signature(again, { region: 'us-east-1', service: 'execute-api' }),
    );
  });

  it("signs a Request's headers, which must then be sent, and moves its x-amz-* headers into the query", async () => {
    const request = new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x', {
      method: 'PUT',
      headers: { 'x-tenant': 'acme', 'x-amz-meta-owner': 'alice' },
    });
    const url = await presignUrl(request, { credentials, clock });
    expect(url.searchParams.get('x-amz-meta-owner')).toBe('alice');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-tenant');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      aws4Signature(url, {
        region: 'us-east-1',
        service: 'execute-api',
        method: 'PUT',
        headers: { 'x-tenant': 'acme' },
      }),
    );
  });

  it('signs UNSIGNED-PAYLOAD with the path encoded once for S3, as S3 (and aws4) expect', async () => {
    const url = await presignUrl('https://bucket.s3.us-west-2.amazonaws.com/photos/2024/a b.jpg', {
      credentials,
      clock,
      region: 'us-west-2',
      service: 's3',
    });
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      aws4Signature(url, { region: 'us-west-2', service: 's3' }),
    );
  });

  it.each([0, 604_801, 1.5])(
    'refuses expiresIn %p with ConfigError ERR_CONFIG_INVALID',
    async (expiresIn) => {
      const error = await caught(() =>
        presignUrl('https://abc123.execute-api.us-east-1.amazonaws.com/prod/x', { credentials, expiresIn }),
      );
      expect(error).toMatchObject({
        name: 'ConfigError',
        code: 'ERR_CONFIG_INVALID',
        path: 'presignUrl.expiresIn',
      });
    },
  );

  it('fails with ERR_SIGNING_REGION_UNKNOWN for a custom domain without a region', async () => {
    const error = await caught(() => presignUrl('https://api.example.com/x', { credentials }));
    expect(error).toMatchObject({ name: 'SigningError', code: 'ERR_SIGNING_REGION_UNKNOWN' });
  });
});
