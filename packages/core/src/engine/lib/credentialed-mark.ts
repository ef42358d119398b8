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
