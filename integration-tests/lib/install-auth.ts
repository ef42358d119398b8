import { type AuthHooksOptionsWithEndpoint, authHooks as authHooks2, type Interceptor } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';

/** The options of {@link installAuth}: `authHooks`' own, and the app's `fetch` for the client. */
export interface InstallOptions extends Omit<AuthHooksOptionsWithEndpoint, 'fetch'> {
  /** The app's own `fetch` for the client (ky's `fetch` option), when it has one. */
  readonly appFetch?: typeof globalThis.fetch | undefined;
}

/**
 * The ky options that install `interceptors` on a client of ky `major`, to spread into `ky.create` or
 * `.extend` after the app's own hooks. Every ky-auth installation of the transparency suite and the wire
 * fuzzer goes through here: moving ky 1 from `hooks: authHooks(…)` to `...authOptions(…)` (which takes
 * the app's fetch as its own `fetch` option) was the one line marked below. For a second set on a ky 1
 * client, pass the first set's `fetch` as `appFetch`.
 */
export function installAuth(
  major: 1 | 2,
  interceptors: readonly Interceptor[],
  { appFetch, ...options }: InstallOptions,
): Record<string, unknown> {
  const fetch = appFetch === undefined ? {} : { fetch: appFetch };
  if (major === 2) return { hooks: authHooks2(interceptors, options), ...fetch };
  // ky 1: `hooks` and the `fetch` that authorizes a copy of each attempt; the app's fetch goes inside it.
  // (Before the engine redesign this line was `return { hooks: authHooks1(interceptors, options), ...fetch };`.)
  return { ...authOptions(interceptors, { ...options, fetch: appFetch }) };
}
