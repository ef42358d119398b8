import { type AuthHooksOptions, authHooks as authHooks2, type Interceptor } from '@ky-auth/core';
import { authHooks as authHooks1 } from '@ky-auth/core/ky1';

/** The options of {@link installAuth}: `authHooks`' own, and the app's `fetch` for the client. */
export interface InstallOptions extends Omit<AuthHooksOptions, 'fetch'> {
  /** The app's own `fetch` for the client (ky's `fetch` option), when it has one. */
  readonly appFetch?: typeof globalThis.fetch | undefined;
}

/**
 * The ky options that install `interceptors` on a client of ky `major`, to spread into `ky.create` or
 * `.extend` after the app's own hooks. Every ky-auth installation of the transparency suite and the wire
 * fuzzer goes through here, so moving ky 1 from `hooks: authHooks(…)` to `...authOptions(…)` (which
 * takes the app's fetch as its own `fetch` option) is the one line marked below.
 */
export function installAuth(
  major: 1 | 2,
  interceptors: readonly Interceptor[],
  { appFetch, ...options }: InstallOptions,
): Record<string, unknown> {
  const fetch = appFetch === undefined ? {} : { fetch: appFetch };
  if (major === 2) return { hooks: authHooks2(interceptors, options), ...fetch };
  // ky 1: today's hooks; after the engine redesign `return authOptions(interceptors, { ...options, fetch: appFetch });`
  return { hooks: authHooks1(interceptors, options), ...fetch };
}
