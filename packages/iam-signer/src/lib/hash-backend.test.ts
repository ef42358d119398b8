import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hashBackend } from '#hash';
import { hashBackend as browserBackend } from './browser-hash.ts';
import type { HashBackend } from './hash-backend.ts';
import { toHex } from './hex.ts';
import { hashBackend as nodeBackend } from './node-hash.ts';
import { hashPayload } from './payload-hash.ts';
import { headerSignature } from './sigv4.ts';

const backends: [string, HashBackend][] = [
  ['node:crypto', nodeBackend],
  ['browser', browserBackend],
];

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

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe.each(backends)('the %s backend', (_, backend) => {
  it('hashes any bytes or string (as UTF-8) as node:crypto does, bodies of every size too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 5000 }),
          fc.uint8Array({ minLength: 8 * 1024, maxLength: 20_000 }),
          fc.string({ unit: 'grapheme', maxLength: 2000 }),
          fc.string({ unit: 'grapheme', minLength: 8 * 1024, maxLength: 10_000 }),
        ),
        async (data) => {
          const expected = sha256Hex(data);
          expect(toHex(backend.sha256(data))).toBe(expected);
          expect(toHex(await backend.bodyHash(data))).toBe(expected);
          expect(await hashPayload(data, backend)).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('computes HMAC-SHA256 with keys of any length as createHmac does', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        fc.string({ maxLength: 300 }),
        (key, data) => {
          expect(toHex(backend.hmac(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
        },
      ),
      { numRuns: 60 },
    );
    expect(toHex(backend.hmac('AWS4sécret', 'data'))).toBe(
      createHmac('sha256', 'AWS4sécret').update('data').digest('hex'),
    );
  });
});

describe('backends', () => {
  it('#hash is node:crypto on Node', () => {
    expect(hashBackend).toBe(nodeBackend);
  });

  it('the browser backend hashes bodies from 8 KiB with WebCrypto, smaller ones and all signing in JavaScript', async () => {
    const large = new Uint8Array(64 * 1024).map((_, i) => (i * 31) % 256);
    const before = digests;
    expect(await hashPayload(large, browserBackend)).toBe(sha256Hex(large));
    expect(digests).toBe(before + 1);
    expect(hashPayload('small body', browserBackend)).toBe(sha256Hex('small body'));
    expect(toHex(browserBackend.sha256(large))).toBe(sha256Hex(large));
    expect(digests).toBe(before + 1);
  });

  it('the browser backend hashes large bodies in JavaScript where the page has no crypto.subtle (plain http)', () => {
    const large = new Uint8Array(64 * 1024).map((_, i) => (i * 7) % 256);
    const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      expect(hashPayload(large, browserBackend)).toBe(sha256Hex(large));
    } finally {
      Object.defineProperty(globalThis, 'crypto', crypto);
    }
    expect(globalThis.crypto.subtle).toBe(subtle);
  });

  it('both sign a request identically', async () => {
    const signatures = await Promise.all(
      backends.map(async ([, backend]) => {
        const body = 'ሴ'.repeat(5000);
        return headerSignature(
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
        ).headers.authorization;
      }),
    );
    expect(new Set(signatures).size).toBe(1);
  });
});
