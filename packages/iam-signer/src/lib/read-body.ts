import { SigningError } from '@ky-auth/core';
import { readStream } from './read-stream.ts';

/**
 * The bytes a request will send, up to `maxBodyBytes`: the exact multipart encoding of a `FormData`, a
 * `Blob`'s contents, a stream's chunks. Read from a clone, so the request stays readable (for a retry
 * that rebuilds it), or, with `consume`, from the request itself, which skips the copy of every chunk
 * that cloning makes.
 */
export async function readBody(request: Request, maxBodyBytes: number, consume = false): Promise<Uint8Array> {
  let source: Request;
  try {
    if (request.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    // Where fetch has no body streams (React Native's), a Request read once cannot be copied afterwards.
    source = consume && request.body !== undefined ? request : request.clone();
  } catch (error) {
    throw new SigningError(
      'ERR_SIGNING_BODY_UNREADABLE',
      'The request body was already read, so it cannot be hashed for the signature. Sign the request before anything reads its body.',
      { cause: error },
    );
  }
  const body = source.body;
  if (body === null) return new Uint8Array(0);
  // No body streams (React Native's fetch): the body is in memory already, and read whole.
  const { bytes, overflow } =
    body === undefined
      ? whole(new Uint8Array(await source.arrayBuffer()), maxBodyBytes)
      : await readStream(body, maxBodyBytes);
  if (overflow) {
    throw new SigningError(
      'ERR_SIGNING_BODY_TOO_LARGE',
      `The request body is larger than maxBodyBytes (${maxBodyBytes} bytes), the most the signer reads into memory to hash. Raise maxBodyBytes, or sign with { unsignedPayload: true } where the service accepts it (S3).`,
    );
  }
  return bytes;
}

function whole(bytes: Uint8Array, limit: number) {
  return { bytes, overflow: bytes.byteLength > limit };
}
