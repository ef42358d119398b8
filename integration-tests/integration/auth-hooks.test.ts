/**
 * Hand-composed interceptors on ky 1 and ky 2 clients, against the API Gateway stand-in: the
 * combinations the seeds document (an API key beside a SigV4 signature, a user-set Cognito token on a
 * default-IAM API) and the rejections a wrong header or a CORS preflight cause.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey } from '@ky-auth/api-key';
import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { iamSigner } from '@ky-auth/iam-signer';
import {
  apiGateway,
  createTestUserPool,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
} from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { setupServer } from 'msw/node';

const region = 'eu-west-1';
const credentials = {
  accessKeyId: 'AKIAHANDCOMPOSED0001',
  secretAccessKey: 'hand-composed-secret/0123456789',
};
const key = 'hand-composed-api-key-0123456789';
const pool = await createTestUserPool({ region });

const signedAndKeyed = apiGateway({
  endpoint: `https://signed001.execute-api.${region}.amazonaws.com/prod`,
  authorizer: [
    gatewayIamAuthorizer({ credentials: [credentials], region }),
    gatewayApiKeyAuthorizer({ keys: [key] }),
  ],
});
const tokenAndKeyed = apiGateway({
  endpoint: `https://token0001.execute-api.${region}.amazonaws.com/prod`,
  authorizer: [gatewayCognitoUserPoolAuthorizer(pool), gatewayApiKeyAuthorizer({ keys: [key] })],
});
const strictCors = apiGateway({
  endpoint: `https://cors00001.execute-api.${region}.amazonaws.com/prod`,
  authorizer: gatewayApiKeyAuthorizer({ keys: [key] }),
  cors: {
    enforce: true,
    allowOrigin: 'https://app.example.com',
    allowHeaders: ['content-type', 'authorization'],
  },
});

const server = setupServer(...signedAndKeyed.handlers, ...tokenAndKeyed.handlers, ...strictCors.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  for (const gateway of [signedAndKeyed, tokenAndKeyed, strictCors]) gateway.reset();
});
afterAll(() => server.close());

const tokens = async () => pool.tokens({ username: 'bob' });

// Each ky major with what ky-auth gives it (ky 2: authHooks from @ky-auth/core; ky 1: authOptions from
// @ky-auth/core/ky1, its hooks and fetch).
describe.each([
  {
    major: 1,
    install: authOptions,
    client: (prefix: string, auth: Partial<AuthOptions>) => ky1.create({ prefixUrl: prefix, ...auth }),
  },
  {
    major: 2,
    install: (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
    client: (prefix: string, auth: Partial<AuthOptions>) => ky2.create({ prefix, ...auth }),
  },
])('hand-composed interceptors on ky $major', ({ install, client }) => {
  it('sends an API key beside a SigV4 signature that covers it', async () => {
    const api = client(
      signedAndKeyed.endpoint,
      install([iamSigner({ credentials, region }), apiKey(key)], { endpoint: signedAndKeyed.endpoint }),
    );
    const echo = await api
      .post('orders', { json: { item: 'book', quantity: 2 } })
      .json<{ principals: unknown[] }>();
    expect(echo.principals).toHaveLength(2);
    expect(signedAndKeyed.calls.map((call) => call.outcome)).toEqual(['accepted']);
  });

  it('leaves a user-set Authorization alone on an IAM-signed client (calling a Cognito authorizer)', async () => {
    const api = client(
      tokenAndKeyed.endpoint,
      install([iamSigner({ credentials, region }), apiKey(key)], { endpoint: tokenAndKeyed.endpoint }),
    );
    const { idToken } = await tokens();
    await api.get('me', { headers: { authorization: idToken } }).json();
    expect(tokenAndKeyed.calls.map((call) => call.outcome)).toEqual(['accepted']);
  });

  it('sends the user-pool access token with an API key', async () => {
    const api = client(
      tokenAndKeyed.endpoint,
      install([cognitoUserPoolToken({ tokens }), apiKey(key)], { endpoint: tokenAndKeyed.endpoint }),
    );
    await api.get('me').json();
    expect(tokenAndKeyed.calls.map((call) => [call.outcome, call.principal])).toEqual([
      ['accepted', expect.objectContaining({ claims: expect.objectContaining({ token_use: 'access' }) })],
    ]);
  });

  it('a wrong API key beside a valid signature is still refused with 403 Forbidden', async () => {
    const api = client(
      signedAndKeyed.endpoint,
      install([iamSigner({ credentials, region }), apiKey('wrong')], { endpoint: signedAndKeyed.endpoint }),
    );
    const error = (await api.get('orders').catch((caught: unknown) => caught)) as { response: Response };
    expect(error.response.status).toBe(403);
    expect(signedAndKeyed.calls.map((call) => [call.outcome, call.errorType])).toEqual([
      ['rejected', 'ForbiddenException'],
    ]);
  });

  it('an auth header the CORS preflight does not allow is blocked, as a browser would', async () => {
    const api = client(strictCors.endpoint, install([apiKey(key)], { endpoint: strictCors.endpoint }));
    await api
      .get('items', { headers: { origin: 'https://app.example.com' }, retry: 0 })
      .catch(() => undefined);
    expect(strictCors.calls.map((call) => call.outcome)).toEqual(['cors-blocked']);
    expect(strictCors.count({ outcome: 'accepted' })).toBe(0);
  });
});
