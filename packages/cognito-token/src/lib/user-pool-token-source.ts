import { ConfigError } from '@ky-auth/core';
import { latestTokenSource, type TokenSource } from '@ky-auth/token';
import type { CognitoUserPoolTokenOptions } from '../cognito-user-pool-token.ts';
import { pickToken } from './pick-token.ts';

/**
 * The token source behind `cognitoUserPoolToken` and `userPoolAuthorizer`: a session's tokens as they are
 * (the session caches and refreshes them, and forgets them at sign-out), or a token function's, asked on
 * every request and never kept (Amplify's `fetchAuthSession` caches itself, and knows who is signed in).
 */
export function userPoolTokenSource({
  tokens,
  use = 'access',
  now,
}: CognitoUserPoolTokenOptions): TokenSource {
  if (typeof tokens === 'function') {
    return latestTokenSource(async (request) => pickToken(await tokens(request), use), {
      name: 'Cognito',
      now,
    });
  }
  if (typeof tokens?.getTokens !== 'function') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'cognitoUserPoolToken.tokens',
      'Pass a userPoolSession() or a token function such as Amplify’s fetchAuthSession.',
    );
  }
  return async (request) => (await tokens.getTokens(request))[`${use}Token` as const];
}
