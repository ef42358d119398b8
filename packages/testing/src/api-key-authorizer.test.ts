import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { gatewayApiKeyAuthorizer } from './api-key-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';

const ENDPOINT = 'https://keys.execute-api.eu-west-1.amazonaws.com/dev';
const gateway = apiGateway({
  endpoint: ENDPOINT,
  authorizer: gatewayApiKeyAuthorizer({
    keys: ['da2-plain-key', { name: 'mobile', value: 'da2-mobile-key' }],
  }),
});
const server = setupServer(...gateway.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describe('gatewayApiKeyAuthorizer', () => {
  it.each([
    ['da2-plain-key', 'key-1'],
    ['da2-mobile-key', 'mobile'],
  ])('accepts the key %s and names it as the principal', async (key, name) => {
    const response = await fetch(`${ENDPOINT}/items`, { headers: { 'x-api-key': key } });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    expect(echo.principal).toEqual({ type: 'apiKey', name });
    expect(echo.headers['x-api-key']).toBe('<redacted>');
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'da2-wrong-key'],
    ['in another header', undefined],
  ])('answers a %s key with 403 {"message":"Forbidden"} ForbiddenException', async (_case, key) => {
    const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
    if (_case === 'in another header') headers.authorization = 'da2-plain-key';
    const response = await fetch(`${ENDPOINT}/items`, { headers });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
    expect(response.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
  });
});
