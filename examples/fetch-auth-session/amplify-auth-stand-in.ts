// A stand-in for `fetchAuthSession` from 'aws-amplify/auth', so the example runs without an Amplify
// backend: same signature, same result shape (`tokens` as Amplify's JWT objects, `credentials` of the
// identity pool). It signs in through the local user pool and asks the local identity pool, as Amplify
// would ask the real ones. Not part of the example.
import { type AuthSession, decodeJWT, type FetchAuthSessionOptions } from '@aws-amplify/core';
import { userPoolSession } from '@ky-auth/cognito-token';
import { fromCognitoIdentityPool } from '@ky-auth/iam-signer';
import { sample } from '../support/local-aws.ts';

const session = userPoolSession({ userPoolId: sample.userPoolId, clientId: sample.userPoolClientId });
const providerName = `cognito-idp.${sample.region}.amazonaws.com/${sample.userPoolId}`;
const identityPool = fromCognitoIdentityPool({
  identityPoolId: sample.identityPoolId,
  logins: async () => ({ [providerName]: (await session.getTokens()).idToken }),
});

/** What `signIn` from 'aws-amplify/auth' would do for the example's user. */
export async function signIn(input: { username: string; password: string }): Promise<void> {
  await session.signIn(input);
}

export async function fetchAuthSession(options: FetchAuthSessionOptions = {}): Promise<AuthSession> {
  const tokens = await session.getTokens({ forceRefresh: options.forceRefresh === true });
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = await identityPool();
  const idToken = decodeJWT(tokens.idToken);
  return {
    tokens: { accessToken: decodeJWT(tokens.accessToken), idToken },
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken !== undefined && { sessionToken }),
      ...(expiration !== undefined && { expiration }),
    },
    identityId: `${sample.region}:example-identity`,
    userSub: String(idToken.payload.sub),
  };
}
