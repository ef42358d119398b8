import { describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { rejectionAtTimeout, stalledFetch } from '@ky-auth/test-kit';
import { UnsecuredJWT } from 'jose';
import { userPoolSession } from './user-pool-session.ts';

// A Cognito endpoint that accepts the connection and never answers must not hold a refresh forever:
// every request waiting on it would wait too, and so would every later one (they join the same refresh).
// Virtual time (test-kit's rejectionAtTimeout); integration-tests/wall-clock measures the real timers.

const token = (use: string) =>
  new UnsecuredJWT({ token_use: use, username: 'alice' }).setIssuedAt().setExpirationTime('1h').encode();

/** Answers InitiateAuth with fresh tokens, as Cognito does. */
const cognitoTokens = () =>
  Response.json({ AuthenticationResult: { AccessToken: token('access'), IdToken: token('id') } });

const session = (options: { fetch: typeof fetch; timeoutMs?: number }) =>
  userPoolSession({
    userPoolId: 'us-east-1_AbC123',
    clientId: 'client',
    tokens: { refreshToken: 'refresh-token-secret-value' },
    ...options,
  });

describe('userPoolSession timeoutMs', () => {
  it('a refresh that gets no answer fails with ERR_TOKEN_REFRESH_FAILED at timeoutMs, not before; the next call tries again', async () => {
    const cognito = stalledFetch();
    const tokens = session({ fetch: cognito.fetch, timeoutMs: 150 });
    const error = await rejectionAtTimeout(() => tokens.getTokens(), 150);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });

    cognito.answerWith(cognitoTokens);
    expect((await tokens.getTokens()).refreshToken).toBe('refresh-token-secret-value');
    expect(cognito.calls).toBe(2);
  });

  it('defaults to 10 seconds: a refresh that gets no answer fails at 10 s, not before', async () => {
    const cognito = stalledFetch();
    const error = await rejectionAtTimeout(() => session({ fetch: cognito.fetch }).getTokens(), 10_000);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
  });

  it('the request carries a signal that is not aborted when answered', async () => {
    const cognito = stalledFetch();
    cognito.answerWith(cognitoTokens);
    await session({ fetch: cognito.fetch }).getTokens();
    expect(cognito.signals).toHaveLength(1);
    expect(cognito.signals[0]).toBeInstanceOf(AbortSignal);
    expect(cognito.signals[0]?.aborted).toBe(false);
  });
});
