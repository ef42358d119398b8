import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { fixedClock } from './fixed-clock.ts';
import { gatewayJwtAuthorizer } from './jwt-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';
import { lifetime, type RawIssuer, rawIssuer } from './test-support/tokens.ts';

const ENDPOINT = 'https://httpapi.execute-api.us-east-1.amazonaws.com';
const ISSUER = 'https://login.example.com/';
const clock = fixedClock('2024-06-01T08:00:00Z');
let issuer: RawIssuer;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  issuer = await rawIssuer();
  const options = { issuer: ISSUER, jwks: issuer.jwks, audience: ['orders-api', 'spa-client'] };
  const gateway = apiGateway({
    endpoint: ENDPOINT,
    clock,
    authorizer: gatewayJwtAuthorizer(options),
    routes: [
      { path: '/open' },
      {
        path: '/orders',
        authorizer: gatewayJwtAuthorizer({ ...options, scopes: ['orders:read', 'orders:admin'] }),
      },
    ],
  });
  server = setupServer(...gateway.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => server.close());

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'user-1',
  aud: 'orders-api',
  ...lifetime(clock.now()),
  ...overrides,
});
const call = (path: string, token?: string) =>
  fetch(`${ENDPOINT}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

async function expectInvalidToken(response: Response, description: string) {
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ message: 'Unauthorized' });
  expect(response.headers.get('www-authenticate')).toBe(
    `Bearer scope="" error="invalid_token" error_description="${description}"`,
  );
}

describe('gatewayJwtAuthorizer', () => {
  it('accepts a token of the issuer for one of the audiences', async () => {
    const response = await call('/open', await issuer.sign(claims()));
    expect(response.status).toBe(200);
    expect(((await response.json()) as EchoBody).principal).toMatchObject({
      type: 'jwt',
      claims: { sub: 'user-1' },
    });
  });

  it('accepts client_id in place of a missing aud, as HTTP APIs do', async () => {
    expect(
      (await call('/open', await issuer.sign(claims({ aud: undefined, client_id: 'spa-client' })))).status,
    ).toBe(200);
  });

  it('checks aud, not client_id, when both are present', async () => {
    const token = await issuer.sign(claims({ aud: 'someone-else', client_id: 'spa-client' }));
    await expectInvalidToken(await call('/open', token), 'the token does not have a valid audience');
  });

  it('answers a missing token with 401 Unauthorized', async () => {
    const response = await call('/open');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers another issuer with 401 and says why in www-authenticate', async () => {
    await expectInvalidToken(
      await call('/open', await issuer.sign(claims({ iss: 'https://evil.example.com/' }))),
      'the token does not have a valid issuer',
    );
  });

  it('answers an expired token with 401', async () => {
    await expectInvalidToken(
      await call('/open', await issuer.sign(claims(lifetime(clock.now() - 3 * 3600_000)))),
      'the token has expired',
    );
  });

  it('accepts a token with one of the route’s scopes, in scope or scp', async () => {
    expect((await call('/orders', await issuer.sign(claims({ scope: 'profile orders:read' })))).status).toBe(
      200,
    );
    expect((await call('/orders', await issuer.sign(claims({ scp: ['orders:admin'] })))).status).toBe(200);
  });

  it('answers a valid token without the route’s scopes with 403 Forbidden insufficient_scope', async () => {
    const response = await call('/orders', await issuer.sign(claims({ scope: 'profile' })));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
