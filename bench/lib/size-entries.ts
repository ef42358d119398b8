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

/** A configuration's every authorizer type served, and its custom headers, through `door` from `entry`. */
const everyAuthorizer = (door: string, entry: string) => `
      import { ${door} } from '${entry}';
      import { apiKeyAuthorizer } from '@ky-auth/api-key';
      import { userPoolAuthorizer } from '@ky-auth/cognito-token';
      import { customHeaders } from '@ky-auth/custom-headers';
      import { iamAuthorizer } from '@ky-auth/iam-signer';
      import { oidcAuthorizer } from '@ky-auth/oidc-token';
      import { lambdaAuthorizer } from '@ky-auth/token';
      export const apis = ${door}(${config}, {
        authorizers: {
          AWS_IAM: iamAuthorizer(),
          API_KEY: apiKeyAuthorizer(),
          AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: ${token} }),
          OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: ${token} }),
          AWS_LAMBDA: lambdaAuthorizer({ getToken: ${token} }),
        },
        customHeaders,
      });`;

/** A configuration whose APIs all take an API key, through `door` from `entry`. */
const apiKeyOnly = (door: string, entry: string) => `
      import { ${door} } from '${entry}';
      import { apiKeyAuthorizer } from '@ky-auth/api-key';
      export const apis = ${door}(${config}, { authorizers: { API_KEY: apiKeyAuthorizer() } });`;

export const kyAuthEntries: readonly SizeEntry[] = [
  {
    id: 'api-key',
    label: 'API key only (authHooks + apiKey)',
    target: 3000,
    budget: 4_620,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { apiKey } from '@ky-auth/api-key';
      export const hooks = authHooks([apiKey('my-key')], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'user-pool',
    label: 'User-pool token only (authHooks + cognitoUserPoolToken)',
    target: 4000,
    budget: 5_700,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
      export const hooks = authHooks([cognitoUserPoolToken({ tokens: ${token} })], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'iam',
    label: 'IAM signer (authHooks + iamSigner)',
    target: 9000,
    budget: 9_250,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { iamSigner } from '@ky-auth/iam-signer';
      export const hooks = authHooks([
        iamSigner({ credentials: async () => (await fetch('/credentials')).json(), region: 'us-east-1' }),
      ], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });`,
  },
  {
    id: 'oidc-client',
    label:
      'OIDC client and token (authHooks + oidcClient + oidcToken), oauth4webapi loaded at the first token request',
    budget: 9_400,
    source: `
      import { authHooks } from '@ky-auth/core';
      import { oidcClient, oidcToken } from '@ky-auth/oidc-token';
      const session = oidcClient({ issuer: 'https://login.example.com', clientId: 'spa', refreshToken: localStorage.getItem('refresh') ?? '' });
      export const hooks = authHooks([oidcToken({ getLatestAuthToken: session.getLatestAuthToken, scheme: 'Bearer' })], { endpoint: 'https://api.example.com/' });`,
  },
  {
    id: 'from-config-all',
    label: 'fromConfig + every authorizer + customHeaders',
    target: 14_000,
    budget: 22_050,
    source: everyAuthorizer('fromConfig', '@ky-auth/core'),
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
    source: apiKeyOnly('fromConfig', '@ky-auth/core'),
  },
  // One configuration format's own entry (issue 25): the same door, only that format's reader.
  {
    id: 'from-amplify-outputs-all',
    label: 'fromAmplifyOutputs (@ky-auth/core/config/amplify-outputs) + every authorizer + customHeaders',
    budget: 21_900,
    source: everyAuthorizer('fromAmplifyOutputs', '@ky-auth/core/config/amplify-outputs'),
  },
  {
    id: 'from-amplify-outputs-api-key',
    label: 'fromAmplifyOutputs + apiKeyAuthorizer only',
    budget: 10_620,
    source: apiKeyOnly('fromAmplifyOutputs', '@ky-auth/core/config/amplify-outputs'),
  },
  {
    id: 'from-gen2-config-api-key',
    label: 'fromGen2Config (@ky-auth/core/config/gen2) + apiKeyAuthorizer only',
    budget: 10_610,
    source: apiKeyOnly('fromGen2Config', '@ky-auth/core/config/gen2'),
  },
  {
    id: 'from-aws-exports-api-key',
    label: 'fromAwsExports (@ky-auth/core/config/aws-exports) + apiKeyAuthorizer only',
    budget: 10_810,
    source: apiKeyOnly('fromAwsExports', '@ky-auth/core/config/aws-exports'),
  },
  {
    id: 'from-amplify-configuration-api-key',
    label: 'fromAmplifyConfiguration (@ky-auth/core/config/amplifyconfiguration) + apiKeyAuthorizer only',
    budget: 10_760,
    source: apiKeyOnly('fromAmplifyConfiguration', '@ky-auth/core/config/amplifyconfiguration'),
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

/**
 * The per-format entries' API-key-only bundles (id, and the one style reader file each may hold): each
 * must be smaller than fromConfig's and hold no other style's reader.
 */
export const perFormatEntries: readonly (readonly [id: string, reader: string])[] = [
  ['from-amplify-outputs-api-key', 'amplify-outputs'],
  ['from-gen2-config-api-key', 'gen2'],
  ['from-aws-exports-api-key', 'aws-exports'],
  ['from-amplify-configuration-api-key', 'amplifyconfiguration'],
];

/** fromConfig with only the API-key authorizer must stay at most this share of fromConfig with all. */
export const payForWhatYouUseRatio = 0.5;
