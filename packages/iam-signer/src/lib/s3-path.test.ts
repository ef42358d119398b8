import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { verifyFetchRequest } from '@ky-auth/test-kit/aws4-verifier';
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { presignUrl } from '../presign-url.ts';
import { signRequest } from '../sign-request.ts';

// S3 decodes the path it receives and encodes it again before checking a signature. The references are
// independent of ky-auth: aws4 (whose S3 rule its maintainer tests against live S3, test/slow.js) and
// @smithy/signature-v4 as the AWS SDK's S3 client drives it (the key encoded once by the client,
// `uriEscapePath: false`).

const credentials = { accessKeyId: 'AKIDS3PATHTEST01', secretAccessKey: 's3-path-secret-key' };
const bucket = 'https://examplebucket.s3.us-east-1.amazonaws.com';
const scope = { region: 'us-east-1', service: 's3' } as const;

// The paths mhart/aws4's test/slow.js sends to live S3 (https://s3.amazonaws.com/test<path>), without
// their query strings, and the path of its S3 test with every printable ASCII character.
const aws4LiveTestedPaths = [
  '/ü',
  '/€',
  '/%41',
  "/!'()*@%21%27%28%29%2A",
  '/%2a',
  '/%2f%2f',
  '/ü%41',
  '/€ü%41',
  '/%2f',
  '//a/b/..//c/.',
  '//a/b/..//c/./',
  "//`@$^&*()-_+[]{}\\|;:.,<>€ü%41=b~ and c * ' //(whatever)!",
];
// Keys people name their files with, which a path signed as sent gets refused for.
const keys = [
  'photo (1).jpg',
  "!'()*@=.txt",
  'reports/2024 Q1/summary (final).pdf',
  'ü€ 😀.png',
  'a=b&c;d,e$.csv',
];

/** Node's SHA-256 in the shape smithy takes (`@aws-crypto/sha256-js`'s), so smithy signs on its own. */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

const signatureOf = (authorization: string | null) =>
  /Signature=([0-9a-f]{64})/.exec(authorization ?? '')?.[1];

describe('S3 paths', () => {
  it.each(aws4LiveTestedPaths)('signs %s as aws4 signs it for S3 (the path fetch sends)', async (path) => {
    const request = new Request(`${bucket}/test${path}`);
    const signed = await signRequest(request, { credentials, ...scope, signPayloadHeader: true });
    expect(await verifyFetchRequest(signed, { credentials: [credentials], ...scope })).toEqual({ ok: true });
  });

  it.each(keys)(
    "signs the key %s as the AWS SDK's S3 client does (smithy), and aws4 verifies it",
    async (key) => {
      const date = new Date('2024-03-01T10:20:30Z');
      // What ky or fetch sends for the key: the URL parser's encoding (it leaves `!'()*@=&;,$` as they are).
      const url = new URL(key, `${bucket}/`);
      const ours = await signRequest(new Request(url), {
        credentials,
        ...scope,
        signPayloadHeader: true,
        clock: { now: () => date.getTime() },
      });
      // What the SDK's S3 client sends for the key, and signs with `uriEscapePath: false`.
      const smithy = new SignatureV4({ credentials, ...scope, sha256: NodeSha256, uriEscapePath: false });
      const theirs = await smithy.sign(
        {
          method: 'GET',
          protocol: 'https:',
          hostname: url.hostname,
          path: `/${key.split('/').map(extendedEncodeURIComponent).join('/')}`,
          query: {},
          headers: { host: url.host, 'x-amz-content-sha256': ours.headers.get('x-amz-content-sha256')! },
        },
        { signingDate: date },
      );
      expect(signatureOf(ours.headers.get('authorization'))).toBe(
        signatureOf(String(theirs.headers.authorization ?? theirs.headers.Authorization)),
      );
      const verifier = { credentials: [credentials], ...scope, now: () => date.getTime() };
      expect(await verifyFetchRequest(ours, verifier)).toEqual({ ok: true });
    },
  );

  it('signs a presigned S3 URL for the path S3 checks', async () => {
    const date = Date.parse('2024-03-01T10:20:30Z');
    const url = await presignUrl(`${bucket}/photo (1).jpg`, {
      credentials,
      ...scope,
      clock: { now: () => date },
    });
    const smithy = new SignatureV4({ credentials, ...scope, sha256: NodeSha256, uriEscapePath: false });
    const theirs = await smithy.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: url.hostname,
        path: `/${extendedEncodeURIComponent('photo (1).jpg')}`,
        query: {},
        // As @aws-sdk/s3-request-presigner asks: the payload unsigned, and not a signed header itself.
        headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        signingDate: new Date(date),
        expiresIn: 900,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    expect(url.searchParams.get('X-Amz-Signature')).toBe(theirs.query?.['X-Amz-Signature']);
  });

  it('still encodes the path once more, with dot segments removed, for API Gateway', async () => {
    const request = new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/photo (1).jpg');
    const signed = await signRequest(request, { credentials });
    expect(
      await verifyFetchRequest(signed, {
        credentials: [credentials],
        region: 'us-east-1',
        service: 'execute-api',
      }),
    ).toEqual({ ok: true });
  });
});
