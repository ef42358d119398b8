// A token minter for the tests written straight on jose, independent of createTestUserPool/createTestIssuer.
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';

export interface RawIssuer {
  jwks: JSONWebKeySet;
  sign(claims: JWTPayload, options?: { alg?: string; kid?: string }): Promise<string>;
}

export async function rawIssuer(kid = 'test-key-1'): Promise<RawIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? kid })
        .sign(privateKey),
  };
}

/** `iat`/`exp` around `nowMs`: valid for an hour unless `expiresIn` says otherwise. */
export function lifetime(nowMs: number, expiresIn = 3600): { iat: number; exp: number } {
  const iat = Math.floor(nowMs / 1000);
  return { iat, exp: iat + expiresIn };
}
