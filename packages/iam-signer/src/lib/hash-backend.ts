/**
 * The SHA-256 implementations one runtime offers, imported as `#hash`: `node:crypto` where the `node`
 * condition applies (Node, Deno, Bun), a small pure-JavaScript SHA-256 with WebCrypto for large bodies
 * everywhere else (browsers, workers). Signing hashes a few hundred bytes at a time, where a synchronous
 * hash beats WebCrypto's promise round trip, so only `bodyHash` may be asynchronous.
 */
export interface HashBackend {
  readonly name: string;
  /** SHA-256; a string is hashed as UTF-8. */
  sha256(data: string | Uint8Array): Uint8Array;
  /** HMAC-SHA256 of `data` (as UTF-8) with `key` (a string as UTF-8). */
  hmac(key: string | Uint8Array, data: string): Uint8Array;
  /** SHA-256 of a request body, with the fastest implementation for its size. */
  bodyHash(data: string | Uint8Array): Uint8Array | Promise<Uint8Array>;
}
