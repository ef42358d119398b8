import * as crypto from 'node:crypto';
import type { HashBackend } from './hash-backend.ts';

const blockSize = 64;
const utf8 = new TextEncoder();

// The one-shot `crypto.hash` (Node 20.12, 21.7) is about twice as fast as `createHash` for the few
// hundred bytes of signing.
const sha256: (data: string | Uint8Array) => Uint8Array =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/**
 * `node:crypto` for everything, the `node` condition of `#hash`. HMAC is built from two plain hashes
 * (RFC 2104) because `createHmac` with a raw key costs several microseconds under OpenSSL 3, more than
 * the hashing itself.
 */
export const hashBackend: HashBackend = {
  name: 'node:crypto',
  sha256,
  hmac(secret, data) {
    let key = typeof secret === 'string' ? utf8.encode(secret) : secret;
    if (key.length > blockSize) key = sha256(key);
    const message = utf8.encode(data);
    const inner = new Uint8Array(blockSize + message.length);
    const outer = new Uint8Array(blockSize + 32);
    for (let i = 0; i < blockSize; i++) {
      const byte = key[i] ?? 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    inner.set(message, blockSize);
    outer.set(sha256(inner), blockSize);
    return sha256(outer);
  },
  bodyHash: sha256,
};
