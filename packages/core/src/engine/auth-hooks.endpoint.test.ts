import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../errors.ts';
import { authHooks } from './auth-hooks.ts';
import { authOptions } from './ky1.ts';

// An endpoint option that is not an absolute http(s) URL has no origin a request could match, so every
// request would go out without credentials and nobody would notice. authHooks refuses it when built,
// without repeating it (it may hold a password).

describe('authHooks endpoint option', () => {
  const password = 'hunter2-not-for-messages';

  it.each([
    `https://user:${password}@api.example.com/prod`,
    'javascript:alert(1)//',
    'data:text/plain,hello',
    'file:///etc/passwd',
    'ftp://api.example.com/prod',
    '/prod',
    '//api.example.com/prod',
    'prod',
    'https://',
  ])('refuses %s with ERR_CONFIG_INVALID_ENDPOINT at authHooks.endpoint', (endpoint) => {
    let error: unknown;
    try {
      authHooks([], { endpoint });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_ENDPOINT', path: 'authHooks.endpoint' });
    expect((error as Error).message).not.toContain(password);
  });

  it.each([
    'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
    new URL('https://api.example.com/'),
    'http://127.0.0.1:8123/dev',
    'http://insecure.example.com/',
  ])('accepts %s (plain http elsewhere than loopback fails per request, as before)', (endpoint) => {
    expect(() => authHooks([], { endpoint })).not.toThrow();
  });
});

describe('authHooks without an endpoint', () => {
  const interceptor = { name: 'key', stage: 'auth' as const, apply() {} };

  it('is refused with interceptors: ERR_CONFIG_MISSING_ENDPOINT at authHooks.endpoint, naming the fix', () => {
    let error: unknown;
    try {
      // @ts-expect-error: the types refuse it too.
      authHooks([interceptor]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_MISSING_ENDPOINT', path: 'authHooks.endpoint' });
    expect((error as Error).message).toContain("authHooks(interceptors, { endpoint: 'https://");
  });

  it('is fine without interceptors: there is nothing to bind', () => {
    expect(() => authHooks([])).not.toThrow();
    expect(() => authHooks([], {})).not.toThrow();
  });
});

describe("ky 1's authOptions names itself in the same errors", () => {
  const interceptor = { name: 'key', stage: 'auth' as const, apply() {} };
  const thrown = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('without an endpoint: ERR_CONFIG_MISSING_ENDPOINT at authOptions.endpoint, the fix in its words', () => {
    // @ts-expect-error: the types refuse it too.
    const error = thrown(() => authOptions([interceptor]));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_MISSING_ENDPOINT', path: 'authOptions.endpoint' });
    expect((error as Error).message).toContain("authOptions(interceptors, { endpoint: 'https://");
    expect((error as Error).message).not.toContain('authHooks');
  });

  it('with one that is not a URL: ERR_CONFIG_INVALID_ENDPOINT at authOptions.endpoint', () => {
    const error = thrown(() => authOptions([interceptor], { endpoint: '/prod' }));
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_ENDPOINT', path: 'authOptions.endpoint' });
  });
});
