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
   * `instanceof` that also recognizes errors made by another copy of `@ky-auth/core` (two versions in one
   * app, a bundled and an installed copy): each class carries a brand under a `Symbol.for` key, shared by
   * every copy, so `error instanceof TokenError` holds for any copy's `TokenError` and its subclasses.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, a subclass too.
    return isInstance(this, value);
  }
}

function isInstance(errorClass: typeof KyAuthError, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(errorClass, value)) return true;
  // Only ky-auth's own classes are branded; a user's subclass is recognized by the ordinary check above.
  const wanted = Object.hasOwn(errorClass.prototype, brand)
    ? (errorClass.prototype as unknown as Record<symbol, unknown>)[brand]
    : undefined;
  if (wanted === undefined || typeof value !== 'object' || value === null) return false;
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, brand) && proto[brand] === wanted) return true;
  }
  return false;
}

/**
 * The key every copy of `@ky-auth/core` brands its error classes' prototypes with (the class's own name,
 * written out so a minifier renaming the classes cannot change it).
 */
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

for (const [errorClass, name] of [
  [KyAuthError, 'KyAuthError'],
  [ConfigError, 'ConfigError'],
  [CredentialsError, 'CredentialsError'],
  [TokenError, 'TokenError'],
  [SigningError, 'SigningError'],
  [RequestPolicyError, 'RequestPolicyError'],
] as const) {
  Object.defineProperty(errorClass.prototype, brand, { value: name });
}
