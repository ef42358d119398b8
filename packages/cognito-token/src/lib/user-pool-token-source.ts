import { ConfigError } from '@ky-auth/core';
import { cachedTokenSource, type TokenSource } from '@ky-auth/oidc-token';
import type { CognitoUserPoolTokenOptions } from '../cognito-user-pool-token.ts';
import { pickToken } from './pick-token.ts';

/**
 * The token source behind `cognitoUserPoolToken`: a session's tokens as they are (the session caches and
 * refreshes them), or a token function's behind a JWT cache. `userPoolAuthorizer` builds one for all its
 * APIs.
 */
export function userPoolTokenSource(options: CognitoUserPoolTokenOptions): TokenSource {
  const { tokens } = options;
  const use = options.use ?? 'access';
  if (typeof tokens === 'function') {
    return cachedTokenSource(async (request) => pickToken(await tokens(request), use), {
      name: 'Cognito',
      refreshBeforeMs: options.refreshBeforeMs,
      now: options.now,
    });
  }
  if (typeof tokens !== 'object' || tokens === null || typeof tokens.getTokens !== 'function') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'cognitoUserPoolToken.tokens',
      'Pass a userPoolSession(), or a function that returns the tokens (such as Amplify’s fetchAuthSession).',
    );
  }
  return async (request) => {
    const current = await tokens.getTokens(request);
    return use === 'id' ? current.idToken : current.accessToken;
  };
}
