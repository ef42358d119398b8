import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { setupServer } from 'msw/node';
import { createTestIssuer } from './create-test-issuer.ts';
import { createTestUserPool, type TestUserPool } from './create-test-user-pool.ts';
import { fixedClock } from './fixed-clock.ts';

const clock = fixedClock('2024-02-02T02:02:02Z');
const iat = Date.parse('2024-02-02T02:02:02Z') / 1000;
let pool: TestUserPool;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  pool = await createTestUserPool({
    region: 'ap-southeast-2',
    poolId: 'ap-southeast-2_Abc123XyZ',
    clientId: 'client123',
    clock,
  });
  server = setupServer(...pool.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => server.close());

// Verified with jose directly against the JWKS the pool serves over (mocked) HTTP.
const verify = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(pool.jwksUri)), {
    issuer: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Abc123XyZ',
    currentDate: new Date(clock.now()),
  });

describe('createTestUserPool', () => {
  it('names the pool as Cognito does', () => {
    expect(pool.issuer).toBe('https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Abc123XyZ');
    expect(pool.providerName).toBe('cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Abc123XyZ');
    expect(pool.jwksUri).toBe(`${pool.issuer}/.well-known/jwks.json`);
  });

  it('mints RS256 ID tokens with Cognito’s claims', async () => {
    const token = await pool.idToken({ username: 'alice', email: 'alice@example.com', groups: ['admins'] });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: pool.jwks.keys[0]?.kid });
    const { payload } = await verify(token);
    expect(payload).toMatchObject({
      token_use: 'id',
      aud: 'client123',
      'cognito:username': 'alice',
      'cognito:groups': ['admins'],
      email: 'alice@example.com',
      email_verified: true,
      iat,
      auth_time: iat,
      exp: iat + 3600,
    });
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('mints access tokens with client_id, scope and username', async () => {
    const { payload } = await verify(
      await pool.accessToken({ username: 'bob', scopes: ['openid', 'items/read'] }),
    );
    expect(payload).toMatchObject({
      token_use: 'access',
      client_id: 'client123',
      scope: 'openid items/read',
      username: 'bob',
    });
    expect(payload.aud).toBeUndefined();
  });

  it('gives a user the same sub in every token, and different users different ones', async () => {
    const { idToken, accessToken } = await pool.tokens({ username: 'carol' });
    const [id, access, other] = await Promise.all([
      verify(idToken),
      verify(accessToken),
      verify(await pool.idToken({ username: 'dave' })),
    ]);
    expect(id.payload.sub).toBe(access.payload.sub);
    expect(other.payload.sub).not.toBe(id.payload.sub);
  });

  it('mints expired tokens and tokens claiming another issuer on request', async () => {
    await expect(verify(await pool.idToken({ expiresIn: -1 }))).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
    await expect(verify(await pool.idToken({ issuer: 'https://evil.example.com' }))).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'iss',
    });
  });

  it('serves its OpenID configuration', async () => {
    const response = await fetch(`${pool.issuer}/.well-known/openid-configuration`);
    expect(await response.json()).toMatchObject({ issuer: pool.issuer, jwks_uri: pool.jwksUri });
  });
});

describe('createTestIssuer', () => {
  it('mints tokens that verify against its JWKS, with the default audience', async () => {
    const issuer = await createTestIssuer({
      issuer: 'https://login.example.com/',
      audience: 'my-api',
      clock,
    });
    expect(issuer.jwksUri).toBe('https://login.example.com/.well-known/jwks.json');
    const token = await issuer.sign({ sub: 'alice', scope: 'read' }, { expiresIn: 60 });
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks), {
      issuer: 'https://login.example.com/',
      audience: 'my-api',
      currentDate: new Date(clock.now()),
    });
    expect(payload).toMatchObject({ sub: 'alice', scope: 'read', iat, exp: iat + 60 });
  });
});
