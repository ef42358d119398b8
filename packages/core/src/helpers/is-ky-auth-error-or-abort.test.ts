import { describe, expect, it } from '@jest/globals';
import { ConfigError, CredentialsError, KyAuthError } from '../errors.ts';
import { isKyAuthErrorOrAbort } from './is-ky-auth-error-or-abort.ts';

describe('isKyAuthErrorOrAbort', () => {
  it('passes on a ky-auth error of any class, with or without a signal', () => {
    const errors = [
      new KyAuthError('ERR_INTERCEPTOR_FAILED', 'x'),
      new CredentialsError('ERR_CREDENTIALS_PROVIDER_FAILED', 'y'),
      new ConfigError('ERR_CONFIG_INVALID', '$', 'z'),
    ];
    for (const error of errors) {
      expect(isKyAuthErrorOrAbort(error)).toBe(true);
      expect(isKyAuthErrorOrAbort(error, new AbortController().signal)).toBe(true);
    }
  });

  it("passes on the caller's abort reason once the signal is aborted, whatever it is", () => {
    const controller = new AbortController();
    const reason = { why: 'navigated away' };
    expect(isKyAuthErrorOrAbort(reason, controller.signal)).toBe(false);
    controller.abort(reason);
    expect(isKyAuthErrorOrAbort(reason, controller.signal)).toBe(true);
    const timedOut = AbortSignal.abort(new DOMException('late', 'TimeoutError'));
    expect(isKyAuthErrorOrAbort(timedOut.reason, timedOut)).toBe(true);
  });

  it('wants everything else wrapped: other errors, another abort, any abort without a signal', () => {
    const aborted = AbortSignal.abort();
    expect(isKyAuthErrorOrAbort(new TypeError('fetch failed'), aborted)).toBe(false);
    expect(isKyAuthErrorOrAbort(new DOMException('other', 'AbortError'), aborted)).toBe(false);
    expect(isKyAuthErrorOrAbort(aborted.reason)).toBe(false);
    expect(isKyAuthErrorOrAbort('a string', undefined)).toBe(false);
    expect(isKyAuthErrorOrAbort(undefined, aborted)).toBe(false);
  });
});
