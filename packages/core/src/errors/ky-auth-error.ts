import { type Branded, brand } from './brand.ts';
import type { KyAuthErrorCode } from './codes.ts';

/**
 * The one error family of ky-auth. Every error has a stable `code` to branch on (one of
 * {@link KyAuthErrorCode}, each documented in ERRORS.md) and a message that says what to fix. Messages
 * never contain a secret: keys, tokens, passwords and signatures are described, never echoed.
 *
 * @example
 * ```ts
 * import { KyAuthError } from '@ky-auth/core';
 *
 * try {
 *   await api.get('items').json();
 * } catch (error) {
 *   if (error instanceof KyAuthError && error.code === 'ERR_TOKEN_REFRESH_REJECTED') {
 *     redirectToSignIn();
 *   }
 * }
 * ```
 */
export class KyAuthError extends Error {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'KyAuthError';

  /** A stable, documented identifier of the failure, such as `ERR_CONFIG_INVALID`. */
  readonly code: KyAuthErrorCode;

  constructor(code: KyAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /**
   * `ConfigError [ERR_CONFIG_INVALID]: apiKey.header: not a header name.`: the class and the code, as
   * Node prints its own errors, so a log line alone says what failed and which row of ERRORS.md to read.
   */
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  /**
   * `instanceof` that also holds for the errors of another copy of `@ky-auth/core` (two versions in one
   * app): every copy brands its classes under the same `Symbol.for` key, each with its own number.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass too.
    const prototype = this.prototype as Branded;
    // A user's own subclass has no brand of its own: only the ordinary check answers for it.
    const kind = Object.hasOwn(prototype, brand) && prototype[brand];
    const its = (value as Branded | null | undefined)?.[brand];
    return (
      // biome-ignore lint/suspicious/noPrototypeBuiltins: a class prototype always inherits isPrototypeOf.
      prototype.isPrototypeOf(value as object) || (!!kind && !!its && (kind === 1 || kind === its))
    );
  }
}

(KyAuthError.prototype as Branded)[brand] = 1;
