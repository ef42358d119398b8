// A global symbol, shared by every copy of @ky-auth/core a page or process loads: two sets of hooks on
// one client (or two versions of the package) recognize each other's credentialed requests.
const credentialedMark = Symbol.for('ky-auth.credentialed');

type Marked = Request & { [credentialedMark]?: true };

/** Marks a request that carries an interceptor's credentials: no set of hooks lets fetch redirect it. */
export function markCredentialed(request: Request): void {
  (request as Marked)[credentialedMark] = true;
}

/** Whether a set of ky-auth hooks put credentials on `request`. */
export function carriesCredentials(request: Request): boolean {
  return (request as Marked)[credentialedMark] === true;
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

const wrapperMark = Symbol.for('ky-auth.fetch');

/** Marks the fetch a set of ky 2 hooks puts in ky's options: a later set knows it wraps another set. */
export function markAuthFetch<F extends typeof globalThis.fetch>(fetch: F): F {
  (fetch as F & { [wrapperMark]?: true })[wrapperMark] = true;
  return fetch;
}

/** Whether `fetch` is another set of ky-auth hooks (which may still put its credentials on the request). */
export function isAuthFetch(fetch: typeof globalThis.fetch | undefined): boolean {
  return (fetch as { [wrapperMark]?: true } | undefined)?.[wrapperMark] === true;
}
