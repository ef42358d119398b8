import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { hmacOf } from './hmac-of.ts';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const hmac = hmacOf(sha256);

// RFC 4231's HMAC-SHA-256 test cases.
describe('hmacOf', () => {
  it('matches RFC 4231 test case 1 (a 20-byte key)', () => {
    expect(hex(hmac(new Uint8Array(20).fill(0x0b), 'Hi There'))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });

  it('matches RFC 4231 test case 2 (a string key)', () => {
    expect(hex(hmac('Jefe', 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('matches RFC 4231 test case 6 (a key longer than the block, hashed first)', () => {
    expect(
      hex(hmac(new Uint8Array(131).fill(0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First')),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });
});
