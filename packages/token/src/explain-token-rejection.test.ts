import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import {
  apiGateway,
  createTestUserPool,
  gatewayCognitoUserPoolAuthorizer,
  gatewayLambdaAuthorizer,
} from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { setupServer } from 'msw/node';
import { tokenInterceptor } from './token-interceptor.ts';

// What a caller catches when an API Gateway authorizer (the emulator, answering as production does) refuses
// a token ky-auth sent: ky's HTTPError, its message ending with why.

const pool = await createTestUserPool({ region: 'us-east-1' });
const host = 'https://tok123.execute-api.us-east-1.amazonaws.com';
const idOnly = apiGateway({
  endpoint: `${host}/id-only`,
  authorizer: gatewayCognitoUserPoolAuthorizer({ issuer: pool.issuer, jwks: pool.jwks, tokenUse: 'id' }),
});
const scoped = apiGateway({
  endpoint: `${host}/scoped`,
  authorizer: gatewayCognitoUserPoolAuthorizer({
    issuer: pool.issuer,
    jwks: pool.jwks,
    scopes: ['items/write'],
  }),
});
const denying = apiGateway({
  endpoint: `${host}/lambda`,
  authorizer: gatewayLambdaAuthorizer({ authorize: (token) => token === 'allowed' }),
});
const server = setupServer(...idOnly.handlers, ...scoped.handlers, ...denying.handlers, ...pool.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const majors = [
  {
    major: 1,
    auth: (interceptor: Interceptor): Partial<AuthOptions> => authOptions([interceptor], { endpoint: host }),
    client: (prefix: string, auth: Partial<AuthOptions>) =>
      ky1.create({ prefixUrl: prefix, ...auth, retry: 0 }),
  },
  {
    major: 2,
    auth: (interceptor: Interceptor): Partial<AuthOptions> => ({
      hooks: authHooks([interceptor], { endpoint: host }),
    }),
    client: (prefix: string, auth: Partial<AuthOptions>) => ky2.create({ prefix, ...auth, retry: 0 }),
  },
] as const;

/** The HTTPError's message; the token appears nowhere in what ky-auth adds to it. */
async function caught(
  { auth, client }: (typeof majors)[number],
  endpoint: string,
  name: string,
  token: string,
): Promise<string> {
  const api = client(endpoint, auth(tokenInterceptor({ name, source: () => token })));
  const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
  expect(error.name).toBe('HTTPError');
  const {
    request: _request,
    options: _options,
    response: _response,
    data: _data,
    ...own
  } = error as never as Record<string, unknown>;
  expect([error.message, error.stack, inspect(own), JSON.stringify(own)].join('\n')).not.toContain(token);
  return error.message;
}

describe.each(majors)('through ky $major, a refused token says why', (major) => {
  it('an access token refused by a user-pool authorizer without scopes: send the ID token, or add scopes', async () => {
    const token = await pool.accessToken({ scopes: ['items/read'] });
    const message = await caught(major, idOnly.endpoint, 'cognito', token);
    expect(message).toContain('Request failed with status code 401');
    expect(message).toContain(
      "A Cognito user-pool authorizer without OAuth scopes on the method accepts only ID tokens: send the ID token (cognitoUserPoolToken({ use: 'id' })), or add to the method the scopes this token carries (items/read).",
    );
    // The 401 made the interceptor fetch a token again and retry once: the message says so.
    expect(message).toContain('ky-auth already fetched a fresh token and retried once.');
  });

  it('an ID token refused by a method with scopes: send the access token', async () => {
    const message = await caught(major, scoped.endpoint, 'cognito', await pool.idToken());
    expect(message).toContain(
      "A method with OAuth scopes accepts only access tokens (cognitoUserPoolToken({ use: 'access' }))",
    );
  });

  it('an expired token: sign in again, or check the clock', async () => {
    const message = await caught(major, idOnly.endpoint, 'cognito', await pool.idToken({ expiresIn: -60 }));
    expect(message).toContain('API Gateway refused the cognito token in Authorization as expired.');
    expect(message).toContain('sign the user in again');
  });

  it("a Lambda authorizer's explicit deny: the policy says no, and cached policies are a common cause", async () => {
    const message = await caught(major, denying.endpoint, 'lambda', 'refused-token');
    expect(message).toContain('Request failed with status code 403');
    expect(message).toContain(
      "The API's Lambda authorizer (or resource policy) denied this caller with an explicit Deny for GET /lambda/items",
    );
    expect(message).toContain('turn authorizer caching off');
  });
});
