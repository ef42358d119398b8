import { forgetters } from './lib/credentials-source.ts';
import type { CredentialsProvider } from './types.ts';

/**
 * Forgets the credentials ky-auth keeps for `provider`, so that the next signed request asks it again.
 * A credentials function of your own is cached until 5 minutes before its credentials expire (an AWS SDK
 * provider would otherwise be called for every request): when the user it answered for signs out, or
 * another signs in, call this so no request is signed with the previous user's credentials. Requests
 * already waiting on the provider are not affected; those waiting on `fromCognitoIdentityPool`'s
 * forgotten session fail with `ERR_COGNITO_LOGINS_CHANGED`. (`fromCognitoIdentityPool` also switches by
 * itself when its `logins` change.) Static credentials keep nothing to forget.
 *
 * @example
 * ```ts
 * import { forgetCredentials, iamSigner } from '@ky-auth/iam-signer';
 * import { fetchAuthSession, signOut } from 'aws-amplify/auth';
 *
 * const sessionCredentials = async () => (await fetchAuthSession()).credentials!;
 * const signer = iamSigner({ credentials: sessionCredentials });
 *
 * async function logOut() {
 *   await signOut();
 *   forgetCredentials(sessionCredentials);
 * }
 * ```
 */
export function forgetCredentials(provider: CredentialsProvider): void {
  forgetters.get(provider)?.();
}
