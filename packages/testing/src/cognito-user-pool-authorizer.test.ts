import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { gatewayCognitoUserPoolAuthorizer } from './cognito-user-pool-authorizer.ts';
import { fixedClock } from './fixed-clock.ts';
import type { EchoBody } from './lib/echo.ts';
import { lifetime, type RawIssuer, rawIssuer } from './test-support/tokens.ts';

const ENDPOINT = 'https://pool.execute-api.us-east-1.amazonaws.com/prod';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1';
const CLIENT = 'client-for-tests-0001';
const clock = fixedClock('2024-03-01T12:00:00Z');
let pool: RawIssuer;
let impostor: RawIssuer;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  pool = await rawIssuer();
  impostor = await rawIssuer('test-key-1');
  const options = { issuer: ISSUER, jwks: pool.jwks };
  const gateway = apiGateway({
    endpoint: ENDPOINT,
    clock,
    authorizer: gatewayCognitoUserPoolAuthorizer({ ...options, clientIds: [CLIENT] }),
    routes: [
      { path: '/either' },
      { path: '/id-only', authorizer: gatewayCognitoUserPoolAuthorizer({ ...options, tokenUse: 'id' }) },
      {
        path: '/access-only',
        authorizer: gatewayCognitoUserPoolAuthorizer({ ...options, tokenUse: 'access' }),
      },
      {
        path: '/scoped',
        authorizer: gatewayCognitoUserPoolAuthorizer({ ...options, scopes: ['items/read'] }),
      },
      {
        path: '/remote-keys',
        authorizer: gatewayCognitoUserPoolAuthorizer({
          issuer: ISSUER,
          jwks: `${ISSUER}/.well-known/jwks.json`,
        }),
      },
    ],
  });
  server = setupServer(
    ...gateway.handlers,
    http.get(`${ISSUER}/.well-known/jwks.json`, () => HttpResponse.json(pool.jwks)),
  );
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => server.close());

const idClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'c0ffee00-0000-4000-8000-000000000001',
  aud: CLIENT,
  iss: ISSUER,
  token_use: 'id',
  'cognito:username': 'alice',
  auth_time: lifetime(clock.now()).iat,
  ...lifetime(clock.now()),
  ...overrides,
});
const accessClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'c0ffee00-0000-4000-8000-000000000001',
  client_id: CLIENT,
  iss: ISSUER,
  token_use: 'access',
  scope: 'openid items/read',
  username: 'alice',
  ...lifetime(clock.now()),
  ...overrides,
});

const call = (path: string, authorization?: string) =>
  fetch(`${ENDPOINT}${path}`, { headers: authorization === undefined ? {} : { authorization } });

async function expectUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ message: 'Unauthorized' });
  expect(response.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
}

describe('gatewayCognitoUserPoolAuthorizer accepts', () => {
  it('an ID token, raw as Amplify sends it', async () => {
    const response = await call('/either', await pool.sign(idClaims()));
    expect(response.status).toBe(200);
    const { principal } = (await response.json()) as EchoBody;
    expect(principal).toMatchObject({
      type: 'cognitoUserPools',
      tokenUse: 'id',
      claims: { 'cognito:username': 'alice' },
    });
  });

  it('an ID token with a Bearer prefix', async () => {
    expect((await call('/either', `Bearer ${await pool.sign(idClaims())}`)).status).toBe(200);
  });

  it('an access token', async () => {
    const response = await call('/either', await pool.sign(accessClaims()));
    expect(response.status).toBe(200);
    expect(((await response.json()) as EchoBody).principal).toMatchObject({
      tokenUse: 'access',
      scopes: ['openid', 'items/read'],
    });
  });

  it('an access token holding one of the method’s scopes', async () => {
    expect((await call('/scoped', await pool.sign(accessClaims()))).status).toBe(200);
  });

  it('a token checked against keys fetched from the pool’s JWKS URL', async () => {
    expect((await call('/remote-keys', await pool.sign(idClaims()))).status).toBe(200);
  });
});

describe('gatewayCognitoUserPoolAuthorizer answers 401 Unauthorized to', () => {
  it('no token', async () => {
    await expectUnauthorized(await call('/either'));
  });

  it('an empty Bearer', async () => {
    await expectUnauthorized(await call('/either', 'Bearer '));
  });

  it('an expired token, saying so as API Gateway does', async () => {
    const response = await call('/either', await pool.sign(idClaims(lifetime(clock.now() - 7200_000))));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'The incoming token has expired' });
    expect(response.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  });

  it('a token signed by another pool’s key, even claiming this issuer and key id', async () => {
    await expectUnauthorized(await call('/either', await impostor.sign(idClaims())));
  });

  it('a token of this key but another issuer', async () => {
    const otherIssuer = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool';
    await expectUnauthorized(await call('/either', await pool.sign(idClaims({ iss: otherIssuer }))));
  });

  it('an access token where ID tokens are required, and the reverse', async () => {
    await expectUnauthorized(await call('/id-only', await pool.sign(accessClaims())));
    await expectUnauthorized(await call('/access-only', await pool.sign(idClaims())));
  });

  it('a token without token_use', async () => {
    await expectUnauthorized(await call('/either', await pool.sign(idClaims({ token_use: undefined }))));
  });

  it('a token of another app client', async () => {
    await expectUnauthorized(await call('/either', await pool.sign(idClaims({ aud: 'another-client' }))));
    await expectUnauthorized(
      await call('/either', await pool.sign(accessClaims({ client_id: 'another-client' }))),
    );
  });

  it('an ID token, or an access token without the scope, on a method with scopes', async () => {
    await expectUnauthorized(await call('/scoped', await pool.sign(idClaims())));
    await expectUnauthorized(await call('/scoped', await pool.sign(accessClaims({ scope: 'openid' }))));
  });

  it('an HS256 token and garbage', async () => {
    const hs256 = await new SignJWT(idClaims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret of enough length!'));
    await expectUnauthorized(await call('/either', hs256));
    await expectUnauthorized(await call('/either', 'not.a.jwt'));
  });
});
