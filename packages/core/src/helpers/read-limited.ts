import { concatBytes } from './concat-bytes.ts';

/** What {@link readLimited} read: the bytes, and whether they are the whole body. */
export interface LimitedRead {
  /** The bytes read, at most `maxBytes` of them. */
  readonly bytes: Uint8Array;
  /** False when the body went on past `maxBytes` or did not end within `timeoutMs`: it was cancelled. */
  readonly complete: boolean;
}

/** How much of a body {@link readLimited} may read, and for how long. */
export interface ReadLimits {
  /** The most bytes kept; reading stops at the first chunk past it. */
  readonly maxBytes: number;
  /** How long the read may take, in ms; unbounded when absent. */
  readonly timeoutMs?: number | undefined;
  /** Aborts the read: it then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads a body that a server controls, within limits: at most `maxBytes` (a huge answer cannot fill
 * memory), for at most `timeoutMs` (a body sent a byte at a time cannot hold the call), and never past
 * `signal`. A body cut short is cancelled and comes back with `complete: false`; only an abort rejects.
 *
 * Given the `Request` or `Response` itself rather than its `body`, it also reads where fetch has no body
 * streams: React Native's fetch (whatwg-fetch over XMLHttpRequest) leaves `body` undefined and has the
 * whole body in memory already, so it is read with `arrayBuffer()` and cut to `maxBytes`.
 *
 * @example
 * ```ts
 * import { readLimited } from '@ky-auth/core/internal/read-limited';
 *
 * const response = await fetch('https://example.com/token');
 * const { bytes, complete } = await readLimited(response.body, { maxBytes: 64 * 1024, timeoutMs: 5_000 });
 * if (!complete) throw new Error('The token endpoint answered too much, or too slowly.');
 * ```
 */
export async function readLimited(
  source: ReadableStream<Uint8Array> | Request | Response | null | undefined,
  { maxBytes, timeoutMs, signal }: ReadLimits,
): Promise<LimitedRead> {
  if (source == null) return { bytes: new Uint8Array(0), complete: true };
  const body = 'getReader' in source ? source : source.body;
  if (body === null) return { bytes: new Uint8Array(0), complete: true };
  if (signal?.aborted) throw reasonOf(signal);
  // No body streams on this platform (React Native's fetch, `body` undefined): the body is in memory
  // already and is read whole, then cut; the time limit and the signal still apply.
  const reader = body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Settles first when time runs out (false) or the signal aborts (rejects): the read is then abandoned.
  const stopped = new Promise<false>((resolve, reject) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve(false), timeoutMs);
    if (signal !== undefined) {
      onAbort = () => reject(reasonOf(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  /** Keeps `value`, or what fits of it: false once the body goes past `maxBytes`. */
  const kept = (value: Uint8Array): boolean => {
    const room = maxBytes - size;
    if (value.byteLength > room) {
      if (room > 0) chunks.push(value.subarray(0, room));
      size = maxBytes;
      return false;
    }
    chunks.push(value);
    size += value.byteLength;
    return true;
  };
  const readAll = async (): Promise<boolean> => {
    if (reader === undefined) return kept(new Uint8Array(await (source as Body).arrayBuffer()));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      if (!kept(value)) return false;
    }
  };
  let complete = false;
  try {
    complete = await (timer === undefined && onAbort === undefined
      ? readAll()
      : Promise.race([readAll(), stopped]));
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    // Not awaited: a tee branch's cancel settles only once the other branch is cancelled too.
    if (!complete) void reader?.cancel().catch(() => undefined);
    else reader?.releaseLock();
  }
  return { bytes: concatBytes(chunks, size), complete };
}

/** The signal's reason; React Native's AbortSignal before 0.87 (the `abort-controller` package) has none. */
const reasonOf = (signal: AbortSignal): unknown =>
  signal.reason ?? Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
