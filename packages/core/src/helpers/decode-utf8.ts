/**
 * Decodes UTF-8 as `new TextDecoder('utf-8', { fatal: true })` does, also where there is no `TextDecoder`
 * (React Native before 0.85: Hermes had only `TextEncoder`). Malformed input (a bad or truncated
 * sequence, an overlong form, a surrogate) throws a `TypeError`; a leading byte order mark is dropped.
 *
 * @example
 * ```ts
 * import { decodeUtf8 } from '@ky-auth/core/internal';
 *
 * decodeUtf8(new Uint8Array([0x5a, 0x6f, 0xc3, 0xab])); // 'Zoë'
 * decodeUtf8(new Uint8Array([0xc3])); // throws TypeError
 * ```
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (typeof TextDecoder === 'function') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  try {
    // Each byte as %XX, then ECMAScript's URI decoding, which rejects exactly what UTF-8 forbids.
    return decodeURIComponent(escape(String.fromCharCode(...bytes))).replace(/^\uFEFF/, '');
  } catch {
    throw new TypeError('The encoded data was not valid UTF-8.');
  }
}
