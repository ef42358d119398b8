/** What {@link readStream} read: the bytes, and whether the stream went on past the limit. */
export interface StreamStart {
  readonly bytes: Uint8Array;
  readonly overflow: boolean;
}

/**
 * The bytes of `stream` up to `limit`: at the first chunk past it, reading stops, the stream is cancelled
 * and `overflow` is set (the bytes then include that chunk).
 */
export async function readStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<StreamStart> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      overflow = true;
      // Not awaited: a tee branch's cancel settles only once the other branch is cancelled too.
      void reader.cancel().catch(() => undefined);
      break;
    }
  }
  if (chunks.length === 1) return { bytes: chunks[0]!, overflow };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, overflow };
}
