import { afterEach, describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { LentTextDecoder } from './load-oauth.ts';

// React Native before 0.85 has no TextDecoder, and oauth4webapi creates one when its module loads. This
// file's module registry is its own, so oauth4webapi first loads here, at the first token request, with
// the global removed as on those releases.

const Platform = globalThis.TextDecoder;
afterEach(() => {
  globalThis.TextDecoder = Platform;
});

const withoutTextDecoder = () => Reflect.deleteProperty(globalThis, 'TextDecoder');

// A provider stand-in, not test-kit's oidc-provider: that runs in this process and loads oauth4webapi
// itself, with the platform's TextDecoder.
const issuer = 'https://login.example.com';
const b64u = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const idToken = (claims: object) => {
  const now = Math.floor(Date.now() / 1000);
  return [
    b64u({ alg: 'RS256', typ: 'JWT' }),
    b64u({ iss: issuer, sub: 'erin', aud: 'app', iat: now, exp: now + 300, name: 'Érin ✓', ...claims }),
    'c2lnbmF0dXJl',
  ].join('.');
};
/** Answers discovery and the token endpoint, and keeps the form of each token request. */
const provider = (claims: object = {}) => {
  const forms: Record<string, string>[] = [];
  let issued = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === `${issuer}/.well-known/openid-configuration`) {
      return Response.json({ issuer, token_endpoint: `${issuer}/token` });
    }
    forms.push(Object.fromEntries(new URLSearchParams(String(init?.body))));
    issued += 1;
    return Response.json(
      {
        access_token: `access-token-${issued}`,
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: `refresh-token-${issued}`,
        id_token: idToken(claims),
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  };
  return { fetch, forms };
};

describe('oidcClient where the platform has no TextDecoder', () => {
  it('refreshes with answers that carry an ID token, and leaves no TextDecoder behind', async () => {
    withoutTextDecoder();
    const { oidcClient } = await import('../oidc-client.ts');
    const { fetch, forms } = provider();
    const client = oidcClient({ issuer, clientId: 'app', refreshToken: 'refresh-token-0', fetch });
    expect(await client.getLatestAuthToken()).toBe('access-token-1');
    expect('TextDecoder' in globalThis).toBe(false);
    expect(await client.getLatestAuthToken({ forceRefresh: true })).toBe('access-token-2');
    expect(forms).toEqual([
      { grant_type: 'refresh_token', refresh_token: 'refresh-token-0', client_id: 'app' },
      { grant_type: 'refresh_token', refresh_token: 'refresh-token-1', client_id: 'app' },
    ]);
    expect('TextDecoder' in globalThis).toBe(false);
  });

  it("still checks the ID token's claims: one from another issuer fails the request", async () => {
    withoutTextDecoder();
    const { oidcClient } = await import('../oidc-client.ts');
    const { fetch } = provider({ iss: 'https://elsewhere.example.com' });
    const client = oidcClient({ issuer, clientId: 'app', refreshToken: 'refresh-token-0', fetch });
    const error = await caught(() => client.getLatestAuthToken());
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_REFRESH_FAILED');
    expect(String((error.cause as Error | undefined)?.message)).toMatch(/"iss" \(issuer\) claim/);
    expect('TextDecoder' in globalThis).toBe(false);
  });

  it("leaves a platform's own TextDecoder in place", async () => {
    const { oidcClient } = await import('../oidc-client.ts');
    const { fetch } = provider();
    const client = oidcClient({ issuer, clientId: 'app', refreshToken: 'refresh-token-0', fetch });
    expect(await client.getLatestAuthToken()).toBe('access-token-1');
    expect(globalThis.TextDecoder).toBe(Platform);
  });
});

describe('the TextDecoder lent while oauth4webapi loads', () => {
  it('decodes UTF-8 from any buffer view as a fatal TextDecoder does', () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë ✓"}');
    const padded = new Uint8Array([0xff, ...bytes, 0xff]);
    const reference = new Platform('utf-8', { fatal: true });
    expect(new LentTextDecoder().decode(bytes.buffer)).toBe(reference.decode(bytes));
    expect(new LentTextDecoder().decode(new DataView(padded.buffer, 1, bytes.length))).toBe(
      reference.decode(bytes),
    );
    expect(() => new LentTextDecoder().decode(padded)).toThrow(TypeError);
  });

  it('refuses an encoding other than UTF-8 rather than decoding it as UTF-8', () => {
    expect(new LentTextDecoder('UTF8').encoding).toBe('utf-8');
    expect(() => new LentTextDecoder('utf-16le')).toThrow(RangeError);
  });
});
