import * as crypto from 'node:crypto';
import { hmacOf } from '@ky-auth/core/internal/hmac-of';
import type { HashBackend } from './hash-backend.ts';

// The one-shot `crypto.hash` (Node 20.12, 21.7) is about twice as fast as `createHash` for the few
// hundred bytes of signing.
const sha256: (data: string | Uint8Array) => Uint8Array =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** `node:crypto` for everything: the `node` condition of `#hash`. */
export const hashBackend: HashBackend = {
  name: 'node:crypto',
  sha256,
  hmac: hmacOf(sha256),
  bodyHash: sha256,
};
