import { ConfigError, KyAuthError, RequestPolicyError } from '../../errors.ts';
import type { RequestAuthOptions } from '../types.ts';

// The engine's refusals whose words are needed only when they happen, at sites that are already
// asynchronous: loaded then (a dynamic import), so a bundle carries none of it up front.

/** Why a call's `context` asks for an auth mode that does not exist (see `requestedAuthMode`). */
export function invalidAuthMode(context: RequestAuthOptions): ConfigError {
  const { authMode, defaultAuthMode } = context as Record<string, unknown>;
  const wrong =
    authMode !== undefined && authMode !== 'none' && authMode !== 'default'
      ? (['authMode', authMode, ['none', 'default']] as const)
      : defaultAuthMode !== undefined && !['none', 'default', 'iam'].includes(defaultAuthMode as string)
        ? (['defaultAuthMode', defaultAuthMode, ['none', 'default', 'iam']] as const)
        : undefined;
  if (wrong === undefined) {
    return new ConfigError(
      'ERR_CONFIG_INVALID',
      'context.defaultAuthMode',
      "The call's context sets both authMode and defaultAuthMode, to different modes: keep one. The request was not sent.",
    );
  }
  const [key, value, allowed] = wrong;
  return new ConfigError(
    'ERR_CONFIG_INVALID',
    `context.${key}`,
    `The call's context.${key} must be ${allowed.map((each) => `'${each}'`).join(' or ')}${typeof value === 'string' ? '' : `, not ${typeof value}`}. The request was not sent.`,
  );
}

/** A redirect of a request that carried credentials, with no redirect policy to follow it. */
export function redirectRefusal(status: number): RequestPolicyError {
  return new RequestPolicyError(
    'ERR_REDIRECT_WITH_CREDENTIALS',
    `The API redirected a request carrying credentials (${status}): call the final URL, or pass { redirects: followRedirects() } from '@ky-auth/core/follow-redirects' to authHooks or fromConfig.`,
  );
}

/** Hooks of one ky major handed to the other (`forKy` is the major they are for): every request fails. */
export function kyMajorRefusal(forKy: 1 | 2): KyAuthError {
  return new KyAuthError(
    'ERR_KY_MAJOR',
    forKy === 2
      ? "These hooks are for ky 2: with ky 1, spread authOptions from '@ky-auth/core/ky1' into ky's options. The request was not sent."
      : "These options are for ky 1; with ky 2, import { authHooks } from '@ky-auth/core'. The request was not sent.",
  );
}
