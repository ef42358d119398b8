import { unverifiedJwtClaims } from './unverified-jwt-claims.ts';

/**
 * When a JWT expires, in ms since the epoch, read from its `exp` claim without verifying it (the API
 * verifies; the client only needs to know when to refresh). `undefined` for an opaque token or a JWT
 * without a numeric `exp`.
 *
 * @param token - A JWT in JWS compact serialization, or any other string.
 *
 * @example
 * ```ts
 * import { jwtExpiry } from '@ky-auth/token';
 *
 * const expiresAt = jwtExpiry(accessToken); // ms since the epoch, or undefined
 * if (expiresAt !== undefined && expiresAt <= Date.now()) console.log('expired');
 * ```
 */
export function jwtExpiry(token: string): number | undefined {
  const exp = unverifiedJwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
