import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  CredentialsError,
  KyAuthError,
  RequestPolicyError,
  SigningError,
  TokenError,
} from '../index.ts';

/** An error as another copy of `@ky-auth/core` makes it: not of these classes, but carrying the brand. */
function fromAnotherCopy(brandNumber: number): Error {
  const error = new Error('from another copy');
  Object.defineProperty(error, Symbol.for('ky-auth.error'), { value: brandNumber });
  return error;
}

// The numbers every published copy uses: changing one breaks `instanceof` between two versions in one app.
const classes = [
  [KyAuthError, 1],
  [ConfigError, 2],
  [CredentialsError, 3],
  [TokenError, 4],
  [SigningError, 5],
  [RequestPolicyError, 6],
] as const;

describe('the error brand shared by every copy of @ky-auth/core', () => {
  it.each(classes)(
    'recognizes another copy’s %p by its number, and only as its own class',
    (errorClass, number) => {
      const error = fromAnotherCopy(number);
      expect(error instanceof KyAuthError).toBe(true);
      for (const [other, otherNumber] of classes.slice(1)) {
        expect(error instanceof other).toBe(otherNumber === number);
      }
      expect(error instanceof errorClass).toBe(true);
    },
  );

  it('keeps the ordinary instanceof: a subclass of this copy, a plain Error, and a user’s own subclass', () => {
    class SessionExpired extends TokenError {}
    expect(new TokenError('ERR_NOT_SIGNED_IN', 'x')).toBeInstanceOf(KyAuthError);
    expect(new TokenError('ERR_NOT_SIGNED_IN', 'x')).not.toBeInstanceOf(ConfigError);
    expect(new Error('x')).not.toBeInstanceOf(KyAuthError);
    expect(new SessionExpired('ERR_NOT_SIGNED_IN', 'x')).toBeInstanceOf(TokenError);
    // A user's subclass has no brand of its own, so it does not claim every TokenError of another copy.
    expect(fromAnotherCopy(4)).not.toBeInstanceOf(SessionExpired);
  });

  it('names each error after its class and keeps code, message and path', () => {
    const error = new ConfigError('ERR_CONFIG_INVALID', 'apiKey.header', 'not a header name.');
    expect(error).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_INVALID',
      path: 'apiKey.header',
      message: 'apiKey.header: not a header name.',
    });
  });
});
