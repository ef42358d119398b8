import { ConfigError } from '../../errors.ts';
import type { RequestAuthOptions } from '../types.ts';

/** Whether a call runs every interceptor (`'default'`) or only the `headers` stage (`'none'`). */
export type AuthMode = 'none' | 'default';

/**
 * The auth mode a call asks for in ky's `context`: `authMode`, or Amplify Gen2's per-request spelling
 * `defaultAuthMode` (`'iam'` there means "authorize as configured"). `undefined` when it asks nothing.
 * Any other value is a typed error: a misspelt mode must not silently decide whether a request is signed.
 */
export function requestedAuthMode(context: RequestAuthOptions): AuthMode | undefined {
  const { authMode, defaultAuthMode } = context;
  const own = modeOf(authMode, 'authMode', ['none', 'default']);
  const amplify = modeOf(defaultAuthMode, 'defaultAuthMode', ['none', 'default', 'iam']);
  if (own !== undefined && amplify !== undefined && own !== amplify) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'context.defaultAuthMode',
      "The call's context sets both authMode and defaultAuthMode, to different modes: keep one. The request was not sent.",
    );
  }
  return own ?? amplify;
}

function modeOf(value: unknown, key: string, allowed: readonly string[]): AuthMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && allowed.includes(value)) return value === 'none' ? 'none' : 'default';
  throw new ConfigError(
    'ERR_CONFIG_INVALID',
    `context.${key}`,
    `The call's context.${key} must be ${allowed.map((each) => `'${each}'`).join(' or ')}${typeof value === 'string' ? '' : `, not ${typeof value}`}. The request was not sent.`,
  );
}

/** `authHooks`' `defaultAuthMode` option, checked when the hooks are made. */
export function configuredAuthMode(value: unknown): AuthMode {
  if (value === undefined || value === 'default') return 'default';
  if (value === 'none') return 'none';
  throw new ConfigError('ERR_CONFIG_INVALID', 'authHooks.defaultAuthMode', "expected 'none' or 'default'.");
}
