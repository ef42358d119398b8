import { afterEach, describe, expect, it } from '@jest/globals';
import { oidcClient } from '../oidc-client.ts';

describe('oidcClient without TextDecoder (React Native before 0.85)', () => {
  const Reference = globalThis.TextDecoder;
  afterEach(() => {
    globalThis.TextDecoder = Reference;
  });

  it('refuses at once with a ConfigError that names TextDecoder and the fix', () => {
    Reflect.deleteProperty(globalThis, 'TextDecoder');
    let caught: unknown;
    try {
      oidcClient({ issuer: 'https://login.example.com', clientId: 'reports', clientSecret: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining(
        'Load a TextDecoder polyfill before anything imports @ky-auth/oidc-token',
      ),
    });
  });

  it('builds the client where TextDecoder exists', () => {
    expect(
      typeof oidcClient({ issuer: 'https://login.example.com', clientId: 'reports', clientSecret: 'x' })
        .getLatestAuthToken,
    ).toBe('function');
  });
});
