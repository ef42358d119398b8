/**
^ * The `Checksum` interface of `@aws-crypto/sha256-browser` and `@aws-crypto/sha256-js` (and of
 * `@smithy/types`): a SHA-256 hash, or an HMAC-SHA256 when constructed with a secret.
 */
export interface Checksum {
  update(data: string | Uint8Array): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

export type ChecksumConstructor = new (secret?: string | Uint8Array) => Checksum;

/**
 * The SHA-256 implementations one runtime offers: `hash` for the strings signing hashes (canonical
 * request, HMAC chain), `bodyHash` (a plain hash, never an HMAC) for payloads of at least `bodyHashFrom`
 * bytes, where a native but asynchronous implementation (WebCrypto) overtakes a synchronous one.
 */
export interface HashBackend {
  readonly name: string;
  readonly hash: ChecksumConstructor;
  readonly bodyHash: new () => Checksum;
  readonly bodyHashFrom: number;
}
