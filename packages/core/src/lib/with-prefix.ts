import type { KyInstance, Options } from 'ky';

/**
 * Extends a ky 1.14+ or ky 2 instance so relative inputs resolve against `prefix`. ky 1 calls the option
 * `prefixUrl` and ky 2 `prefix` (and refuses `prefixUrl`); ky 2 runs `init` hooks before it reads its
 * options and ky 1 has none, so `prefixUrl` is given and an `init` hook renames it for ky 2.
 */
export function withPrefix(base: KyInstance, prefix: string): KyInstance {
  const options = { prefixUrl: prefix, hooks: { init: [renamePrefixUrl] } };
  return base.extend(options as Options);
}

function renamePrefixUrl(options: Options & { prefixUrl?: string }): void {
  if (options.prefixUrl === undefined) return;
  options.prefix = options.prefixUrl;
  delete options.prefixUrl;
}
