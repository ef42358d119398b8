import { ConfigError } from '../../errors.ts';
import type { RequestAuthOptions } from '../types.ts';

/** Whether a call runs every interceptor (`'default'`) or only the `headers` stage (`'none'`). */
export type AuthMode = 'none' | 'default';

/**
 * The auth mode a call asks for in ky's `context`: `authMode`, or Amplify Gen2's per-request spelling
 * `defaultAuthMode` (`'iam'` there means "authorize as configured"). `undefined` when it asks nothing;
 * `null` for any other value, or both keys set to different modes: the engine then refuses the request
 * (lib/refusal.ts says why), since a misspelt mode must not silently decide whether a request is signed.
 */
export function requestedAuthMode(context: RequestAuthOptions): AuthMode | undefined | null {
  const own = modeOf(context.authMode, false);
  const amplify = modeOf(context.defaultAuthMode, true);
  return own === null || amplify === null || (own && amplify && own !== amplify) ? null : (own ?? amplify);
}

function modeOf(value: unknown, amplify: boolean): AuthMode | undefined | null {
  if (value === undefined) return undefined;
  if (value === 'none' || value === 'default') return value;
  return amplify && value === 'iam' ? 'default' : null;
}

/** `authHooks`' `defaultAuthMode` option, checked when the hooks are made. */
export function configuredAuthMode(value: unknown): AuthMode {
  if (value === undefined || value === 'default') return 'default';
  if (value === 'none') return 'none';
  throw new ConfigError('ERR_CONFIG_INVALID', 'authHooks.defaultAuthMode', "expected 'none' or 'default'.");
}
