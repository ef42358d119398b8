/** The bytes of a body given as a string, `URLSearchParams`, `ArrayBuffer` or view; `undefined` otherwise. */
export function bodyBytes(body: unknown): string | Uint8Array | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}
