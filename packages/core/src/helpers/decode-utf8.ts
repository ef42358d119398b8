/**
 * Decodes UTF-8 as `new TextDecoder('utf-8', { fatal })` does, also where there is no `TextDecoder`
 * (React Native before 0.85: Hermes had only `TextEncoder`). With `fatal`, malformed input (a bad or
 * truncated sequence, an overlong form, a surrogate) throws a `TypeError`; without it, each becomes U+FFFD.
 * A leading byte order mark is dropped, as TextDecoder does.
 *
 * @example
 * ```ts
 * import { decodeUtf8 } from '@ky-auth/core/internal';
 *
 * decodeUtf8(new Uint8Array([0x5a, 0x6f, 0xc3, 0xab])); // 'Zoë'
 * decodeUtf8(new Uint8Array([0xc3]), { fatal: true }); // throws TypeError
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, options: { readonly fatal?: boolean } = {}): string {
  if (typeof TextDecoder === 'function') return new TextDecoder('utf-8', options).decode(bytes);
  const units: number[] = [];
  let text = '';
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length) {
    const [point, length] = codePointAt(bytes, index);
    if (point < 0) {
      if (options.fatal) throw new TypeError('The encoded data was not valid UTF-8.');
      units.push(0xfffd);
    } else if (point > 0xffff) {
      units.push(0xd800 + ((point - 0x10000) >> 10), 0xdc00 + ((point - 0x10000) & 0x3ff));
    } else {
      units.push(point);
    }
    index += length;
    // Flushed in slices: String.fromCharCode takes its arguments on the stack.
    if (units.length > 8192) text += String.fromCharCode(...units.splice(0));
  }
  return text + String.fromCharCode(...units);
}

/**
 * The code point starting at `index` and its length in bytes; -1 for a malformed sequence, whose length
 * is then that of its maximal valid prefix (at least 1), as the Encoding Standard replaces it.
 */
function codePointAt(bytes: Uint8Array, index: number): [number, number] {
  const first = bytes[index]!;
  if (first < 0x80) return [first, 1];
  const [length, min, lower, upper] =
    first >= 0xc2 && first <= 0xdf
      ? [2, 0x80, 0x80, 0xbf]
      : first >= 0xe0 && first <= 0xef
        ? [3, 0x800, first === 0xe0 ? 0xa0 : 0x80, first === 0xed ? 0x9f : 0xbf]
        : first >= 0xf0 && first <= 0xf4
          ? [4, 0x10000, first === 0xf0 ? 0x90 : 0x80, first === 0xf4 ? 0x8f : 0xbf]
          : [0, 0, 0, 0];
  if (length === 0) return [-1, 1];
  let point = first & (0xff >> (length + 1));
  for (let offset = 1; offset < length; offset++) {
    const byte = bytes[index + offset];
    const [low, high] = offset === 1 ? [lower, upper] : [0x80, 0xbf];
    if (byte === undefined || byte < low || byte > high) return [-1, offset];
    point = (point << 6) | (byte & 0x3f);
  }
  return point < min ? [-1, length] : [point, length];
}
