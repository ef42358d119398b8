import { type Branded, brand } from './brand.ts';
import { KyAuthError } from './ky-auth-error.ts';

/**
 * The request cannot be signed as asked (unknown region for a custom domain, a body too large to hash
 * or already read). The request is not sent.
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
export class SigningError extends KyAuthError {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'SigningError';
}

(SigningError.prototype as Branded)[brand] = 5;
