import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { forwardTo } from '@ky-auth/token/test-support';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { runReadmeSnippet } from '../../../scripts/readme-snippet.ts';
import { type UserPoolFixture, userPoolFixture } from './test-support/fixture.ts';

// The snippet names Cognito's and API Gateway's public hosts; MSW forwards them to cognito-local and to
// an API that verifies the pool's access tokens.
let f: UserPoolFixture;
let server: ReturnType<typeof setupServer>;
const environment = () => ({
  USER_POOL_ID: f.pool.userPoolId,
  USER_POOL_CLIENT_ID: f.client.clientId,
  EXAMPLE_USERNAME: f.username,
  EXAMPLE_PASSWORD: f.password,
});
beforeAll(async () => {
  f = await userPoolFixture();
  server = setupServer(
    http.all('https://cognito-idp.us-east-1.amazonaws.com/*', forwardTo(f.cognito.endpoint)),
    http.all('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/*', forwardTo(f.accessApi.url)),
  );
  server.listen({ onUnhandledFrame: 'bypass' });
  Object.assign(process.env, environment());
});
afterAll(async () => {
  server.close();
  for (const name of Object.keys(environment())) delete process.env[name];
  await f.close();
});

it("runs the README's opening snippet: the API accepts the user's access token", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(f.accessApi.calls).toEqual([expect.objectContaining({ path: '/prod/profile', status: 200 })]);
});
