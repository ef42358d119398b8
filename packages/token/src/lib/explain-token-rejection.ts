import type { InterceptorContext, Rejection } from '@ky-auth/core';
import { unverifiedJwtClaims } from '../unverified-jwt-claims.ts';

/** What a token interceptor knows of the token it sent, for {@link explainTokenRejection}. */
export interface SentToken {
  /** The interceptor's name: `cognito`, `oidc`, `lambda`, or yours. */
  readonly name: string;
  /** The header that carries the token, as configured. */
  readonly header: string;
  /** What goes before the token (`'Bearer '`), or `''`. */
  readonly prefix: string;
  /** Whether a token is one this interceptor sent (not one the caller set on the request). */
  readonly sentByUs: (token: string) => boolean;
}

const explicitDeny = /explicit deny/i;

/**
 * Why API Gateway refused a token this interceptor sent, in words: a user-pool authorizer's 401 to an
 * access token (it may want the ID token, or scopes), an expired token, a Lambda authorizer's deny.
 * `undefined` when the request did not carry a token this interceptor sent, or the rejection is not the
 * authorizer's. Names claims (`token_use`, scopes), never the token.
 *
 * @example
 * ```ts
 * explain: (rejection, context) =>
 *   explainTokenRejection(rejection, context, { name, header, prefix, sentByUs: (token) => sent.has(token) }),
 * ```
 */
export function explainTokenRejection(
  rejection: Rejection,
  context: InterceptorContext,
  { name, header, prefix, sentByUs }: SentToken,
): string | undefined {
  const value = rejection.request.headers.get(header);
  const token = value?.startsWith(prefix) ? value.slice(prefix.length) : undefined;
  if (token === undefined || !sentByUs(token)) return undefined;
  const { status, message = '', errorType } = rejection;
  const retried = context.reauthorizing ? ' ky-auth already fetched a fresh token and retried once.' : '';

  if (status === 401 && message === 'The incoming token has expired') {
    return `API Gateway refused the ${name} token in ${header} as expired.${retried} The token source keeps handing out an expired token: the session's refresh token may have expired or been revoked (sign the user in again), or this device's clock is far off.`;
  }
  if (status === 403 && errorType === 'AccessDeniedException') {
    return explicitDeny.test(message)
      ? `The API's Lambda authorizer (or resource policy) denied this caller with an explicit Deny for ${rejection.request.method} ${new URL(rejection.request.url).pathname}: the token was read, and the policy it led to says no. If other methods work, the authorizer's cached policy may cover only the first resource it was asked about: return a policy for every resource the token may call (a wildcard), or turn authorizer caching off.`
      : `The policy the API's Lambda authorizer returned for this token does not allow ${rejection.request.method} ${new URL(rejection.request.url).pathname}. A cached policy covers only the resources it names: return one for every resource the token may call, or turn authorizer caching off.`;
  }
  if (status === 401 && (message === 'Unauthorized' || errorType === 'UnauthorizedException')) {
    if (name === 'lambda') {
      return `The API's Lambda authorizer answered Unauthorized to the token in ${header}: its function rejected the token (it threw 'Unauthorized'), or the authorizer's identity source is another header.${retried}`;
    }
    const claims = unverifiedJwtClaims(token);
    const use = claims?.token_use;
    if (use === 'access') {
      const scopes = typeof claims?.scope === 'string' ? claims.scope : '';
      return `API Gateway refused the access token in ${header} (401 Unauthorized).${retried} A Cognito user-pool authorizer without OAuth scopes on the method accepts only ID tokens: send the ID token (cognitoUserPoolToken({ use: 'id' })), or add to the method the scopes this token carries (${scopes === '' ? 'none' : scopes}).`;
    }
    if (use === 'id') {
      return `API Gateway refused the ID token in ${header} (401 Unauthorized).${retried} A method with OAuth scopes accepts only access tokens (cognitoUserPoolToken({ use: 'access' })); otherwise the token is from another user pool or app client than the authorizer's.`;
    }
    return `API Gateway refused the ${name} token in ${header} (401 Unauthorized).${retried} Check that the authorizer's identity source is ${header}${prefix === '' ? '' : ` and that it accepts the "${prefix.trim()}" scheme`}, and that the token's issuer and audience are the ones it expects.`;
  }
  return undefined;
}
