import { describe, expect, it } from '@jest/globals';
import { RequestPolicyError, TokenError } from '@ky-auth/core';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { UnsecuredJWT } from 'jose';
import { userPoolSession } from './user-pool-session.ts';

// Cognito requests carry the password, the refresh token and the client secret: the app's fetch is always
// asked not to follow a redirect, and a redirect it returns anyway fails the call. Real servers answering
// 301–308 are in integration-tests/adversarial/own-clients.test.ts.

const password = 'session-password-that-must-not-leak';
const refreshToken = 'session-refresh-token-that-must-not-leak';
const clientSecret = 'session-client-secret-that-must-not-leak';

const token = (use: string) =>
  new UnsecuredJWT({ token_use: use, username: 'alice' }).setIssuedAt().setExpirationTime('1h').encode();

/** A fetch that records the `redirect` of every call and answers `answer`. */
function recording(answer: () => Response) {
  const redirects: (RequestRedirect | undefined)[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    redirects.push(init?.redirect);
    return answer();
  };
  return { fetch, redirects };
}

const redirects: Record<string, () => Response> = {
  '307 to plain http': () =>
    new Response(null, { status: 307, headers: { location: 'http://insecure.example/' } }),
  // What a browser's fetch gives for redirect: 'manual': the target is hidden from scripts.
  opaqueredirect: () => ({ type: 'opaqueredirect', status: 0, ok: false, body: null }) as unknown as Response,
};

const session = (fetch: typeof globalThis.fetch, signedIn = false) =>
  userPoolSession({
    userPoolId: 'us-east-1_AbC123',
    clientId: 'client',
    clientSecret,
    fetch,
    ...(signedIn && { tokens: { refreshToken, accessToken: token('access'), idToken: token('id') } }),
  });

describe('userPoolSession and redirects', () => {
  describe.each(Object.entries(redirects))('a %s', (_label, redirect) => {
    it('fails signIn with ERR_AUTH_SERVER_REDIRECT; the fetch was asked for redirect: manual', async () => {
      const cognito = recording(redirect);
      const error = await caught(() => session(cognito.fetch).signIn({ username: 'alice', password }));
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_AUTH_SERVER_REDIRECT' });
      expect(cognito.redirects).toEqual(['manual']);
      expectNoSecrets(error, [password, clientSecret]);
    });

    it('fails a refresh with ERR_AUTH_SERVER_REDIRECT', async () => {
      const cognito = recording(redirect);
      const error = await caught(() => session(cognito.fetch, true).getTokens({ forceRefresh: true }));
      expect(error).toMatchObject({ name: 'RequestPolicyError', code: 'ERR_AUTH_SERVER_REDIRECT' });
      expect(cognito.redirects).toEqual(['manual']);
      expectNoSecrets(error, [refreshToken, clientSecret]);
    });

    it('fails the revocation of signOut with ERR_AUTH_SERVER_REDIRECT, signed out all the same', async () => {
      const cognito = recording(redirect);
      const tokens = session(cognito.fetch, true);
      const error = await caught(() => tokens.signOut());
      expect(error).toMatchObject({ name: 'RequestPolicyError', code: 'ERR_AUTH_SERVER_REDIRECT' });
      expect(cognito.redirects).toEqual(['manual']);
      expectNoSecrets(error, [refreshToken, clientSecret]);
      expect(await caught(() => tokens.getTokens())).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
    });
  });

  it('fails signIn with ERR_SIGN_IN_FAILED on an answer over 256 KiB; the tokens in it are nowhere in the error', async () => {
    const accessToken = token('access');
    const cognito = recording(() =>
      Response.json({
        AuthenticationResult: { AccessToken: accessToken, IdToken: token('id'), RefreshToken: refreshToken },
        padding: 'x'.repeat(256 * 1024),
      }),
    );
    const error = await caught(() => session(cognito.fetch).signIn({ username: 'alice', password }));
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_SIGN_IN_FAILED' });
    expect((error.cause as Error).message).toContain('answered InitiateAuth with more than 256 KiB');
    expectNoSecrets(error, [password, clientSecret, refreshToken, accessToken]);
  });
});
