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
  for (const name of [...credentialHeaders, ...headerNames]) headers.delete(name);
  const copy = new Request(request.url, { method: request.method, headers });
  markCredentialed(copy);
  try {
    holder.request = copy;
  } catch {
    // A frozen error keeps its request; SECURITY.md says not to log error.request wholesale.
  }
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
