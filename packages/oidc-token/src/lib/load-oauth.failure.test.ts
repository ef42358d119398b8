import { afterEach, describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { loadOAuth } from './load-oauth.ts';

// A file of its own: loadOAuth keeps the module it loaded, for the module registry of the file. The tests
// run in order; the failing loads come first, as the module is kept once one succeeds.

const platform = globalThis.TextDecoder;
afterEach(() => {
  globalThis.TextDecoder = platform;
});

describe('loadOAuth', () => {
  it('fails with ERR_TOKEN_REFRESH_FAILED when the module does not arrive', async () => {
    const lost = new TypeError('Failed to fetch dynamically imported module: /assets/index-4f1e.js');
    const error = await caught(() => loadOAuth(() => Promise.reject(lost)));
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED', cause: lost });
    expect(error.message).toContain('oauth4webapi');
    expect(globalThis.TextDecoder).toBe(platform);
  });

  it('leaves a TextDecoder the app installed while the load ran, taking back only its own', async () => {
    Reflect.deleteProperty(globalThis, 'TextDecoder');
    class AppTextDecoder {}
    const lost = new TypeError('Failed to fetch dynamically imported module');
    await caught(() =>
      loadOAuth(async () => {
        expect(typeof globalThis.TextDecoder).toBe('function');
        globalThis.TextDecoder = AppTextDecoder as unknown as typeof TextDecoder;
        throw lost;
      }),
    );
    expect(globalThis.TextDecoder).toBe(AppTextDecoder);
  });

  it('then loads it, lending nothing where the platform has a TextDecoder', async () => {
    const oauth = await loadOAuth();
    expect(typeof oauth.refreshTokenGrantRequest).toBe('function');
    expect(globalThis.TextDecoder).toBe(platform);
  });
});
