import { SigningError } from '@ky-auth/core';

/**
 * The bytes a request will send, up to `maxBodyBytes`: the exact multipart encoding of a `FormData`, a
 * `Blob`'s contents, a stream's chunks. Read from a clone, so the request stays readable (for a retry
 * that rebuilds it), or, with `consume`, from the request itself, which skips the copy of every chunk
 * that cloning makes.
 */
export async function readBody(request: Request, maxBodyBytes: number, consume = false): Promise<Uint8Array> {
  let body: ReadableStream<Uint8Array> | null;
  try {
    if (request.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    body = consume ? request.body : request.clone().body;
  } catch (error) {
    throw new SigningError(
      'ERR_SIGNING_BODY_UNREADABLE',
      'The request body was already read, so it cannot be hashed for the signature. Sign the request before anything reads its body.',
      { cause: error },
    );
  }
  if (body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      // Not awaited: a tee branch's cancel settles only once the other branch (the request) is cancelled.
      void reader.cancel().catch(() => undefined);
      throw new SigningError(
        'ERR_SIGNING_BODY_TOO_LARGE',
        `The request body is larger than maxBodyBytes (${maxBodyBytes} bytes), the most the signer reads into memory to hash. Raise maxBodyBytes, or sign with { unsignedPayload: true } where the service accepts it (S3).`,
      );
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
