/**
 * The first 32 bits of the fractional parts of `root` of the first `count` primes: how FIPS 180-4 defines
 * SHA-256's round constants (cube roots, §4.2.2) and initial state (square roots, §5.3.3). Computed, not
 * written out: 72 random-looking numbers were most of this file's gzip bytes. Doubles hold the roots to
 * about 50 bits: of the 72 scaled fractions, the nearest to a whole number is 0.0055 away from it, about
 * a thousand ulps, so a `cbrt` off by an ulp or two (a platform's libm) still keeps the same 32 bits.
 */
function primeRootBits(count: number, root: (x: number) => number): Uint32Array {
  const bits = new Uint32Array(count);
  for (let n = 2, found = 0; found < count; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    // A Uint32Array keeps the integer part: the fraction's first 32 bits.
    if (prime) bits[found++] = (root(n) % 1) * 2 ** 32;
  }
  return bits;
}

const K = /* @__PURE__ */ primeRootBits(64, Math.cbrt);
const initialState = /* @__PURE__ */ primeRootBits(8, Math.sqrt);

const rotate = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, synchronous: SigV4's short strings in browsers and workers,
 * where WebCrypto's promise costs more than the hashing, and everything where there is no WebCrypto at
 * all (React Native). One copy for iam-signer's signing and cognito-token's `SECRET_HASH`.
 *
 * @example
 * ```ts
 * import { sha256 } from '@ky-auth/core/internal/sha256';
 *
 * sha256(new TextEncoder().encode('abc')); // ba7816bf…f20015ad
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array {
  const length = data.length;
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: a whole number of 64-byte blocks.
  const size = (((length + 8) >>> 6) + 1) << 6;
  const padded = new Uint8Array(size);
  padded.set(data);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(size - 8, Math.floor(length / 0x20000000));
  view.setUint32(size - 4, length << 3);
  const state = initialState.slice();
  const w = new Uint32Array(64);
  for (let block = 0; block < size; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] =
        w[i - 16]! +
        (rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) +
        w[i - 7]! +
        (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10));
    }
    let [a, b, c, d, e, f, g, h] = state as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (h! + (rotate(e!, 6) ^ rotate(e!, 11) ^ rotate(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + w[i]!) |
        0;
      const t2 =
        ((rotate(a!, 2) ^ rotate(a!, 13) ^ rotate(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d! + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0]! += a!;
    state[1]! += b!;
    state[2]! += c!;
    state[3]! += d!;
    state[4]! += e!;
    state[5]! += f!;
    state[6]! += g!;
    state[7]! += h!;
  }
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, state[i]!);
  return digest;
}
