/**
 * Decodes UTF-8 as `new TextDecoder('utf-8', { fatal: true })` does, also where there is no `TextDecoder`
 * (React Native before 0.85: Hermes had only `TextEncoder`). Malformed input (a bad or truncated
 * sequence, an overlong form, a surrogate) throws a `TypeError`; a leading byte order mark is dropped.
 *
 * @example
 * ```ts
 * import { decodeUtf8 } from '@ky-auth/core/internal/decode-utf8';
 *
 * decodeUtf8(new Uint8Array([0x5a, 0x6f, 0xc3, 0xab])); // 'Zoë'
 * decodeUtf8(new Uint8Array([0xc3])); // throws TypeError
 * ```
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (typeof TextDecoder === 'function') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return decodeUtf8InScript(bytes);
}

/** Arguments spread into one `String.fromCharCode` call: engines cap how many a call may take. */
const chunk = 0x2000;

/**
 * {@link decodeUtf8} in ECMAScript alone, never the platform's `TextDecoder`: for code that stands in for
 * a missing `TextDecoder` itself.
 *
 * @example
 * ```ts
 * import { decodeUtf8InScript } from '@ky-auth/core/internal/decode-utf8';
 *
 * decodeUtf8InScript(new Uint8Array([0xe2, 0x80, 0x99])); // '’'
 * ```
 */
export function decodeUtf8InScript(bytes: Uint8Array): string {
  let latin1 = '';
  for (let at = 0; at < bytes.length; at += chunk) {
    latin1 += String.fromCharCode(...bytes.subarray(at, at + chunk));
  }
  try {
    // Each byte as %XX, then ECMAScript's URI decoding, which rejects exactly what UTF-8 forbids.
    return decodeURIComponent(escape(latin1)).replace(/^\uFEFF/, '');
  } catch {
    throw new TypeError('The encoded data was not valid UTF-8.');
  }
}
