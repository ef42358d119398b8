import { KyAuthError } from '@ky-auth/core';
import type { UserPoolTokensSource } from '../iam-authorizer.ts';

/**
 * The signed-in user's ID token from `iamAuthorizer`'s `userPoolTokens`, or `undefined` when nobody is
 * signed in (the guest role, as Amplify does).
 */
export async function currentIdToken(source: UserPoolTokensSource): Promise<string | undefined> {
  if (typeof source !== 'function') {
    try {
      return (await source.getTokens()).idToken;
    } catch (error) {
      // A session nobody is signed in to: the guest role, as Amplify does.
      if (error instanceof KyAuthError && error.code === 'ERR_NOT_SIGNED_IN') return undefined;
      throw error;
    }
  }
  const result = await source({ forceRefresh: false });
  if (result === undefined || result === null) return undefined;
  const idToken =
    'tokens' in result ? result.tokens?.idToken : 'idToken' in result ? result.idToken : undefined;
  return idToken?.toString();
}
