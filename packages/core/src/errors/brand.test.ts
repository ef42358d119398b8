import { inspect } from 'node:util';
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

describe('what a log prints of an error', () => {
  // Written out: the names a user reads in ERRORS.md, not the classes' own (which a minifier renames).
  const names = new Map<unknown, string>([
    [KyAuthError, 'KyAuthError'],
    [ConfigError, 'ConfigError'],
    [CredentialsError, 'CredentialsError'],
    [TokenError, 'TokenError'],
    [SigningError, 'SigningError'],
    [RequestPolicyError, 'RequestPolicyError'],
  ]);

  it.each(classes)(
    "%p prints its class and its code: Node errors' `Name [CODE]: message`",
    (errorClass, _brandNumber) => {
      const error: KyAuthError =
        errorClass === ConfigError
          ? new ConfigError('ERR_CONFIG_INVALID', 'apiKey.header', 'not a header name.')
          : new (errorClass as typeof KyAuthError)('ERR_INTERCEPTOR_FAILED', 'the interceptor threw.');
      const name = names.get(errorClass);
      expect(error.name).toBe(name);
      expect(String(error)).toBe(
        errorClass === ConfigError
          ? 'ConfigError [ERR_CONFIG_INVALID]: apiKey.header: not a header name.'
          : `${name} [ERR_INTERCEPTOR_FAILED]: the interceptor threw.`,
      );
      expect(error.stack?.split('\n')[0]).toBe(`${name}: ${error.message}`);
      expect(inspect(error).split('\n')[0]).toBe(`${name}: ${error.message}`);
    },
  );

  // The names are written out, not taken from the classes: a minifier renames classes (see
  // examples/vite-build.test.ts for a production build). Renaming one here must change nothing.
  it('does not take the name from the class, which a minifier renames', () => {
    const renamed = { P: TokenError }.P;
    Object.defineProperty(renamed, 'name', { value: 'P', configurable: true });
    try {
      expect(String(new renamed('ERR_NOT_SIGNED_IN', 'sign in first.'))).toBe(
        'TokenError [ERR_NOT_SIGNED_IN]: sign in first.',
      );
    } finally {
      Object.defineProperty(renamed, 'name', { value: 'TokenError' });
    }
  });

  it("gives a user's own subclass its parent's name until it sets one, as Error subclasses do", () => {
    class SessionExpired extends TokenError {}
    class Named extends TokenError {
      override name = 'Named';
    }
    expect(String(new SessionExpired('ERR_NOT_SIGNED_IN', 'x'))).toBe('TokenError [ERR_NOT_SIGNED_IN]: x');
    expect(String(new Named('ERR_NOT_SIGNED_IN', 'x'))).toBe('Named [ERR_NOT_SIGNED_IN]: x');
  });
});
