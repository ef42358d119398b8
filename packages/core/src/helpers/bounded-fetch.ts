import { readLimited } from './read-limited.ts';
import { timeoutSignal } from './timeout-signal.ts';

/** Options of {@link boundedFetch}. */
export interface BoundedFetchOptions {
  /** Default `globalThis.fetch` as it is at the time of the call. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** How long the exchange may take, answer included, in ms. */
  readonly timeoutMs: number;
  /** The most bytes of the answer read. */
  readonly maxBytes: number;
  /** The caller's signal: aborting it ends the exchange with its reason. */
  readonly signal?: AbortSignal | undefined;
}

/** What {@link boundedFetch} got: the answer, its body already read, and whether that body is whole. */
export interface BoundedAnswer {
  /** The answer, with its status and headers; its body is the bytes read (none when not `complete`). */
  readonly response: Response;
  /** False when the body went on past `maxBytes`: it was cancelled, and `response` has no body. */
  readonly complete: boolean;
}

/**
 * One of ky-auth's own requests (to Cognito, Cognito Identity, an OpenID provider), which carry passwords,
 * tokens or a client secret: sent with `redirect: 'manual'` whatever `init` says, so a 307 or 308 cannot
 * re-send the body elsewhere (to plain `http:` even). Any redirect (a 3xx, or the `opaqueredirect` a browser
 * gives) is refused with `RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`, and nothing goes to its target.
 * The answer is read whole before it resolves, at most `maxBytes` of it, and the exchange, body included,
 * gets `timeoutMs` and ends with `signal`: a huge or endless answer cannot fill memory, a slow one cannot
 * hold the call. A network failure or the time running out rejects with what `fetch` or the signal threw
 * (keep it as a `cause` only through {@link redactedCause}).
 *
 * @param input - Where to send the request.
 * @param init - The request; its `redirect` and `signal` are replaced.
 *
 * @example
 * ```ts
 * import { boundedFetch } from '@ky-auth/core/internal/bounded-fetch';
 *
 * const { response, complete } = await boundedFetch(
 *   'https://login.example.com/token',
 *   { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) },
 *   { timeoutMs: 10_000, maxBytes: 256 * 1024 },
 * );
 * if (!complete) throw new Error('The token endpoint answered more than 256 KiB.');
 * const tokens = await response.json();
 * ```
 */
export async function boundedFetch(
  input: string | URL,
  init: RequestInit,
  { fetch, timeoutMs, maxBytes, signal }: BoundedFetchOptions,
): Promise<BoundedAnswer> {
  const deadline = timeoutSignal(timeoutMs, signal);
  try {
    const response = await (fetch ?? globalThis.fetch)(input, {
      ...init,
      redirect: 'manual',
      signal: deadline.signal,
    });
    const { status } = response;
    // React Native's native networking follows redirects whatever `redirect` says: that shows afterwards.
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400) || followed(input, response)) {
      void response.body?.cancel().catch(() => undefined);
      throw (await import('./lib/auth-server-redirect.ts')).authServerRedirect(input, status);
    }
    // The response itself, not its `body`: React Native's fetch has no body streams.
    const { bytes, complete } = await readLimited(response, { maxBytes, signal: deadline.signal });
    // A 204 or 205 may have no body at all. The bytes are a stream's chunks: an ArrayBuffer's, not shared.
    const body = complete && status !== 204 && status !== 205 ? (bytes as Uint8Array<ArrayBuffer>) : null;
    return {
      response: new Response(body, { status, statusText: response.statusText, headers: response.headers }),
      complete,
    };
  } finally {
    deadline.clear();
  }
}

/** Whether the platform followed a redirect itself: `redirected`, or an answer from another origin. */
function followed(input: string | URL, response: Response): boolean {
  return (
    response.redirected === true ||
    (typeof response.url === 'string' &&
      response.url !== '' &&
      new URL(response.url).origin !== new URL(input).origin)
  );
}
