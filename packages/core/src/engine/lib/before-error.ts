import type { AuthEngine, Call } from './auth-engine.ts';
import { carriesCredentials, markCredentialed } from './credentialed-mark.ts';

// What both ky majors' `beforeError` hooks do to ky's error. Loaded on an error only (ky awaits its hooks):
// a bundle that splits dynamic imports carries none of it up front, and a 2xx pays nothing.

/**
 * `error` as the caller gets it: its credentialed request (and ky 2's `data`) redacted; for a cross-origin
 * network failure in a browser that carried credentials (ky 2 hands `request`), a hint that CORS may have
 * refused them; and why the API refused the call, when it did (`call.diagnosis`).
 */
export async function processedError(
  error: Error,
  engine: Pick<AuthEngine, 'headerNames' | 'owns'>,
  call: Call | undefined,
  request?: Request,
): Promise<Error> {
  redactErrorRequest(error, engine.headerNames, engine.owns);
  const location = (globalThis as { location?: { origin?: string } }).location;
  if (
    request !== undefined &&
    call?.credentialed === true &&
    (error.name === 'NetworkError' || error instanceof TypeError) &&
    'document' in globalThis &&
    typeof location?.origin === 'string' &&
    new URL(request.url).origin !== location.origin
  ) {
    const sent = engine.headerNames.filter((name) => call.sent?.headers.has(name));
    error.message += ` (CORS? This cross-origin request carried ${sent.join(', ')}; the API's preflight must list each in Access-Control-Allow-Headers.)`;
  }
  return call?.diagnosis === undefined ? error : (await call.diagnosis)(error);
}

/** The headers every authorization type sets, whichever set of hooks set them. */
const credentialHeaders = [
  'authorization',
  'x-api-key',
  'x-amz-security-token',
  'x-amz-date',
  'x-amz-content-sha256',
];

/**
 * Replaces the credentialed `Request` an error holds (ky's `HTTPError`, `TimeoutError`, `NetworkError`
 * keep the request that was sent, or ky 1 a clone of it) with a copy without the credential headers, so
 * that logging the error (`console.error(error)`) does not print an API key, a token or a signature. A
 * request counts as credentialed when a set of hooks marked it or when it goes to an origin these hooks
 * are bound to (`owns`). The copy keeps the method, URL and the caller's other headers, and stays marked,
 * so that every set of hooks strips its own names.
 */
export function redactErrorRequest(
  error: unknown,
  headerNames: readonly string[],
  owns: (url: string) => boolean,
): void {
  if (typeof error !== 'object' || error === null) return;
  const holder = error as { request?: unknown };
  const { request } = holder;
  if (!(request instanceof Request) || !(carriesCredentials(request) || owns(request.url))) return;
  const headers = new Headers(request.headers);
  const values: string[] = [];
  for (const name of [...credentialHeaders, ...headerNames]) {
    const value = headers.get(name);
    // Long enough to be a secret and not a common word; `x-amz-date` and the like are not secrets.
    if (value !== null && value.length >= 16) values.push(value);
    headers.delete(name);
  }
  const copy = new Request(request.url, { method: request.method, headers });
  markCredentialed(copy);
  try {
    holder.request = copy;
    // ky 2 parses the error body into `data`; API Gateway's signature-mismatch answer quotes the canonical
    // request, with the session token and any signed key in it.
    const { data } = holder as { data?: unknown };
    if (data !== undefined && values.length > 0)
      (holder as { data?: unknown }).data = scrubbed(data, values, 0);
  } catch {
    // A frozen error keeps its request; SECURITY.md says not to log error.request wholesale.
  }
}

/** `value` with every occurrence of `secrets` replaced, in strings, arrays and plain objects. */
function scrubbed(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') {
    return secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), value);
  }
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, secrets, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubbed(item, secrets, depth + 1)]),
  );
}
