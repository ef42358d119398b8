import { describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { caught, expectNoSecrets, rejectionAtTimeout } from '@ky-auth/test-kit';
import { oidcClient } from './oidc-client.ts';

// A provider that never answers, or that repeats what it was sent in its error: the token request must
// end (timeoutMs) and the error must carry none of it, down the whole cause chain.

const issuer = 'https://login.failures.test';
const refreshToken = 'refresh-token-that-must-not-leak-0001';
const clientSecret = 'client-secret-that-must-not-leak-0001';

const discovery = () =>
  Response.json({ issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });

/** A confidential client refreshing `refreshToken` with a provider whose token endpoint is `answer`. */
const refreshingClient = (answer: (init: RequestInit | undefined) => Response | Promise<Response>) =>
  oidcClient({
    issuer,
    clientId: 'app',
    clientSecret,
    refreshToken,
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      return url.endsWith('/.well-known/openid-configuration') ? discovery() : answer(init);
    },
  });

describe('oidcClient against a failing provider', () => {
  it('a token request that gets no answer fails with ERR_TOKEN_REFRESH_FAILED at timeoutMs, not before; the next call tries again', async () => {
    let answering = false;
    let tokenCalls = 0;
    const client = oidcClient({
      issuer,
      clientId: 'app',
      clientSecret,
      timeoutMs: 150,
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/.well-known/openid-configuration')) return discovery();
        tokenCalls += 1;
        if (answering)
          return Response.json({ access_token: 'opaque-access', token_type: 'Bearer', expires_in: 60 });
        const signal = init?.signal;
        return new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      },
    });
    const error = await rejectionAtTimeout(() => client.getLatestAuthToken(), 150);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });

    answering = true;
    expect(await client.getLatestAuthToken()).toBe('opaque-access');
    expect(tokenCalls).toBe(2);
  });

  it.each([
    ['400 invalid_grant', 400, 'invalid_grant', 'ERR_TOKEN_REFRESH_REJECTED'],
    ['401 invalid_client', 401, 'invalid_client', 'ERR_TOKEN_REFRESH_REJECTED'],
    ['500 server_error', 500, 'server_error', 'ERR_TOKEN_REFRESH_FAILED'],
    ['400 with an error code that is not one', 400, `bad ${refreshToken}`, 'ERR_TOKEN_REFRESH_FAILED'],
  ])(
    '%s that repeats the refresh token and secret: nowhere in the error or its causes',
    async (_label, status, code, expected) => {
      const client = refreshingClient(() =>
        Response.json(
          {
            error: code,
            error_description: `refresh token ${refreshToken} (client secret ${clientSecret}) refused`,
          },
          { status },
        ),
      );
      const error = await caught(() => client.getLatestAuthToken());
      expect(error).toBeInstanceOf(TokenError);
      expect(error).toMatchObject({ code: expected });
      expectNoSecrets(error, [refreshToken, clientSecret]);
      // The HTTP status, and the OAuth error code of a refusal, are kept for whoever reads the cause.
      expect(error.cause).toMatchObject({ status });
      if (expected === 'ERR_TOKEN_REFRESH_REJECTED') expect(error.cause).toMatchObject({ error: code });
    },
  );

  it('a token response that fails its checks: its new access and refresh tokens are nowhere in the error', async () => {
    const issuedAccess = 'issued-access-token-that-must-not-leak';
    const rotatedRefresh = 'rotated-refresh-token-that-must-not-leak';
    const client = refreshingClient(() =>
      Response.json({
        access_token: issuedAccess,
        refresh_token: rotatedRefresh,
        token_type: 'Bearer',
        expires_in: 'soon',
      }),
    );
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toMatchObject({ name: 'TokenError', code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(error.cause).toBeInstanceOf(Error);
    expectNoSecrets(error, [issuedAccess, rotatedRefresh, refreshToken, clientSecret]);
  });

  it('a fetch that fails quoting what it was sending: neither the secret nor the refresh token is kept', async () => {
    const client = refreshingClient((init) => {
      const failure = new TypeError(
        `could not send ${String(init?.body)} with ${JSON.stringify(init?.headers)}`,
      );
      throw Object.assign(failure, { request: { body: String(init?.body), headers: init?.headers } });
    });
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toMatchObject({ name: 'TokenError', code: 'ERR_TOKEN_REFRESH_FAILED' });
    expectNoSecrets(error, [refreshToken, clientSecret, btoa(`app:${clientSecret}`)]);
  });

  it.each([
    ['discovery', '/.well-known/openid-configuration'],
    ['token', '/token'],
  ])(
    "hands the app's fetch redirect: 'manual'; a redirect it returns for %s is refused, sent nowhere",
    async (_step, path) => {
      const redirects: Record<string, () => Response> = {
        '307 to plain http': () =>
          new Response(null, { status: 307, headers: { location: 'http://insecure.example/token' } }),
        // What a browser's fetch gives for redirect: 'manual': the target is hidden from scripts.
        opaqueredirect: () =>
          ({ type: 'opaqueredirect', status: 0, ok: false, body: null }) as unknown as Response,
      };
      for (const [label, redirect] of Object.entries(redirects)) {
        const sent: { url: string; redirect: RequestRedirect | undefined }[] = [];
        const client = oidcClient({
          issuer,
          clientId: 'app',
          clientSecret,
          refreshToken,
          fetch: async (input, init) => {
            const url = String(input instanceof Request ? input.url : input);
            sent.push({ url, redirect: init?.redirect });
            if (url.endsWith(path)) return redirect();
            return url.endsWith('/token')
              ? Response.json({ access_token: 'opaque-access', token_type: 'Bearer', expires_in: 60 })
              : discovery();
          },
        });
        const error = await caught(() => client.getLatestAuthToken());
        expect([label, error]).toMatchObject([
          label,
          { name: 'RequestPolicyError', code: 'ERR_AUTH_SERVER_REDIRECT' },
        ]);
        expect(sent.every(({ redirect }) => redirect === 'manual')).toBe(true);
        expect(sent.at(-1)?.url).toBe(`${issuer}${path}`);
        expectNoSecrets(error, [refreshToken, clientSecret]);
      }
    },
  );

  it('a token answer over 256 KiB fails with ERR_TOKEN_REFRESH_FAILED; what it held is nowhere in the error', async () => {
    const issuedAccess = 'issued-access-token-that-must-not-leak';
    const client = refreshingClient(() =>
      Response.json({
        access_token: issuedAccess,
        token_type: 'Bearer',
        padding: 'x'.repeat(256 * 1024),
      }),
    );
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toMatchObject({ name: 'TokenError', code: 'ERR_TOKEN_REFRESH_FAILED' });
    expect(error.message).toContain('answered /token with more than 256 KiB');
    expectNoSecrets(error, [issuedAccess, refreshToken, clientSecret]);
  });
});
