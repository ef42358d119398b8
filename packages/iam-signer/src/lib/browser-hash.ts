import { hmacOf } from '@ky-auth/core/internal/hmac-of';
import { sha256 as hash } from '@ky-auth/core/internal/sha256';
import type { HashBackend } from './hash-backend.ts';

const utf8 = new TextEncoder();
const bytes = (data: string | Uint8Array) => (typeof data === 'string' ? utf8.encode(data) : data);

/** From this size on, WebCrypto's native digest overtakes the JavaScript hash despite its promise. */
const webCryptoFrom = 8 * 1024;

/**
 * Browsers and workers, the default condition of `#hash`: core's JavaScript `sha256` for the short strings of
 * signing, and WebCrypto for bodies from 8 KiB where the page has `crypto.subtle` (secure contexts; a page
 * served over plain http hashes them in JavaScript too).
 */
export const hashBackend: HashBackend = {
  name: 'JavaScript SHA-256 + WebCrypto',
  sha256: (data) => hash(bytes(data)),
  hmac: hmacOf(hash),
  bodyHash(data) {
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined || data.length < webCryptoFrom) return hash(bytes(data));
    return subtle
      .digest('SHA-256', bytes(data) as Uint8Array<ArrayBuffer>)
      .then((digest) => new Uint8Array(digest));
  },
};
