import { TokenError } from '@ky-auth/core';

/**
 * The access or ID token from what a token function returned: a string, `{ accessToken, idToken }` (strings
 * or Amplify `JWT` objects, whose `toString()` is the token), or Amplify's `fetchAuthSession()` result
 * `{ tokens?: { accessToken, idToken? } }`. A session without tokens means nobody is signed in.
 */
export function pickToken(result: unknown, use: 'access' | 'id'): string {
  if (typeof result === 'string') return result;
  const holder = typeof result === 'object' && result !== null && 'tokens' in result ? result.tokens : result;
  if (holder === undefined || holder === null) {
    throw new TokenError(
      'ERR_NOT_SIGNED_IN',
      'The Cognito token source returned no tokens: nobody is signed in. Sign in first; the request was not sent.',
    );
  }
  // A primitive has no such property either: both mean the function returned the wrong thing.
  const token: unknown = (holder as Record<string, unknown>)[`${use}Token`];
  if (token === undefined || token === null) {
    throw new TokenError(
      'ERR_TOKEN_PROVIDER_FAILED',
      `The Cognito token source returned no ${use} token; the request was not sent.`,
    );
  }
  return String(token);
}
