import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ConfigError, fromConfig } from '@ky-auth/core';
import { recordingFetch, type UserPoolFixture, userPoolFixture } from './test-support/fixture.ts';
import { userPoolAuthorizer } from './user-pool-authorizer.ts';
import { userPoolSession } from './user-pool-session.ts';

let f: UserPoolFixture;
beforeAll(async () => {
  f = await userPoolFixture();
});
afterAll(() => f.close());

/** An amplifyconfiguration.json with two user-pool APIs and the pool, as in Amplify's native docs. */
const configuration = (endpoint: string, poolId: string) => ({
  api: {
    plugins: {
      awsAPIPlugin: {
        profile: {
          endpointType: 'REST',
          endpoint: `${endpoint}profile`,
          region: 'us-east-1',
          authorizationType: 'AMAZON_COGNITO_USER_POOLS',
        },
        orders: {
          endpointType: 'REST',
          endpoint: `${endpoint}orders`,
          region: 'us-east-1',
          authorizationType: 'AMAZON_COGNITO_USER_POOLS',
        },
      },
    },
  },
  auth: {
    plugins: {
      awsCognitoAuthPlugin: {
        CognitoUserPool: { Default: { PoolId: poolId, AppClientId: f.client.clientId, Region: 'us-east-1' } },
      },
    },
  },
});

const configError = (build: () => unknown): ConfigError => {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

it('fails at load time, naming the API, without tokens', () => {
  const error = configError(() =>
    fromConfig(configuration('https://api.example.com/', f.pool.userPoolId), {
      authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer() },
    }),
  );
  expect(error).toMatchObject({
    code: 'ERR_CONFIG_MISSING_PROVIDER',
    path: 'api.plugins.awsAPIPlugin.profile',
  });
  expect(error.message).toContain('userPoolAuthorizer({ tokens })');
});

it("fails at load time when the session belongs to another pool than the configuration's", () => {
  const session = userPoolSession({ userPoolId: 'us-east-1_Other', clientId: f.client.clientId });
  const error = configError(() =>
    fromConfig(configuration('https://api.example.com/', f.pool.userPoolId), {
      authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }) },
    }),
  );
  expect(error).toMatchObject({
    code: 'ERR_CONFIG_USER_POOL_MISMATCH',
    path: 'api.plugins.awsAPIPlugin.profile',
  });
});

it("serves every user-pool API from one session; the APIs verify the user's access token", async () => {
  const recorder = recordingFetch();
  const session = userPoolSession({
    userPoolId: f.pool.userPoolId,
    clientId: f.client.clientId,
    region: 'us-east-1',
    endpoint: f.cognito.endpoint,
    fetch: recorder.fetch,
  });
  const apis = fromConfig(configuration(f.accessApi.url, f.pool.userPoolId), {
    authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }) },
  });
  await session.signIn({ username: f.username, password: f.password });
  const start = f.accessApi.calls.length;

  expect(await apis.client('profile').get('me').json()).toMatchObject({ path: '/profile/me' });
  expect(await apis.client('orders').get('open').json()).toMatchObject({ path: '/orders/open' });
  const { accessToken } = await session.getTokens();
  expect(f.accessApi.calls.slice(start).map((call) => [call.status, call.token === accessToken])).toEqual([
    [200, true],
    [200, true],
  ]);
  expect(apis.interceptors('profile')).toEqual(apis.interceptors('orders'));
  expect(recorder.actions).toHaveLength(1);
});
