/**
 * The typical imports whose browser bundle size is budgeted (bench/size.test.ts) and reported
 * (`pnpm bench`), next to the peers an app would use instead. Each is the smallest program that uses the
 * import for real, so tree shaking keeps exactly what an app would ship. Budgets are gzip bytes, `ky`
 * excluded.
 */

export interface SizeEntry {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  /** The size the issue set as the goal, gzip bytes: reported as met or missed by `pnpm bench`. */
  readonly target?: number;
  /**
   * The ceiling bench/size.test.ts enforces, gzip bytes: today's size with a little room, so growth fails
   * the suite. Where it is above `target`, the gap is open work (see bench/README.md).
   */
  readonly budget?: number;
}

/**
 * The app's configuration (one API of every authorization type, as in a real amplifyconfiguration.json) is
 * the app's data, not ky-auth's code: it comes from outside the bundle.
 */
const config = '(globalThis as { amplifyConfig?: unknown }).amplifyConfig';

const token = `() => localStorage.getItem('token') ?? ''`;

export const kyAuthEntries: readonly SizeEntry[] = [
  {
    id: 'api-key',
    label: 'API key only (authHooks + apiKey)',
    target: 3000,
    budget: 4500,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { apiKey } from '@ky-auth/api-key';
      export const hooks = authHooks([apiKey('my-key')], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'user-pool',
    label: 'User-pool token only (authHooks + cognitoUserPoolToken)',
    target: 4000,
    budget: 5450,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
      export const hooks = authHooks([cognitoUserPoolToken({ tokens: ${token} })], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'iam',
    label: 'IAM signer (authHooks + iamSigner)',
    target: 9000,
    budget: 10_700,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { iamSigner } from '@ky-auth/iam-signer';
      export const hooks = authHooks([
        iamSigner({ credentials: async () => (await fetch('/credentials')).json(), region: 'us-east-1' }),
      ], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'from-config-all',
    label: 'fromConfig + every authorizer + customHeaders',
    target: 14_000,
    budget: 22_500,
    source: `
      import { fromConfig } from '@ky-auth/core';
      import { apiKeyAuthorizer } from '@ky-auth/api-key';
      import { userPoolAuthorizer } from '@ky-auth/cognito-token';
      import { customHeaders } from '@ky-auth/custom-headers';
      import { iamAuthorizer } from '@ky-auth/iam-signer';
      import { oidcAuthorizer } from '@ky-auth/oidc-token';
      import { lambdaAuthorizer } from '@ky-auth/token';
      export const apis = fromConfig(${config}, {
        authorizers: {
          AWS_IAM: iamAuthorizer(),
          API_KEY: apiKeyAuthorizer(),
          AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: ${token} }),
          OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: ${token} }),
          AWS_LAMBDA: lambdaAuthorizer({ getToken: ${token} }),
        },
        customHeaders,
      });`,
  },
  {
    id: 'api-key-ky1',
    label: 'API key only, for ky 1 (authOptions from @ky-auth/core/ky1 + apiKey)',
    source: `
      import { authOptions } from '@ky-auth/core/ky1';
      import { apiKey } from '@ky-auth/api-key';
      export const options = authOptions([apiKey('my-key')], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'from-config-api-key',
    label: 'fromConfig + apiKeyAuthorizer only',
    source: `
      import { fromConfig } from '@ky-auth/core';
      import { apiKeyAuthorizer } from '@ky-auth/api-key';
      export const apis = fromConfig(${config}, { authorizers: { API_KEY: apiKeyAuthorizer() } });`,
  },
];

export const peerEntries: readonly SizeEntry[] = [
  {
    id: 'aws4fetch',
    label: 'aws4fetch (AwsClient)',
    source: `
      import { AwsClient } from 'aws4fetch';
      const client = new AwsClient({ accessKeyId: 'a', secretAccessKey: 'b', region: 'us-east-1', service: 'execute-api' });
      export const send = (url: string) => client.fetch(url);`,
  },
  {
    id: 'aws-amplify',
    label: 'aws-amplify v6 (Amplify.configure + get from aws-amplify/api)',
    source: `
      import { Amplify } from 'aws-amplify';
      import { get } from 'aws-amplify/api';
      Amplify.configure({
        API: { REST: { orders: { endpoint: 'https://a1.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1' } } },
      });
      export const send = () => get({ apiName: 'orders', path: '/items' }).response;`,
  },
];

/** fromConfig with only the API-key authorizer must stay at most this share of fromConfig with all. */
export const payForWhatYouUseRatio = 0.5;
