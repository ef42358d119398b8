import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { base64url, decodeJwt, SignJWT } from 'jose';
import { unverifiedJwtClaims } from './unverified-jwt-claims.ts';

const key = new TextEncoder().encode('unit-test-signing-key-not-a-secret');
const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('unverifiedJwtClaims', () => {
  it('reads the claims jose decodes from any JWT jose signs', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Unicode strings put every base64url character (- and _ included) and multi-byte UTF-8 in payloads.
        fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
        async (claims) => {
          const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
          expect(unverifiedJwtClaims(token)).toEqual(decodeJwt(token));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a Cognito username with non-ASCII characters as UTF-8', () => {
    const token = `e30.${encode({ 'cognito:username': 'zoë-名前', exp: 1_900_000_000 })}.sig`;
    expect(unverifiedJwtClaims(token)).toEqual({ 'cognito:username': 'zoë-名前', exp: 1_900_000_000 });
  });

  it.each([
    ['an opaque token', 'opaque-access-token'],
    ['two parts', `e30.${encode({ exp: 1 })}`],
    ['a JWE (five parts)', `e30.${encode({ exp: 1 })}.a.b.c`],
    ['an empty payload', 'e30..sig'],
    ['a payload that is not base64url', 'e30.%%%.sig'],
    ['a payload that is not JSON', `e30.${base64url.encode('not json')}.sig`],
    ['a payload that is not UTF-8', `e30.${base64url.encode(new Uint8Array([0x7b, 0xff, 0x7d]))}.sig`],
    ['a JSON array payload', `e30.${encode([1, 2])}.sig`],
    ['a JSON number payload', `e30.${encode(1_900_000_000)}.sig`],
    ['a JSON null payload', `e30.${encode(null)}.sig`],
  ])('answers undefined for %s, as jose refuses it', (_, token) => {
    expect(() => decodeJwt(token)).toThrow();
    expect(unverifiedJwtClaims(token)).toBeUndefined();
  });
});

describe('unverifiedJwtClaims without TextDecoder (React Native before 0.85)', () => {
  const Reference = globalThis.TextDecoder;
  const part = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const jwt = (payload: Uint8Array) =>
    `${part(new TextEncoder().encode('{"alg":"RS256"}'))}.${part(payload)}.c2ln`;

  beforeEach(() => {
    Reflect.deleteProperty(globalThis, 'TextDecoder');
  });
  afterEach(() => {
    globalThis.TextDecoder = Reference;
  });

  it('still reads the claims, expiry included, so the expiry check is not skipped', () => {
    const payload = new TextEncoder().encode(JSON.stringify({ exp: 1_900_000_000, name: 'Zoë O’Brien' }));
    expect(unverifiedJwtClaims(jwt(payload))).toEqual({ exp: 1_900_000_000, name: 'Zoë O’Brien' });
  });

  it('still refuses a payload that is not UTF-8', () => {
    expect(
      unverifiedJwtClaims(jwt(new Uint8Array([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]))),
    ).toBeUndefined();
  });
});
