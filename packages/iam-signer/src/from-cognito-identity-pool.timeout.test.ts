import { describe, expect, it } from '@jest/globals';
import { CredentialsError } from '@ky-auth/core';
import { type FetchAnswer, rejectionAtTimeout, stalledFetch } from '@ky-auth/test-kit';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';

// A Cognito Identity endpoint that accepts the connection and never answers must not hold the
// credentials refresh forever: every request waiting on it would wait too, and every later one.
// Virtual time (test-kit's rejectionAtTimeout); integration-tests/wall-clock measures the real timers.

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const identityId = 'us-east-1:11111111-2222-3333-4444-555555555555';

/** Answers as Cognito Identity does. */
const cognitoIdentity: FetchAnswer = (_input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  if (target.endsWith('GetId')) return Response.json({ IdentityId: identityId });
  return Response.json({
    IdentityId: identityId,
    Credentials: {
      AccessKeyId: 'ASIAIDENTITYPOOL0001',
      SecretKey: 'identity-pool-secret-key',
      SessionToken: 'identity-pool-session-token',
      Expiration: Math.floor(Date.now() / 1000) + 3600,
    },
  });
};

describe('fromCognitoIdentityPool timeoutMs', () => {
  it('a call that gets no answer fails with ERR_COGNITO_IDENTITY_UNREACHABLE at timeoutMs, not before; the next tries again', async () => {
    const service = stalledFetch();
    const provider = fromCognitoIdentityPool({ identityPoolId, fetch: service.fetch, timeoutMs: 150 });
    const error = await rejectionAtTimeout(() => provider(), 150);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });

    service.answerWith(cognitoIdentity);
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe('ASIAIDENTITYPOOL0001');
    expect(service.calls).toBe(3);
  });

  it('defaults to 10 seconds: a call that gets no answer fails at 10 s, not before', async () => {
    const service = stalledFetch();
    const provider = fromCognitoIdentityPool({ identityPoolId, fetch: service.fetch });
    const error = await rejectionAtTimeout(() => provider(), 10_000);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
  });

  it('gives each call (GetId, GetCredentialsForIdentity) its own signal, not aborted when answered', async () => {
    const service = stalledFetch();
    service.answerWith(cognitoIdentity);
    await fromCognitoIdentityPool({ identityPoolId, fetch: service.fetch })();
    expect(service.signals).toHaveLength(2);
    for (const signal of service.signals) {
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(signal?.aborted).toBe(false);
    }
  });
});
