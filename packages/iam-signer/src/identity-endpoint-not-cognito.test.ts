import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { fromConfig } from '@ky-auth/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { iamAuthorizer } from './iam-authorizer.ts';
import { caught } from './test-support/secrets.ts';

// issue #18: an identityPoolEndpoint that is not Cognito Identity (a web server's HTML 404 page) was
// reported as a refusal, "HTTP 404 (HTTP 404)" with ERR_COGNITO_IDENTITY_REJECTED.
const api = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';
const wrongEndpoint = 'https://identity.example.com/';
const sent: string[] = [];
const server = setupServer(
  http.post(wrongEndpoint, () =>
    HttpResponse.html('<!doctype html><title>404 Not Found</title><h1>Not Found</h1>', { status: 404 }),
  ),
  http.all(`${api}/*`, ({ request }) => {
    sent.push(request.url);
    return HttpResponse.json({ ok: true });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  sent.length = 0;
});
afterAll(() => server.close());

it('an identity endpoint answering an HTML 404 is "not a Cognito Identity response: check the endpoint", not a refusal', async () => {
  const apis = fromConfig(
    {
      aws_project_region: 'us-east-1',
      aws_cognito_region: 'us-east-1',
      aws_cognito_identity_pool_id: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
      aws_cloud_logic_custom: [{ name: 'orders', endpoint: api, region: 'us-east-1' }],
    },
    { authorizers: { AWS_IAM: iamAuthorizer({ identityPoolEndpoint: wrongEndpoint }) } },
  );
  const error = await caught(() => apis.client('orders').get('items', { retry: 0 }));
  expect(error).toMatchObject({ name: 'CredentialsError', code: 'ERR_COGNITO_IDENTITY_INVALID_RESPONSE' });
  expect(error.message).toContain('not a Cognito Identity response');
  expect(error.message).toContain('endpoint');
  expect(error.message).not.toContain('HTTP 404 (HTTP 404)');
  expect(sent).toEqual([]);
});
