import { describe, expect, it } from '@jest/globals';
import { CredentialsError, RequestPolicyError } from '@ky-auth/core';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';

// GetId and GetCredentialsForIdentity carry the user's login token: the app's fetch is always asked not to
// follow a redirect, and a redirect it returns anyway fails the call. Real servers answering 301–308 are in
// integration-tests/adversarial/own-clients.test.ts.

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const identityId = 'us-east-1:11111111-2222-3333-4444-555555555555';
const loginToken = 'identity-login-token-that-must-not-leak';
const secretKey = 'identity-secret-key-that-must-not-leak';
const sessionToken = 'identity-session-token-that-must-not-leak';

const credentialsAnswer = () =>
  Response.json({
    IdentityId: identityId,
    Credentials: {
      AccessKeyId: 'ASIAIDENTITYPOOL0001',
      SecretKey: secretKey,
      SessionToken: sessionToken,
      Expiration: Math.floor(Date.now() / 1000) + 3600,
    },
  });

/** A Cognito Identity whose `operation` answers `misbehave()`; the other answers well. */
function identity(operation: string, misbehave: () => Response) {
  const calls: { target: string; redirect: RequestRedirect | undefined }[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const target = new Headers(init?.headers).get('x-amz-target') ?? '';
    calls.push({ target, redirect: init?.redirect });
    if (target.endsWith(`.${operation}`)) return misbehave();
    return target.endsWith('.GetId') ? Response.json({ IdentityId: identityId }) : credentialsAnswer();
  };
  const provider = fromCognitoIdentityPool({
    identityPoolId,
    fetch,
    logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123': loginToken },
  });
  return { provider, calls };
}

const redirects: Record<string, () => Response> = {
  '307 to plain http': () =>
    new Response(null, { status: 307, headers: { location: 'http://insecure.example/' } }),
  // What a browser's fetch gives for redirect: 'manual': the target is hidden from scripts.
  opaqueredirect: () => ({ type: 'opaqueredirect', status: 0, ok: false, body: null }) as unknown as Response,
};

describe.each(['GetId', 'GetCredentialsForIdentity'])('fromCognitoIdentityPool: %s', (operation) => {
  it.each(Object.keys(redirects))(
    "a %s fails with ERR_AUTH_SERVER_REDIRECT; every call asked for redirect: 'manual'",
    async (label) => {
      const { provider, calls } = identity(operation, redirects[label]!);
      const error = await caught(provider);
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_AUTH_SERVER_REDIRECT' });
      expect(calls.at(-1)?.target).toBe(`AWSCognitoIdentityService.${operation}`);
      expect(calls.map(({ redirect }) => redirect)).toEqual(calls.map(() => 'manual'));
      expectNoSecrets(error, [loginToken]);
    },
  );

  it('an answer over 256 KiB fails with ERR_COGNITO_IDENTITY_INVALID_RESPONSE; what it held is nowhere', async () => {
    const { provider } = identity(operation, () =>
      Response.json({
        IdentityId: identityId,
        Credentials: { AccessKeyId: 'ASIA', SecretKey: secretKey, SessionToken: sessionToken },
        padding: 'x'.repeat(256 * 1024),
      }),
    );
    const error = await caught(provider);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_INVALID_RESPONSE' });
    expect(error.message).toContain(`answered ${operation} with more than 256 KiB`);
    expectNoSecrets(error, [loginToken, secretKey, sessionToken]);
  });
});
