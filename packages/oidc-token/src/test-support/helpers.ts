import { SignJWT } from 'jose';

const signingKey = new TextEncoder().encode('unit-test-signing-key-not-a-secret');

/** A JWT (signed by jose, HS256) that expires `expiresInSeconds` from `now`, with a unique `jti`. */
export function jwt(
  expiresInSeconds: number,
  now: number = Date.now(),
  claims: Record<string, unknown> = {},
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ ...claims, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInSeconds)
    .sign(signingKey);
}
