/**
 * The one error family of ky-auth. Every error has a stable `code` to branch on and a message that says
 * what to fix. Messages never contain a secret: keys, tokens, passwords and signatures are described,
 * never echoed.
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
  /** A stable, documented identifier of the failure, such as `ERR_CONFIG_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
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

type Branded = { [brand]?: number };

/** Shared by every copy of `@ky-auth/core`: `Symbol.for` returns one symbol per key, realm-wide. */
const brand = Symbol.for('ky-auth.error');

/**
 * The configuration is malformed or incomplete. `path` names the JSON path of the offending value,
 * such as `api.plugins.awsAPIPlugin.orders.authorizationType`.
 *
 * @example
 * ```ts
 * import { ConfigError, fromConfig } from '@ky-auth/core';
 *
 * try {
 *   fromConfig(JSON.parse(text), providers);
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(`${error.path}: ${error.message}`);
 * }
 * ```
 */
export class ConfigError extends KyAuthError {
  /** The JSON path of the value at fault (`$` for the document itself). */
  readonly path: string;

  constructor(code: string, path: string, message: string, options?: { cause?: unknown }) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}

/**
 * IAM credentials could not be obtained (a provider threw, Cognito Identity refused, the environment
 * has none). The request is not sent.
 *
 * @example
 * ```ts
 * import { CredentialsError } from '@ky-auth/core';
 *
 * api.get('items').catch((error) => {
 *   if (error instanceof CredentialsError) console.error(error.code, error.message);
 * });
 * ```
 */
export class CredentialsError extends KyAuthError {}

/**
 * A token could not be obtained or refreshed, or only an expired one was available. The request is not
 * sent.
 *
 * @example
 * ```ts
 * import { TokenError } from '@ky-auth/core';
 *
 * api.get('items').catch((error) => {
 *   if (error instanceof TokenError && error.code === 'ERR_TOKEN_REFRESH_REJECTED') signOut();
 * });
 * ```
 */
export class TokenError extends KyAuthError {}

/**
 * The request cannot be signed as asked (unknown region for a custom domain, a body too large to hash,
 * an invalid signing option). The request is not sent.
 *
 * @example
 * ```ts
 * import { SigningError } from '@ky-auth/core';
 *
 * signRequest(request, options).catch((error) => {
 *   if (error instanceof SigningError && error.code === 'ERR_SIGNING_REGION_UNKNOWN') askForRegion();
 * });
 * ```
 */
export class SigningError extends KyAuthError {}

/**
 * A request was refused before it left because sending it would put credentials at risk: plain `http:`
 * to a non-loopback host, a redirect to another origin, an invalid header. The request is not sent.
 *
 * @example
 * ```ts
 * import { RequestPolicyError } from '@ky-auth/core';
 *
 * api.get('items').catch((error) => {
 *   if (error instanceof RequestPolicyError && error.code === 'ERR_INSECURE_TRANSPORT') console.error(error.message);
 * });
 * ```
 */
export class RequestPolicyError extends KyAuthError {}

// Each class's brand, the same in every copy and every version: KyAuthError is 1, and a number, once
// given, is never reused.
for (const [number, errorClass] of [
  KyAuthError,
  ConfigError,
  CredentialsError,
  TokenError,
  SigningError,
  RequestPolicyError,
].entries()) {
  (errorClass.prototype as Branded)[brand] = number + 1;
}
