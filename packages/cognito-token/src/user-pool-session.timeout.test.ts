import { describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { UnsecuredJWT } from 'jose';
import { userPoolSession } from './user-pool-session.ts';

// A Cognito endpoint that accepts the connection and never answers must not hold a refresh forever:
// every request waiting on it would wait too, and so would every later one (they join the same refresh).

const token = (use: string) =>
  new UnsecuredJWT({ token_use: use, username: 'alice' }).setIssuedAt().setExpirationTime('1h').encode();

/** Never answers, until the request is aborted; then answers normally once `answering` is set. */
function stalledCognito() {
  const state = { answering: false, calls: 0 };
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    state.calls += 1;
    if (state.answering) {
      return Response.json({ AuthenticationResult: { AccessToken: token('access'), IdToken: token('id') } });
    }
    const signal = init?.signal;
    return new Promise<Response>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { state, fetch };
}

describe('userPoolSession timeoutMs', () => {
  it('a refresh that gets no answer fails with ERR_TOKEN_REFRESH_FAILED after timeoutMs; the next call tries again', async () => {
    const cognito = stalledCognito();
    const session = userPoolSession({
      userPoolId: 'us-east-1_AbC123',
      clientId: 'client',
      tokens: { refreshToken: 'refresh-token-secret-value' },
      fetch: cognito.fetch,
      timeoutMs: 150,
    });
    const started = performance.now();
    const error = await session.getTokens().then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(performance.now() - started).toBeLessThan(1000);

    cognito.state.answering = true;
    const tokens = await session.getTokens();
    expect(tokens.refreshToken).toBe('refresh-token-secret-value');
    expect(cognito.state.calls).toBe(2);
  });

  it('defaults to 10 seconds: the request carries a signal that is not aborted yet', async () => {
    let signal: AbortSignal | null | undefined;
    const session = userPoolSession({
      userPoolId: 'us-east-1_AbC123',
      clientId: 'client',
      tokens: { refreshToken: 'refresh-token-secret-value' },
      fetch: async (_input, init) => {
        signal = init?.signal;
        return Response.json({
          AuthenticationResult: { AccessToken: token('access'), IdToken: token('id') },
        });
      },
    });
    await session.getTokens();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
  });
});
