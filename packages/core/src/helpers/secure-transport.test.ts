import { describe, expect, it } from '@jest/globals';
import { RequestPolicyError } from '../errors.ts';
import { isLoopbackHost } from './is-loopback-host.ts';
import { assertSecureTransport, isSecureTransport } from './secure-transport.ts';

// The rule as SECURITY.md states it: https, or plain http only to the literal loopback hosts localhost,
// 127.0.0.0/8 and [::1]; anything else only with allowInsecureHttp, and never another scheme.
const secure = [
  'https://api.example.com/',
  'https://127.0.0.1:8443/',
  'http://localhost/',
  'http://LOCALHOST:3000/',
  'http://127.0.0.1/',
  'http://127.255.10.1:8080/',
  'http://[::1]:9000/',
];
const insecure = [
  'http://api.example.com/',
  'http://10.0.0.1/',
  'http://128.0.0.1/',
  'http://127.0.0.1.evil.example/',
  'http://api.localhost/',
  'http://localhost.evil.example/',
  'http://evil.com%2elocalhost/',
  'http://[::2]/',
  'http://0.0.0.0/',
];
const otherSchemes = ['ftp://127.0.0.1/', 'ws://localhost/', 'file:///etc/passwd'];

describe('isSecureTransport, the one rule for where credentials may travel', () => {
  it.each(secure)('allows %s', (url) => {
    expect(isSecureTransport(new URL(url))).toBe(true);
  });

  it.each(insecure)('refuses %s, and allows it with allowInsecureHttp', (url) => {
    expect(isSecureTransport(new URL(url))).toBe(false);
    expect(isSecureTransport(new URL(url), { allowInsecureHttp: false })).toBe(false);
    expect(isSecureTransport(new URL(url), { allowInsecureHttp: true })).toBe(true);
  });

  it.each(otherSchemes)('refuses %s even with allowInsecureHttp', (url) => {
    expect(isSecureTransport(new URL(url), { allowInsecureHttp: true })).toBe(false);
  });

  it('assertSecureTransport throws RequestPolicyError ERR_INSECURE_TRANSPORT naming what and where, never the path', () => {
    let thrown: unknown;
    try {
      assertSecureTransport(new URL('http://api.example.com/secret-path?token=abc'), 'the refresh token');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestPolicyError);
    expect(thrown).toMatchObject({ code: 'ERR_INSECURE_TRANSPORT' });
    const { message } = thrown as Error;
    expect(message).toContain('Refusing to send the refresh token over http to api.example.com');
    expect(message).toContain('allowInsecureHttp');
    expect(message).not.toContain('secret-path');
    expect(message).not.toContain('token=abc');
    expect(() => assertSecureTransport(new URL('https://api.example.com/'), 'the key')).not.toThrow();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['[::1]', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.0.0.256', false],
    ['127.0.0', false],
    ['127.0.0.1.2', false],
    ['127.a.0.1', false],
    ['126.0.0.1', false],
    ['1127.0.0.1', false],
    ['api.localhost', false],
    ['::1', false],
    ['', false],
  ])('%s: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
