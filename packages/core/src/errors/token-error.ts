import { type Branded, brand } from './brand.ts';
import { KyAuthError } from './ky-auth-error.ts';

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
export class TokenError extends KyAuthError {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'TokenError';
}

(TokenError.prototype as Branded)[brand] = 4;
