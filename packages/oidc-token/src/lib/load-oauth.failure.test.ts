import { describe, expect, it } from '@jest/globals';
import { TokenError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { loadOAuth } from './load-oauth.ts';

// A file of its own: loadOAuth keeps the module it loaded, for the module registry of the file.

describe('loadOAuth', () => {
  it('fails with ERR_TOKEN_REFRESH_FAILED when the module does not arrive, and the next call loads it', async () => {
    const lost = new TypeError('Failed to fetch dynamically imported module: /assets/index-4f1e.js');
    const error = await caught(() => loadOAuth(() => Promise.reject(lost)));
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED', cause: lost });
    expect(error.message).toContain('oauth4webapi');
    const oauth = await loadOAuth();
    expect(typeof oauth.refreshTokenGrantRequest).toBe('function');
  });
});
