import { KyAuthError } from '../../errors.ts';

/**
 * ky 2 needs Node 22 or later, so on Node 20 `npm install ky` gives ky 1.14, which these hooks cannot
 * drive: with ky 2's `prefix` option, ky 1's own `TypeError: Failed to parse URL` would come first, before
 * any hook runs. Refusing here, when the hooks are made, makes ky-auth's error the first, saying what to do.
 * Deno and Bun report a Node version too; they run ky 2 whatever it is.
 */
export function refuseNodeWithoutKy2(): void {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process
    ?.versions;
  if (versions?.node && !versions.bun && !versions.deno && Number.parseInt(versions.node, 10) < 22) {
    throw new KyAuthError(
      'ERR_KY_MAJOR',
      `ky 2 needs Node 22+ (this is ${versions.node}): on Node 20, use ky 1.14 and authOptions from '@ky-auth/core/ky1' (prefixUrl, not prefix).`,
    );
  }
}
