import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { userPoolSession } from '@ky-auth/cognito-token';
import { type Interceptor, TokenError } from '@ky-auth/core';
import { authOptions } from '@ky-auth/core/ky1';
import { fromCognitoIdentityPool } from '@ky-auth/iam-signer';
import { oidcClient } from '@ky-auth/oidc-token';
import { stalledFetch } from '@ky-auth/test-kit';
import ky1, { TimeoutError } from 'ky1';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The timeouts on real timers, measured on the wall clock: a remote that never answers must not hold a
// refresh (and every request waiting on it) for longer than timeoutMs. The unit tests prove the same on
// virtual time (test-kit's rejectionAtTimeout); this proves the real timers are the ones used.

const timeoutMs = 150;
/** Room for a loaded 2-core machine above timeoutMs; an unbounded wait would be far beyond it. */
const slack = 850;

async function elapsedRejection(call: () => Promise<unknown>): Promise<{ error: unknown; elapsed: number }> {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  return { error, elapsed: performance.now() - started };
}

describe('timeoutMs on the wall clock, against a remote that never answers', () => {
  it('fromCognitoIdentityPool fails with ERR_COGNITO_IDENTITY_UNREACHABLE after timeoutMs', async () => {
    const cognito = stalledFetch();
    const provider = fromCognitoIdentityPool({
      identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
      fetch: cognito.fetch,
      timeoutMs,
    });
    const { error, elapsed } = await elapsedRejection(async () => provider());
    expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 10);
    expect(elapsed).toBeLessThan(timeoutMs + slack);
  });

  it('userPoolSession fails with ERR_TOKEN_REFRESH_FAILED after timeoutMs', async () => {
    const cognito = stalledFetch();
    const session = userPoolSession({
      userPoolId: 'us-east-1_AbC123',
      clientId: 'client',
      tokens: { refreshToken: 'refresh-token-secret-value' },
      fetch: cognito.fetch,
      timeoutMs,
    });
    const { error, elapsed } = await elapsedRejection(() => session.getTokens());
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 10);
    expect(elapsed).toBeLessThan(timeoutMs + slack);
  });

  it("oidcClient's token request fails with ERR_TOKEN_REFRESH_FAILED after timeoutMs", async () => {
    const issuer = 'https://login.failures.test';
    const provider = stalledFetch();
    const client = oidcClient({
      issuer,
      clientId: 'app',
      clientSecret: 'client-secret-that-must-not-leak-0001',
      timeoutMs,
      fetch: (input, init) =>
        String(input instanceof Request ? input.url : input).endsWith('/.well-known/openid-configuration')
          ? Promise.resolve(
              Response.json({ issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` }),
            )
          : provider.fetch(input, init),
    });
    const { error, elapsed } = await elapsedRejection(() => client.getLatestAuthToken());
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(provider.calls).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 10);
    expect(elapsed).toBeLessThan(timeoutMs + slack);
  });
});

describe("ky 1's timeout over an interceptor that never answers", () => {
  const received: string[] = [];
  const server = setupServer(
    http.all('https://api.example.com/*', ({ request }) => {
      received.push(request.url);
      return HttpResponse.json({ ok: true });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());

  it("ends the request with ky's TimeoutError at the timeout, sending nothing", async () => {
    const hanging: Interceptor = {
      name: 'hanging',
      stage: 'auth',
      apply: () => new Promise<undefined>(() => undefined),
    };
    const { error, elapsed } = await elapsedRejection(() =>
      ky1
        .create({
          prefixUrl: 'https://api.example.com',
          ...authOptions([hanging], { endpoint: 'https://api.example.com' }),
          timeout: 200,
          retry: 2,
        })
        .get('echo'),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(received).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(200 + slack);
  });
});
