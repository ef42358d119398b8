import type { HashBackend } from './hash-backend.ts';
import { toHex } from './hex.ts';

/** SHA-256 of no bytes: the payload hash of every request without a body. */
export const emptyPayloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The hex SHA-256 of a body (a string is hashed as UTF-8): synchronous unless the backend's body hash is not. */
export function hashPayload(data: string | Uint8Array, backend: HashBackend): string | Promise<string> {
  if (data.length === 0) return emptyPayloadHash;
  const digest = backend.bodyHash(data);
  return digest instanceof Uint8Array ? toHex(digest) : digest.then(toHex);
}
