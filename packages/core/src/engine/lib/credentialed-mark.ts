// Global, shared by every copy of @ky-auth/core a page or process loads: two sets of hooks on one client
// (or two versions of the package) see each other's credentialed requests and redirect policies.

/** Any fetch-like function: the app's, the global one, or another copy's wrapper. */
type AnyFetch = (...args: never[]) => unknown;

/** How a set of hooks treats a redirect of a request it put credentials on. */
export type RedirectStance = 'refuse' | 'follow';

interface Marks {
  /** Requests that carry some set's credentials, with the stances of the sets that put them there. */
  readonly stances: WeakMap<Request, RedirectStance[]>;
  /** Fetch wrappers, with the fetch each one sends through (ky 1 checks its own is installed). */
  readonly wraps: WeakMap<AnyFetch, AnyFetch | undefined>;
}

const registryKey = Symbol.for('ky-auth.marks.v2');
const shared = globalThis as { [registryKey]?: Marks };
shared[registryKey] ??= { stances: new WeakMap(), wraps: new WeakMap() };
const marks = shared[registryKey];

/** Records that `request` carries credentials of a set whose redirect stance is `stance`. */
export function markCredentialed(request: Request, stance: RedirectStance): void {
  const list = marks.stances.get(request);
  if (list === undefined) marks.stances.set(request, [stance]);
  else list.push(stance);
}

/** Whether some set of hooks (of any copy of ky-auth) put credentials on `request`. */
export function carriesCredentials(request: Request): boolean {
  return marks.stances.has(request);
}

/** The strictest stance of the sets that put credentials on `request` (`follow` when none did). */
export function strictestStance(request: Request): RedirectStance {
  return marks.stances.get(request)?.includes('refuse') === true ? 'refuse' : 'follow';
}

/** Marks `wrapper` as a ky-auth fetch that sends through `inner` (undefined: the global fetch). */
export function markAuthFetch<F extends AnyFetch>(wrapper: F, inner: AnyFetch | undefined): F {
  marks.wraps.set(wrapper, inner);
  return wrapper;
}

/** Whether `fetch` is `wrapper`, or a ky-auth fetch that sends through it. */
export function sendsThrough(fetch: AnyFetch | undefined, wrapper: AnyFetch): boolean {
  for (let current = fetch; current !== undefined; current = marks.wraps.get(current)) {
    if (current === wrapper) return true;
    if (!marks.wraps.has(current)) return false;
  }
  return false;
}
