import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Checksum, ChecksumConstructor, HashBackend } from './checksum.ts';
import { browserBackend, hashBackend, jsBackend, nodeBackend } from './hash-backend.ts';
import { toHex } from './hex.ts';
import { hashPayload } from './payload-hash.ts';
import { headerSignature } from './sigv4.ts';
import { WebCryptoSha256 } from './web-crypto-sha256.ts';

const node = nodeBackend(process.getBuiltinModule('node:crypto'));
const macs: [string, ChecksumConstructor][] = [
  ['node:crypto', node.hash],
  ['sha256-js', jsBackend.hash],
];
const hashes: [string, new () => Checksum][] = [...macs, ['WebCrypto', WebCryptoSha256]];

let digests = 0;
const subtle = globalThis.crypto.subtle;
const digest = subtle.digest.bind(subtle);
beforeAll(() => {
  subtle.digest = ((...args: Parameters<typeof digest>) => {
    digests += 1;
    return digest(...args);
  }) as typeof subtle.digest;
});
afterAll(() => {
  subtle.digest = digest;
});

async function run(Hash: ChecksumConstructor, data: string | Uint8Array, secret?: string | Uint8Array) {
  const hash = new Hash(secret);
  hash.update(data);
  return toHex(await hash.digest());
}

describe.each(hashes)('the %s Checksum', (_, Hash) => {
  it('hashes any bytes or string, in one update or several, as node:crypto does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.string({ unit: 'grapheme', maxLength: 2000 })),
        async (data) => {
          const expected = createHash('sha256').update(data).digest('hex');
          expect(await run(Hash as ChecksumConstructor, data)).toBe(expected);
          const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
          const split = new Hash();
          split.update(bytes.subarray(0, 7));
          split.update(bytes.subarray(7));
          expect(toHex(await split.digest())).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe.each(macs)('the %s Checksum with a secret', (_, Hash) => {
  it('computes HMAC-SHA256 with keys of any length as createHmac does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        fc.string({ maxLength: 300 }),
        async (key, data) => {
          expect(await run(Hash, data, key)).toBe(createHmac('sha256', key).update(data).digest('hex'));
        },
      ),
      { numRuns: 60 },
    );
    expect(await run(Hash, 'data', 'AWS4secret')).toBe(
      createHmac('sha256', 'AWS4secret').update('data').digest('hex'),
    );
  });
});

describe('backends', () => {
  it('the default is node:crypto on Node', () => {
    expect(hashBackend().name).toBe('node:crypto');
  });

  it('the browser backend hashes large bodies with WebCrypto and agrees with the others', async () => {
    const large = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 256);
    const before = digests;
    const expected = createHash('sha256').update(large).digest('hex');
    expect(await hashPayload(large, browserBackend)).toBe(expected);
    expect(digests).toBe(before + 1);
    expect(await hashPayload(large, node)).toBe(expected);
    expect(await hashPayload(large, jsBackend)).toBe(expected);
    expect(await hashPayload('small body', browserBackend)).toBe(
      createHash('sha256').update('small body').digest('hex'),
    );
    expect(digests).toBe(before + 1);
  });

  it('all sign a request identically', async () => {
    const backends: HashBackend[] = [node, jsBackend, browserBackend];
    const signatures = await Promise.all(
      backends.map(async (backend) => {
        const body = 'ሴ'.repeat(5000);
        return (
          await headerSignature(
            {
              method: 'POST',
              path: '/prod/a%20b',
              query: { q: ['2', '1'] },
              headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'content-type': 'text/plain' },
            },
            await hashPayload(body, backend),
            {
              credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
              region: 'us-east-1',
              service: 'execute-api',
              time: Date.parse('2024-01-01T00:00:00Z'),
              uriEscapePath: true,
              backend,
              signPayloadHeader: true,
            },
          )
        ).headers.authorization;
      }),
    );
    expect(new Set(signatures).size).toBe(1);
  });
});
