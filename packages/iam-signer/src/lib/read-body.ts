import { SigningError } from '@ky-auth/core';

/**
 * The bytes a request will send, read from a clone (the request itself stays readable), up to
 * `maxBodyBytes`: the exact multipart encoding of a `FormData`, a `Blob`'s contents, a stream's chunks.
 */
export async function readBody(request: Request, maxBodyBytes: number): Promise<Uint8Array> {
  let body: ReadableStream<Uint8Array> | null;
  try {
    body = request.clone().body;
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
      reader.cancel().catch(() => undefined);
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
