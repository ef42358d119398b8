/**
 * Every `code` a ky-auth error can have, in every package (core lists the interceptor packages' codes
 * too: they are strings, not knowledge of SigV4 or tokens). Each is documented, with its class, when it
 * is thrown and what to do, in one table: ERRORS.md at the repository root. A code, once published, keeps
 * its meaning; a test fails when a package throws a code missing here, or when a code here is thrown
 * nowhere or documented nowhere.
 *
 * Import it to list or validate codes at run time (a log pipeline, a test); to branch on a code, compare
 * `error.code` with a string literal: {@link KyAuthErrorCode} checks the spelling at no cost in bytes.
 *
 * @example
 * ```ts
 * import { errorCodes, KyAuthError } from '@ky-auth/core';
 *
 * const known = new Set<string>(errorCodes);
 * window.addEventListener('unhandledrejection', ({ reason }) => {
 *   if (reason instanceof KyAuthError && known.has(reason.code)) report(reason.code);
 * });
 * ```
 */
export const errorCodes = [
  // ConfigError: the configuration file (parseConfig, getApi, fromConfig)
  'ERR_CONFIG_EMPTY',
  'ERR_CONFIG_UNRECOGNIZED',
  'ERR_CONFIG_AMBIGUOUS',
  'ERR_CONFIG_INVALID_TYPE',
  'ERR_CONFIG_MISSING_FIELD',
  'ERR_CONFIG_INVALID_VALUE',
  'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
  'ERR_CONFIG_INVALID_ENDPOINT',
  'ERR_CONFIG_INSECURE_ENDPOINT',
  'ERR_CONFIG_INVALID_REGION',
  'ERR_CONFIG_DUPLICATE_API',
  'ERR_CONFIG_NO_REST_API',
  'ERR_CONFIG_NOT_REST',
  'ERR_CONFIG_UNKNOWN_API',
  'ERR_CONFIG_UNKNOWN_KEY',
  // ConfigError: what the file needs from the app, and the options of ky-auth's functions
  'ERR_CONFIG_MISSING_ENDPOINT',
  'ERR_CONFIG_MISSING_PROVIDER',
  'ERR_CONFIG_INVALID_PROVIDER',
  'ERR_CONFIG_INVALID',
  'ERR_CONFIG_MISSING_API_KEY',
  'ERR_CONFIG_INVALID_API_KEY',
  'ERR_CONFIG_MISSING_CREDENTIALS',
  'ERR_CONFIG_INVALID_IDENTITY_POOL',
  'ERR_CONFIG_MISSING_REGION',
  'ERR_CONFIG_USER_POOL_MISMATCH',
  // CredentialsError
  'ERR_API_KEY_MISSING',
  'ERR_API_KEY_PROVIDER_FAILED',
  'ERR_CREDENTIALS_PROVIDER_FAILED',
  'ERR_CREDENTIALS_INVALID',
  'ERR_CREDENTIALS_EXPIRED',
  'ERR_CREDENTIALS_MISSING_AWS_ACCESS_KEY_ID',
  'ERR_CREDENTIALS_MISSING_AWS_SECRET_ACCESS_KEY',
  'ERR_CREDENTIALS_ENV_UNAVAILABLE',
  'ERR_COGNITO_IDENTITY_REJECTED',
  'ERR_COGNITO_IDENTITY_UNREACHABLE',
  'ERR_COGNITO_IDENTITY_INVALID_RESPONSE',
  'ERR_LOGINS_PROVIDER_FAILED',
  'ERR_COGNITO_LOGINS_CHANGED',
  'ERR_HEADERS_PROVIDER_FAILED',
  // TokenError
  'ERR_TOKEN_PROVIDER_FAILED',
  'ERR_TOKEN_EXPIRED',
  'ERR_TOKEN_REFRESH_REJECTED',
  'ERR_TOKEN_REFRESH_FAILED',
  'ERR_NOT_SIGNED_IN',
  'ERR_REFRESH_TOKEN_NOT_SAVED',
  'ERR_SIGN_IN_REJECTED',
  'ERR_SIGN_IN_CHALLENGE',
  'ERR_SIGN_IN_FAILED',
  'ERR_TOKEN_REVOKE_FAILED',
  // SigningError
  'ERR_SIGNING_REGION_UNKNOWN',
  'ERR_SIGNING_BODY_TOO_LARGE',
  'ERR_SIGNING_BODY_UNREADABLE',
  // RequestPolicyError
  'ERR_INSECURE_TRANSPORT',
  'ERR_CROSS_ORIGIN_REDIRECT',
  'ERR_REDIRECT_WITH_CREDENTIALS',
  'ERR_TOO_MANY_REDIRECTS',
  'ERR_AUTH_SERVER_REDIRECT',
  'ERR_INVALID_HEADER_NAME',
  'ERR_INVALID_HEADER_VALUE',
  'ERR_INVALID_HEADERS',
  // KyAuthError itself
  'ERR_INTERCEPTOR_FAILED',
  'ERR_KY_MAJOR',
  'ERR_KY1_FETCH_MISSING',
] as const;

/**
 * One of {@link errorCodes}: the type of every ky-auth error's `code`, so a misspelt comparison fails to
 * compile. Each code's class, cause and remedy are in ERRORS.md.
 *
 * @example
 * ```ts
 * import { KyAuthError, type KyAuthErrorCode } from '@ky-auth/core';
 *
 * const signInAgain: readonly KyAuthErrorCode[] = ['ERR_NOT_SIGNED_IN', 'ERR_TOKEN_REFRESH_REJECTED'];
 * api.get('items').catch((error) => {
 *   if (error instanceof KyAuthError && signInAgain.includes(error.code)) redirectToSignIn();
 * });
 * ```
 */
export type KyAuthErrorCode = (typeof errorCodes)[number];
