const blockSize = 64;
const utf8 = new TextEncoder();

/**
 * HMAC-SHA256 (RFC 2104) as two plain hashes of `sha256`. On Node it beats `createHmac`, whose raw-key
 * setup costs several microseconds under OpenSSL 3, more than the hashing; in browsers it saves shipping
 * a second HMAC implementation beside the hash; where there is no WebCrypto (React Native) it is the HMAC.
 * SigV4 signing (iam-signer) and Cognito's `SECRET_HASH` (cognito-token) share this one copy.
 *
 * @example
 * ```ts
 * import { hmacOf } from '@ky-auth/core/internal/hmac-of';
 * import { sha256 } from '@ky-auth/core/internal/sha256';
 *
 * const hmac = hmacOf(sha256);
 * const mac = hmac('key', 'The quick brown fox jumps over the lazy dog'); // f7bc83f4…
 * ```
 */
export function hmacOf(
  sha256: (data: Uint8Array) => Uint8Array,
): (secret: string | Uint8Array, data: string) => Uint8Array {
  return (secret, data) => {
    let key = typeof secret === 'string' ? utf8.encode(secret) : secret;
    if (key.length > blockSize) key = sha256(key);
    const inner = new Uint8Array(blockSize + data.length * 3);
    const outer = new Uint8Array(blockSize + 32);
    for (let i = 0; i < blockSize; i++) {
      const byte = key[i] ?? 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    const { written } = utf8.encodeInto(data, inner.subarray(blockSize));
    outer.set(sha256(inner.subarray(0, blockSize + written)), blockSize);
    return sha256(outer);
  };
}
