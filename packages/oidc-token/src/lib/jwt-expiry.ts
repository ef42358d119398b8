import { decodeJwt } from 'jose';

/**
 * When a JWT expires, in ms since the epoch, read from its `exp` claim without verifying it (the API
 * verifies; the client only needs to know when to refresh). `undefined` for an opaque token or a JWT
 * without `exp`.
 */
export function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
