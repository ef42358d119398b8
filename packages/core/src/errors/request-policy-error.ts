import { type Branded, brand } from './brand.ts';
import { KyAuthError } from './ky-auth-error.ts';

/**
 * A request was refused before it left because sending it would put credentials at risk: plain `http:`
 * to a non-loopback host, a redirect to another origin, a header that is not a valid HTTP header. The
 * request is not sent.
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
export class RequestPolicyError extends KyAuthError {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'RequestPolicyError';
}

(RequestPolicyError.prototype as Branded)[brand] = 6;
