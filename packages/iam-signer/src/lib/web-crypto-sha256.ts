import type { Checksum } from './checksum.ts';

const utf8 = new TextEncoder();

/**
 * A SHA-256 {@link Checksum} over WebCrypto's `digest`, for bodies only (no HMAC). Unlike
 * `@aws-crypto/sha256-browser`, which copies every update into a new buffer, a single update (the usual
 * case: one body) goes to `digest` as it is, without a copy.
 */
export class WebCryptoSha256 implements Checksum {
  #chunks: Uint8Array[] = [];

  update(data: string | Uint8Array): void {
    this.#chunks.push(typeof data === 'string' ? utf8.encode(data) : data);
  }

  async digest(): Promise<Uint8Array> {
    const chunks = this.#chunks;
    let data: Uint8Array;
    if (chunks.length === 1) {
      data = chunks[0]!;
    } else {
      data = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
      let offset = 0;
      for (const chunk of chunks) {
        data.set(chunk, offset);
        offset += chunk.byteLength;
      }
    }
    return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  }

  reset(): void {
    this.#chunks = [];
  }
}
