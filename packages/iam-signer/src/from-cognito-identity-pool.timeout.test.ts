import { describe, expect, it } from '@jest/globals';
import { CredentialsError } from '@ky-auth/core';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';

// A Cognito Identity endpoint that accepts the connection and never answers must not hold the
// credentials refresh forever: every request waiting on it would wait too, and every later one.

const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const identityId = 'us-east-1:11111111-2222-3333-4444-555555555555';

/** Never answers (until aborted) while `stalled`; then answers as Cognito Identity does. */
function cognitoIdentity() {
  const state = { stalled: true, calls: 0, signals: [] as (AbortSignal | null | undefined)[] };
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    state.calls += 1;
    state.signals.push(init?.signal);
    if (state.stalled) {
      const signal = init?.signal;
      return new Promise<Response>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
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
  return { state, fetch };
}

describe('fromCognitoIdentityPool timeoutMs', () => {
  it('a call that gets no answer fails with ERR_COGNITO_IDENTITY_UNREACHABLE after timeoutMs; the next tries again', async () => {
    const service = cognitoIdentity();
    const provider = fromCognitoIdentityPool({ identityPoolId, fetch: service.fetch, timeoutMs: 150 });
    const started = performance.now();
    const error = await Promise.resolve(provider()).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(1000);

    service.state.stalled = false;
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe('ASIAIDENTITYPOOL0001');
    expect(service.state.calls).toBe(3);
  });

  it('defaults to 10 seconds: each call carries a signal that is not aborted yet', async () => {
    const service = cognitoIdentity();
    service.state.stalled = false;
    await fromCognitoIdentityPool({ identityPoolId, fetch: service.fetch })();
    expect(service.state.signals).toHaveLength(2);
    for (const signal of service.state.signals) {
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(signal?.aborted).toBe(false);
    }
  });
});
