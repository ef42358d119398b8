import { type Branded, brand } from './brand.ts';
import { KyAuthError } from './ky-auth-error.ts';

/**
 * What authorizes a request could not be obtained: IAM credentials (a provider threw, Cognito Identity
 * refused, the environment has none), an API key, the `logins` for an identity pool, or the headers of a
 * custom headers function. The request is not sent.
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
export class CredentialsError extends KyAuthError {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'CredentialsError';
}

(CredentialsError.prototype as Branded)[brand] = 3;
