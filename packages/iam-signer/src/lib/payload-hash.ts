import type { HashBackend } from './checksum.ts';
import { toHex } from './hex.ts';

/** SHA-256 of no bytes: the payload hash of every request without a body. */
export const emptyPayloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The hex SHA-256 of a body (a string is hashed as UTF-8), with the backend's fastest hash for its size. */
export async function hashPayload(data: string | Uint8Array | null, backend: HashBackend): Promise<string> {
  const size = data === null ? 0 : typeof data === 'string' ? data.length : data.byteLength;
  if (size === 0) return emptyPayloadHash;
  const Hash = size >= backend.bodyHashFrom ? backend.bodyHash : backend.hash;
  const hash = new Hash();
  hash.update(data!);
  return toHex(await hash.digest());
}
