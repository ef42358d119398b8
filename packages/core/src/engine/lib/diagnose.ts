import { readLimited } from '../../helpers/read-limited.ts';
import type { Interceptor, InterceptorContext } from '../types.ts';
import type { Call } from './auth-engine.ts';
import type { Emit } from './emitter.ts';

/** What `beforeError` does to ky's error for a refused request: appends why, when an interceptor knows. */
export type Diagnosis = Promise<(error: Error) => Error>;

/** How much of a refusal's body is read: API Gateway's answers are a few hundred bytes. */
export const maxRefusalBodyBytes = 64 * 1024;

/** Headers an interceptor sets that are no secret: a server may quote them as they are. */
const publicHeaders = new Set([
  'x-amz-date',
  'x-amz-content-sha256',
  'content-type',
  'content-length',
  'host',
]);

/**
 * What the engine does with a 400, 401 or 403 to a credentialed request, before ky or any hook sees it
 * (loaded when one first comes): a bounded copy of the body is read (at most 64 KiB, within the call's
 * signal and a fraction of its timeout); a body that quotes a credential the interceptors set (API
 * Gateway's signature mismatch quotes the session token) is replaced by one with those values redacted;
 * and for a 401 or 403, the interceptors are asked why, for `beforeError` to append to ky's `HTTPError`.
 */
export async function diagnose(
  response: Response,
  request: Request,
  wires: readonly Request[],
  context: InterceptorContext,
  running: readonly Interceptor[],
  call: Call,
  emit: Emit | undefined,
): Promise<{ readonly response: Response; readonly diagnosis?: Diagnosis | undefined }> {
  if (response.body === null) return { response };
  // The request this answers is the last one sent; a server may quote any of them.
  const sent = wires[wires.length - 1]!;
  const secrets = wires
    .flatMap((wire) => secretsOf(request, wire))
    // Longest first: a value that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const canExplain =
    response.status !== 400 && running.some((interceptor) => interceptor.explain !== undefined);
  if (secrets.length === 0 && !canExplain) return { response };
  let text: string;
  let complete: boolean;
  try {
    ({ text, complete } = await bodyStart(response, call.readTimeoutMs, sent.signal));
  } catch {
    // The caller aborted: ky reports that, with the response as it is.
    return { response };
  }
  const redacted = redact(text, secrets);
  // A body not read to its end (too slow, too large) could quote a credential further on: the caller
  // gets the part read, redacted, and never the rest.
  const answer =
    redacted === text && (complete || secrets.length === 0) ? response : replaced(response, redacted);
  if (!canExplain) return { response: answer };
  // The interceptors read the body as it came (a signer compares the canonical request it quotes).
  const diagnosis = import('./explain-rejection.ts')
    .then(({ explain }) =>
      explain(answer, text, sent, context, running, emit, (words) => redact(words, secrets)),
    )
    .catch(() => (error: Error) => error);
  return { response: answer, diagnosis };
}

/**
 * The values the interceptors put on `sent` (every header whose value is not the caller's own on ky's
 * `request`, but for a few that are no secret), and a SigV4 signature alone, as a server may quote it.
 */
function secretsOf(request: Request, sent: Request): string[] {
  const secrets: string[] = [];
  for (const [name, value] of sent.headers) {
    // Long enough to be a secret and not a common word.
    if (value.length < 8 || publicHeaders.has(name) || request.headers.get(name) === value) continue;
    secrets.push(value);
    const signature = /Signature=([0-9a-f]{64})/.exec(value)?.[1];
    if (signature !== undefined) secrets.push(signature);
  }
  return secrets;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.replaceAll(secret, '[redacted]');
  return result;
}

/** The start of a copy of `response`'s body, as text, read within the limits; `complete` if that is all. */
async function bodyStart(
  response: Response,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ text: string; complete: boolean }> {
  const copy = response.clone();
  // A platform without body streams (React Native's fetch) reads a body whole: only time can bound it.
  if (copy.body === undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<{ text: string; complete: boolean }>((resolve) => {
      timer = setTimeout(() => resolve({ text: '', complete: false }), timeoutMs);
    });
    const whole = copy.text().then((text) => ({
      text: text.slice(0, maxRefusalBodyBytes),
      complete: text.length <= maxRefusalBodyBytes,
    }));
    return Promise.race([whole, late]).finally(() => clearTimeout(timer));
  }
  const read = await readLimited(copy.body, { maxBytes: maxRefusalBodyBytes, timeoutMs, signal });
  return { text: new TextDecoder().decode(read.bytes), complete: read.complete };
}

/**
 * `response` with `body` instead of its own (what the caller and ky read from then on), keeping its
 * status, headers and URL. A body cut short at the read limit stays cut: the rest is never read.
 */
function replaced(response: Response, body: string): Response {
  void response.body?.cancel().catch(() => undefined);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
