/**
 * The body as the caller gave it to ky, when it can be read again without touching the request's stream:
 * a string, `URLSearchParams`, an `ArrayBuffer` or a view. Anything else (a stream, a `Blob`, `FormData`)
 * gives `undefined`: the interceptor must read the request itself.
 */
export function reusableBody(
  body: unknown,
): string | URLSearchParams | ArrayBuffer | ArrayBufferView<ArrayBuffer> | undefined {
  if (typeof body === 'string' || body instanceof URLSearchParams || body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body)) return body as ArrayBufferView<ArrayBuffer>;
  return undefined;
}
