import { type JWTPayload, SignJWT } from 'jose';
import type { SigningKey } from './signing-key.ts';

/** Signs `claims` (which carry their own `iat`/`exp`) with `key`, naming it in the `kid` header. */
export function mint(claims: JWTPayload, key: SigningKey): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

export function epochSeconds(date: Date | number | string): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  return Math.floor(ms / 1000);
}
