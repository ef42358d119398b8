import { unverifiedJwtClaims } from '../unverified-jwt-claims.ts';

/**
 * When a JWT expires, in ms since the epoch, read from its `exp` claim without verifying it (the API
 * verifies; the client only needs to know when to refresh). `undefined` for an opaque token or a JWT
 * without a numeric `exp`.
 */
export function jwtExpiry(token: string): number | undefined {
  const exp = unverifiedJwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
