// The React Native program: what an app does with ky-auth, one scenario per function, written as a user
// would (published packages, imported by name). runtimes/react-native.test.ts bundles it with Metro for
// each React Native release and runs every scenario against a stand-in AWS that verifies what it gets.
import { apiKey, apiKeyAuthorizer } from '@ky-auth/api-key';
import { cognitoUserPoolToken, userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import { fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import {
  fromCognitoIdentityPool,
  iamAuthorizer,
  iamSigner,
  presignUrl,
  signRequest,
} from '@ky-auth/iam-signer';
import { oidcClient, oidcToken } from '@ky-auth/oidc-token';
import { lambdaToken } from '@ky-auth/token';

const region = 'us-east-1';
const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
const userPoolId = 'us-east-1_Example01';
const clientId = '4example5client6id7890abcd';
const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const key = 'da2-examplecatalogkey0000000';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const user = { username: 'alice@example.com', password: 'Correct-Horse-9' };

const amplifyConfiguration = {
  api: {
    plugins: {
      awsAPIPlugin: {
        orders: { endpointType: 'REST', endpoint, region, authorizationType: 'IAM' },
        catalog: { endpointType: 'REST', endpoint, region, authorizationType: 'API_KEY', API_KEY: key },
        profile: { endpointType: 'REST', endpoint, region, authorizationType: 'COGNITO_USER_POOL' },
      },
    },
  },
  auth: {
    plugins: {
      awsCognitoAuthPlugin: {
        CredentialsProvider: { CognitoIdentity: { Default: { PoolId: identityPoolId, Region: region } } },
        CognitoUserPool: { Default: { PoolId: userPoolId, AppClientId: clientId, Region: region } },
      },
    },
  },
};

/** What a failed call is, for the test to compare: its class, code and message. */
const failure = (error) => ({
  name: error.name,
  code: error.code,
  message: String(error.message),
  ...(error.cause !== undefined && { cause: failure(error.cause) }),
});
const attempt = async (call) => {
  try {
    return { ok: await call() };
  } catch (error) {
    return { failed: failure(error) };
  }
};

/**
 * Every scenario, for one ky major: `client(interceptors)` makes a ky instance for the API with ky-auth's
 * hooks; `forConfig` is what `fromConfig` takes for that major (`authHooks` or ky 1's `authOptions`);
 * `base` a plain ky instance.
 */
export function scenarios({ client, forConfig, base }) {
  const session = userPoolSession({ userPoolId, clientId });
  const secretSession = userPoolSession({
    userPoolId,
    clientId: '7secret8client9id0123456',
    clientSecret: 'the-app-client-secret-0123456789abcdef',
  });
  return {
    signRequestPost: () =>
      attempt(async () => {
        const body = JSON.stringify({ sku: 'widget-42' });
        const request = new Request(`${endpoint}orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return (await fetch(await signRequest(request, { credentials, body }))).json();
      }),
    signRequestGet: () =>
      attempt(async () =>
        (await fetch(await signRequest(new Request(`${endpoint}orders`), { credentials }))).json(),
      ),
    presignUrl: () =>
      attempt(async () =>
        (
          await fetch(
            await presignUrl(`${endpoint}presigned?day=2024-05-01`, { credentials, expiresIn: 300 }),
          )
        ).json(),
      ),
    apiKey: () =>
      attempt(() =>
        client([apiKey(key)])
          .get('catalog')
          .json(),
      ),
    userPoolToken: (accessToken) =>
      attempt(() =>
        client([cognitoUserPoolToken({ tokens: async () => ({ accessToken }) })])
          .get('profile')
          .json(),
      ),
    iamGet: () =>
      attempt(() =>
        client([iamSigner({ credentials })])
          .get('orders')
          .json(),
      ),
    iamPost: () =>
      attempt(() =>
        client([iamSigner({ credentials })])
          .post('orders', { json: { sku: 'widget-42' } })
          .json(),
      ),
    identityPoolGuest: () =>
      attempt(() =>
        client([iamSigner({ credentials: fromCognitoIdentityPool({ identityPoolId }) })])
          .get('orders')
          .json(),
      ),
    userPoolSession: () =>
      attempt(async () => {
        await session.signIn(user);
        const api = client([cognitoUserPoolToken({ tokens: session })]);
        const first = await api.get('profile').json();
        // A refresh, as when the access token expires: REFRESH_TOKEN_AUTH with the stored refresh token.
        const refreshed = userPoolSession({ userPoolId, clientId, tokens: await session.getTokens() });
        await refreshed.getTokens({ forceRefresh: true });
        return {
          first,
          afterRefresh: await client([cognitoUserPoolToken({ tokens: refreshed })])
            .get('profile')
            .json(),
        };
      }),
    userPoolSessionWithSecret: () =>
      attempt(async () => {
        await secretSession.signIn(user);
        return client([cognitoUserPoolToken({ tokens: secretSession })])
          .get('profile')
          .json();
      }),
    identityPoolSignedIn: () =>
      attempt(async () => {
        await session.signIn(user);
        const logins = async () => ({
          [`cognito-idp.${region}.amazonaws.com/${userPoolId}`]: (await session.getTokens()).idToken,
        });
        return client([iamSigner({ credentials: fromCognitoIdentityPool({ identityPoolId, logins }) })])
          .get('orders')
          .json();
      }),
    oidcClient: () =>
      attempt(() => {
        const service = oidcClient({
          issuer: 'https://login.example.com',
          clientId: 'reports',
          clientSecret: 'reports-client-secret-example',
          scope: 'api:read',
        });
        return client([oidcToken({ getLatestAuthToken: service.getLatestAuthToken, scheme: 'Bearer' })])
          .get('partner')
          .json();
      }),
    oidcRefresh: () =>
      attempt(async () => {
        // A user's session from the app's own sign-in: a public client and its refresh token. The answer
        // carries an ID token, which the client decodes and checks; before 0.85 with a TextDecoder lent
        // only while oauth4webapi loads.
        const session = oidcClient({
          issuer: 'https://login.example.com',
          clientId: 'mobile-app',
          refreshToken: 'mobile-app-refresh-token-example',
        });
        const partner = await client([
          oidcToken({ getLatestAuthToken: session.getLatestAuthToken, scheme: 'Bearer' }),
        ])
          .get('partner')
          .json();
        return { partner, textDecoderAfter: typeof globalThis.TextDecoder };
      }),
    lambdaToken: () =>
      attempt(() =>
        client([lambdaToken({ getToken: () => 'partner-token-example', header: 'x-partner-token' })])
          .get('lambda-partner')
          .json(),
      ),
    customHeaders: () =>
      attempt(() =>
        client([customHeaders({ 'x-tenant': 'acme' })])
          .get('public')
          .json(),
      ),
    fromConfigNone: () =>
      attempt(() =>
        fromConfig(
          {
            api: {
              plugins: {
                awsAPIPlugin: {
                  open: { endpointType: 'REST', endpoint, region, authorizationType: 'NONE' },
                },
              },
            },
          },
          forConfig,
        )
          .client('open', base)
          .get('public')
          .json(),
      ),
    explainedTokenRejection: () =>
      attempt(async () => {
        await session.signIn(user);
        // The access token, to a method whose authorizer takes ID tokens only: refused with 401.
        return client([cognitoUserPoolToken({ tokens: session })], { retry: 0 })
          .get('id-only')
          .json();
      }),
    fromConfig: () =>
      attempt(async () => {
        await session.signIn(user);
        const apis = fromConfig(amplifyConfiguration, {
          ...forConfig,
          authorizers: {
            AWS_IAM: iamAuthorizer(),
            API_KEY: apiKeyAuthorizer(),
            AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }),
          },
        });
        return {
          orders: await apis.client('orders', base).get('orders').json(),
          catalog: await apis.client('catalog', base).get('catalog').json(),
          profile: await apis.client('profile', base).get('profile').json(),
        };
      }),
    clockSkewRetry: () =>
      attempt(() =>
        client([iamSigner({ credentials })])
          .get('skewed')
          .json(),
      ),
    explainedRejection: () =>
      attempt(() =>
        client([iamSigner({ credentials })], { retry: 0 })
          .get('denied')
          .json(),
      ),
    redirectWithApiKey: () =>
      attempt(() =>
        client([apiKey(key)])
          .get('moved')
          .json(),
      ),
    redirectSigned: () =>
      attempt(() =>
        client([iamSigner({ credentials })])
          .get('moved')
          .json(),
      ),
  };
}
