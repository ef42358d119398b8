import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { gatewayLambdaAuthorizer } from './lambda-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';

const ENDPOINT = 'https://lambda.example.com';
const seen: string[] = [];
const gateway = apiGateway({
  endpoint: ENDPOINT,
  authorizer: gatewayLambdaAuthorizer({
    header: 'x-custom-auth',
    authorize(token, request) {
      seen.push(`${request.method} ${token}`);
      if (token === 'allow') return { principalId: 'user-7', context: { plan: 'gold' } };
      if (token === 'yes') return true;
      if (token === 'deny') return false;
      if (token === 'broken') throw new Error('boom');
      return 'unauthorized';
    },
  }),
});
const server = setupServer(...gateway.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const call = (token?: string) =>
  fetch(`${ENDPOINT}/things`, { method: 'POST', headers: token ? { 'x-custom-auth': token } : {} });

describe('gatewayLambdaAuthorizer', () => {
  it('passes the identity source to your function and allows with its principal', async () => {
    const response = await call('allow');
    expect(response.status).toBe(200);
    expect(((await response.json()) as EchoBody).principal).toEqual({
      type: 'lambda',
      principalId: 'user-7',
      context: { plan: 'gold' },
    });
    expect(seen).toContain('POST allow');
    expect((await call('yes')).status).toBe(200);
  });

  it('answers an explicit deny with 403 and API Gateway’s capitalized Message', async () => {
    const response = await call('deny');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      Message: 'User is not authorized to access this resource with an explicit deny',
    });
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it.each([
    ['a missing identity source', undefined],
    ['the function answering Unauthorized', 'nobody'],
  ])('answers %s with 401 {"message":"Unauthorized"}', async (_case, token) => {
    const response = await call(token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  });

  it('answers a throwing function with 500 AuthorizerConfigurationException', async () => {
    const response = await call('broken');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: null });
    expect(response.headers.get('x-amzn-errortype')).toBe('AuthorizerConfigurationException');
  });

  it('never calls the function without an identity source', async () => {
    seen.length = 0;
    await call();
    expect(seen).toEqual([]);
  });
});
