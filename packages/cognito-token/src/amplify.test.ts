// An Amplify app adopts cognito-token unchanged: Amplify keeps the sign-in (here against cognito-local,
// through Amplify's own `userPoolEndpoint` option), and its `fetchAuthSession` is the token source.

import { ConsoleLogger } from '@aws-amplify/core';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { authHooks } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import ky from 'ky2';
import { cognitoUserPoolToken } from './cognito-user-pool-token.ts';
import { type UserPoolFixture, userPoolFixture } from './test-support/fixture.ts';

let f: UserPoolFixture;
beforeAll(async () => {
  f = await userPoolFixture();
  // Amplify warns that a custom user-pool endpoint is in use: that is this test's point.
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: f.pool.userPoolId,
        userPoolClientId: f.client.clientId,
        userPoolEndpoint: f.cognito.endpoint,
      },
    },
  });
});
afterAll(() => f.close());

it("sends the tokens of Amplify's session, and Amplify refreshes them after a 401", async () => {
  await signIn({
    username: f.username,
    password: f.password,
    options: { authFlowType: 'USER_PASSWORD_AUTH' },
  });
  const http = ky.create({
    retry: 0,
    hooks: authHooks([cognitoUserPoolToken({ tokens: fetchAuthSession })], { endpoint: f.accessApi.url }),
  });
  const amplifyToken = String((await fetchAuthSession()).tokens?.accessToken);
  const start = f.accessApi.calls.length;

  expect((await http.get(`${f.accessApi.url}me`)).status).toBe(200);
  f.accessApi.revoke(amplifyToken);
  // Amplify 6 refreshes with GetTokensFromRefreshToken, which cognito-local lacks; this stand-in forwards
  // it as the InitiateAuth REFRESH_TOKEN_AUTH call that does the same there, and counts it.
  const realFetch = globalThis.fetch;
  const refreshes: string[] = [];
  globalThis.fetch = async (input, init) => {
    const target = new Headers(init?.headers).get('x-amz-target');
    if (target !== 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken')
      return realFetch(input, init);
    const { RefreshToken, ClientId } = JSON.parse(String(init?.body)) as {
      RefreshToken: string;
      ClientId: string;
    };
    refreshes.push(ClientId);
    return realFetch(f.cognito.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId,
        AuthParameters: { REFRESH_TOKEN: RefreshToken },
      }),
    });
  };
  try {
    expect((await http.get(`${f.accessApi.url}me`)).status).toBe(200);
  } finally {
    globalThis.fetch = realFetch;
  }

  const sent = f.accessApi.calls.slice(start);
  expect(sent.map((call) => [call.status, call.token === amplifyToken])).toEqual([
    [200, true],
    [401, true],
    [200, false],
  ]);
  expect(sent[2]?.token).toBe(String((await fetchAuthSession()).tokens?.accessToken));
  expect(refreshes).toEqual([f.client.clientId]);
});

it('fails with ERR_NOT_SIGNED_IN once Amplify has signed out', async () => {
  await signOut();
  const http = ky.create({
    hooks: authHooks([cognitoUserPoolToken({ tokens: fetchAuthSession })], { endpoint: f.accessApi.url }),
  });
  const start = f.accessApi.calls.length;
  expect(await caught(() => http.get(`${f.accessApi.url}me`))).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
  expect(f.accessApi.calls.length).toBe(start);
});

it("follows Amplify's session on one client: user A, signed out (nothing sent), then user B from the next request", async () => {
  const bob = { username: 'bob@example.com', password: 'Bob-Corr3ct-Battery!' };
  await f.pool.createUser(bob.username, bob.password);
  let asked = 0;
  const http = ky.create({
    retry: 0,
    hooks: authHooks(
      [
        cognitoUserPoolToken({
          tokens: (request) => {
            asked += 1;
            return fetchAuthSession(request);
          },
        }),
      ],
      { endpoint: f.accessApi.url },
    ),
  });
  const signInAs = (username: string, password: string) =>
    signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  const amplifyToken = async () => String((await fetchAuthSession()).tokens?.accessToken);
  const subjectOf = (token: string) =>
    (JSON.parse(atob(token.split('.')[1] as string)) as { sub: string }).sub;
  const start = f.accessApi.calls.length;

  await signInAs(f.username, f.password);
  const aliceToken = await amplifyToken();
  expect((await http.get(`${f.accessApi.url}me`)).status).toBe(200);
  await signOut();
  expect(await caught(() => http.get(`${f.accessApi.url}me`))).toMatchObject({
    name: 'TokenError',
    code: 'ERR_NOT_SIGNED_IN',
  });
  await signInAs(bob.username, bob.password);
  const bobToken = await amplifyToken();
  expect((await http.get(`${f.accessApi.url}me`)).status).toBe(200);
  await signOut();

  expect(f.accessApi.calls.slice(start).map((call) => [call.status, call.token])).toEqual([
    [200, aliceToken],
    [200, bobToken],
  ]);
  expect(subjectOf(bobToken)).not.toBe(subjectOf(aliceToken));
  // The cost of asking on every request: one call of the app's function per request, no more.
  expect(asked).toBe(3);
});
