/**
 * `chunks` (of `size` bytes in all) as one array of their own: a fresh one whenever there is more than
 * one chunk, or `fresh` is asked (a body that will be sent, whose bytes no one else may hold).
 */
export function concatBytes(
  chunks: readonly Uint8Array[],
  size: number,
  fresh = false,
): Uint8Array<ArrayBuffer> {
  if (!fresh && chunks.length === 1 && chunks[0]!.byteLength === size)
    return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
