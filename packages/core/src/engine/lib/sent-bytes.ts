import { concatBytes } from '../../helpers/concat-bytes.ts';

/**
 * Every byte of `request`'s body, read once: what the interceptors hash and what is sent, the same bytes.
 * A stream may yield strings (fetch encodes them as UTF-8): they are encoded the same way. A platform
 * without body streams (React Native's fetch has `body` undefined) reads the body whole; `null` when it
 * turns out empty there, since a GET may not be given a body, even an empty one.
 */
export async function sentBytes(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  if (request.body === undefined) {
    // Read from a copy: such a platform (whatwg-fetch) refuses to copy a Request whose body was read,
    // even when the copy is given a body of its own.
    const whole = new Uint8Array(await request.clone().arrayBuffer());
    return whole.byteLength === 0 ? null : whole;
  }
  const reader = request.body!.getReader() as ReadableStreamDefaultReader<Uint8Array | string>;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = typeof value === 'string' ? encoder.encode(value) : value;
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  // Read to its end, the stream is closed: unlocked, ky's cancelling of its request's body when the call
  // ends resolves at once, where on a locked stream it fails, with the cost of an error's stack (~11 µs).
  reader.releaseLock();
  return concatBytes(chunks, size, true);
}
