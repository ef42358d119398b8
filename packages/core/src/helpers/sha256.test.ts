import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 } from './sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('hashes the FIPS 180-4 example %j', (message, digest) => {
    expect(hex(sha256(new TextEncoder().encode(message)))).toBe(digest);
  });

  it('agrees with node:crypto on every length around the block and padding edges, and on arbitrary bytes', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(bytes))).toBe(reference(bytes));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(hex(sha256(bytes))).toBe(reference(bytes));
      }),
    );
  });

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const buffer = new Uint8Array(100).fill(7);
    const view = buffer.subarray(10, 70);
    expect(hex(sha256(view))).toBe(reference(view));
  });
});
