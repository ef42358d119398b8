/**
 * The integration suite: every authorization type of every configuration style, through `fromConfig`,
 * against the API Gateway stand-in. Accepted when right; API Gateway's own rejection when the key,
 * token, signature or clock is wrong; nothing sent to another origin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { type ConfiguredApis, fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer } from '@ky-auth/oidc-token';
import {
  apiGateway,
  cognitoIdentity,
  createTestIssuer,
  createTestUserPool,
  fixedClock,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
  gatewayJwtAuthorizer,
  gatewayLambdaAuthorizer,
} from '@ky-auth/testing';
import { lambdaAuthorizer } from '@ky-auth/token';
import ky, { type HTTPError } from 'ky';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const region = 'us-east-1';
const endpoint = (id: string) => `https://${id}.execute-api.${region}.amazonaws.com/prod`;
const identityPoolId = `${region}:00000000-0000-4000-8000-000000000001`;
const guestRole = {
  accessKeyId: 'ASIAGUESTROLE0000001',
  secretAccessKey: 'guest-secret-key/0123456789',
  sessionToken: 'guest-session-token',
};
const apiKeyValue = 'integration-api-key-0123456789abcdef';
const lambdaTokenValue = 'lambda-allow-token-0123';

const pool = await createTestUserPool({ region });
const issuer = await createTestIssuer({ issuer: 'https://issuer.example.com', audience: 'orders-api' });
const identity = cognitoIdentity({
  region,
  identityPoolId,
  allowUnauthenticated: true,
  roles: { unauth: guestRole },
});

const gateways = {
  iam: apiGateway({
    endpoint: endpoint('iam0000001'),
    authorizer: gatewayIamAuthorizer({ credentials: [guestRole], region }),
  }),
  iamAlias: apiGateway({
    endpoint: endpoint('iam0000002'),
    authorizer: gatewayIamAuthorizer({ credentials: [guestRole], region }),
  }),
  key: apiGateway({
    endpoint: endpoint('key0000001'),
    authorizer: gatewayApiKeyAuthorizer({ keys: [apiKeyValue] }),
  }),
  keyUpper: apiGateway({
    endpoint: endpoint('key0000002'),
    authorizer: gatewayApiKeyAuthorizer({ keys: [apiKeyValue] }),
  }),
  pool: apiGateway({ endpoint: endpoint('pool000001'), authorizer: gatewayCognitoUserPoolAuthorizer(pool) }),
  poolAlias: apiGateway({
    endpoint: endpoint('pool000002'),
    authorizer: gatewayCognitoUserPoolAuthorizer({ ...pool, tokenUse: 'access' }),
  }),
  oidc: apiGateway({
    endpoint: endpoint('oidc000001'),
    authorizer: gatewayJwtAuthorizer({ issuer: issuer.issuer, audience: 'orders-api', jwks: issuer.jwks }),
  }),
  lambda: apiGateway({
    endpoint: endpoint('lambda0001'),
    authorizer: gatewayLambdaAuthorizer({ authorize: (token) => token === lambdaTokenValue }),
  }),
  open: apiGateway({ endpoint: endpoint('open000001') }),
};

/** Requests that reached an origin no API of the configuration lives on. */
const elsewhere: Request[] = [];
const server = setupServer(
  ...Object.values(gateways).flatMap((gateway) => gateway.handlers),
  ...identity.handlers,
  ...pool.handlers,
  ...issuer.handlers,
  http.all('https://elsewhere.example.org/*', ({ request }) => {
    elsewhere.push(request);
    return HttpResponse.json({ elsewhere: true });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  for (const gateway of Object.values(gateways)) gateway.reset();
  identity.reset();
  elsewhere.length = 0;
});
afterAll(() => server.close());

const entry = (id: string, authorizationType: string, extra: Record<string, string> = {}) => ({
  endpointType: 'REST',
  endpoint: endpoint(id),
  region,
  authorizationType,
  ...extra,
});

/** A native amplifyconfiguration.json with one API per authorization type and spelling. */
const amplifyConfiguration = {
  UserAgent: 'aws-amplify-cli/2.0',
  Version: '1.0',
  api: {
    plugins: {
      awsAPIPlugin: {
        iam: entry('iam0000001', 'AWS_IAM'),
        iamAlias: entry('iam0000002', 'IAM'),
        key: entry('key0000001', 'API_KEY', { apiKey: apiKeyValue }),
        keyUpper: entry('key0000002', 'API_KEY', { API_KEY: apiKeyValue }),
        pool: entry('pool000001', 'AMAZON_COGNITO_USER_POOLS'),
        poolAlias: entry('pool000002', 'COGNITO_USER_POOL'),
        oidc: entry('oidc000001', 'OPENID_CONNECT'),
        lambda: entry('lambda0001', 'AWS_LAMBDA'),
        open: entry('open000001', 'NONE'),
      },
    },
  },
  auth: {
    plugins: {
      awsCognitoAuthPlugin: {
        CognitoUserPool: { Default: { PoolId: pool.poolId, AppClientId: pool.clientId, Region: region } },
        CredentialsProvider: { CognitoIdentity: { Default: { PoolId: identityPoolId, Region: region } } },
      },
    },
  },
};

const providers = (overrides: { apiKey?: string } = {}) => ({
  authorizers: {
    AWS_IAM: iamAuthorizer({ identityPoolEndpoint: identity.endpoint }),
    API_KEY: apiKeyAuthorizer(overrides.apiKey === undefined ? {} : { key: overrides.apiKey }),
    AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: async () => pool.tokens({ username: 'alice' }) }),
    OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: () => issuer.sign({ sub: 'service-a' }) }),
    AWS_LAMBDA: lambdaAuthorizer({ getToken: () => lambdaTokenValue }),
  },
});

const rejection = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as HTTPError | undefined;
  if (error?.response === undefined) throw new Error(`expected an HTTP error, got ${String(error)}`);
  return {
    status: error.response.status,
    errorType: error.response.headers.get('x-amzn-errortype'),
    body: error.data as { message?: string },
  };
};

describe('the native amplifyconfiguration.json, one API per authorization type', () => {
  const apis: ConfiguredApis = fromConfig(amplifyConfiguration, providers());

  it.each(Object.keys(gateways) as (keyof typeof gateways)[])(
    '%s: accepted by its authorizer',
    async (name) => {
      const echo = await apis
        .client(name)
        .get('items/1', { searchParams: { q: 'a b' } })
        .json<{ path: string }>();
      expect(echo.path).toBe('/prod/items/1');
      expect(gateways[name].count({ outcome: 'accepted' })).toBe(1);
      expect(gateways[name].count({ outcome: 'rejected' })).toBe(0);
    },
  );

  it('signs IAM requests with the identity pool guest role, asking Cognito Identity once', async () => {
    const fresh = fromConfig(amplifyConfiguration, providers());
    await Promise.all([1, 2, 3].map((n) => fresh.client('iam').post(`orders/${n}`, { json: { n } })));
    expect(gateways.iam.calls.map((call) => call.principal)).toEqual(
      [1, 2, 3].map(() => expect.objectContaining({ accessKeyId: guestRole.accessKeyId })),
    );
    expect(identity.count({ operation: 'GetCredentialsForIdentity' })).toBe(1);
  });

  it('a wrong API key gets API Gateway’s 403 Forbidden', async () => {
    const wrong = fromConfig(amplifyConfiguration, providers({ apiKey: 'not-the-key' }));
    expect(await rejection(wrong.client('key').get('items'))).toEqual({
      status: 403,
      errorType: 'ForbiddenException',
      body: { message: 'Forbidden' },
    });
  });

  it('keeps every credential off a request to another origin through the same client', async () => {
    for (const name of apis.names) {
      await ky.create({ hooks: apis.hooks(name) }).get('https://elsewhere.example.org/page');
    }
    expect(elsewhere).toHaveLength(apis.names.length);
    for (const request of elsewhere) {
      expect(
        [...request.headers.keys()].filter((name) => /authorization|x-api-key|x-amz-/.test(name)),
      ).toEqual([]);
    }
  });
});

describe('IAM signatures that API Gateway must refuse', () => {
  it('a wrong secret gets the signature-mismatch 403', async () => {
    const apis = fromConfig(
      { awsAPIPlugin: { iam: entry('iam0000001', 'AWS_IAM') } },
      {
        authorizers: {
          AWS_IAM: iamAuthorizer({ credentials: { ...guestRole, secretAccessKey: 'wrong-secret' } }),
        },
      },
    );
    expect(await rejection(apis.client('iam').get('items'))).toEqual({
      status: 403,
      errorType: 'InvalidSignatureException',
      body: {
        message: expect.stringMatching(
          /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n/,
        ),
      },
    });
  });

  it.each([
    ['an hour behind', -3_600_000],
    ['an hour ahead', 3_600_000],
  ])('a client clock %s recovers with exactly one extra round trip', async (_label, offset) => {
    const clock = fixedClock(Date.now() - offset);
    const skewed = apiGateway({
      endpoint: endpoint('skew000001'),
      authorizer: gatewayIamAuthorizer({ credentials: [guestRole], region }),
      clock,
    });
    server.use(...skewed.handlers);
    const config = { awsAPIPlugin: { skewed: entry('skew000001', 'AWS_IAM') } };
    const apis = fromConfig(config, { authorizers: { AWS_IAM: iamAuthorizer({ credentials: guestRole }) } });
    await apis.client('skewed').get('first').json();
    expect(skewed.calls.map((call) => call.outcome)).toEqual(['rejected', 'accepted']);
    await apis.client('skewed').get('second').json();
    expect(skewed.calls.map((call) => call.outcome)).toEqual(['rejected', 'accepted', 'accepted']);
  });
});

describe('tokens that API Gateway must refuse', () => {
  it('a user-pool token from another pool is refused, refreshed once and retried once', async () => {
    const otherPool = await createTestUserPool({ region, poolId: `${region}_Elsewhere` });
    let calls = 0;
    const apis = fromConfig(
      { awsAPIPlugin: { pool: entry('pool000001', 'AMAZON_COGNITO_USER_POOLS') } },
      {
        authorizers: {
          AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({
            tokens: async ({ forceRefresh }) => {
              calls += 1;
              return (forceRefresh ? pool : otherPool).tokens({ username: 'alice' });
            },
          }),
        },
      },
    );
    await apis.client('pool').get('items').json();
    expect(gateways.pool.calls.map((call) => [call.outcome, call.status])).toEqual([
      ['rejected', 401],
      ['accepted', 200],
    ]);
    expect(calls).toBe(2);
  });

  it('an OIDC token for another audience gets the HTTP API’s 401 after one retry', async () => {
    const wrongAudience = await createTestIssuer({ issuer: issuer.issuer, audience: 'someone-else' });
    const apis = fromConfig(
      { awsAPIPlugin: { oidc: entry('oidc000001', 'OPENID_CONNECT') } },
      { authorizers: { OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: () => wrongAudience.sign() }) } },
    );
    const refused = await rejection(apis.client('oidc').get('items'));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ message: 'Unauthorized' });
    expect(gateways.oidc.count({ outcome: 'rejected' })).toBe(2);
  });

  it('a Lambda authorizer that denies the token gets the explicit-deny 403', async () => {
    const apis = fromConfig(
      { awsAPIPlugin: { lambda: entry('lambda0001', 'AWS_LAMBDA') } },
      { authorizers: { AWS_LAMBDA: lambdaAuthorizer({ getToken: () => 'denied-token' }) } },
    );
    const refused = await rejection(apis.client('lambda').get('items'));
    expect(refused.status).toBe(403);
    expect(refused.errorType).toBe('AccessDeniedException');
  });
});

describe('the other configuration styles', () => {
  const iamOnly = { AWS_IAM: iamAuthorizer({ identityPoolEndpoint: identity.endpoint }) };

  it('Gen1 aws-exports: IAM by default, custom_header applied and signed', async () => {
    const awsExports = {
      aws_project_region: region,
      aws_cognito_identity_pool_id: identityPoolId,
      aws_cognito_region: region,
      aws_cloud_logic_custom: [
        {
          name: 'iam',
          endpoint: endpoint('iam0000001'),
          region,
          custom_header: async () => ({ 'x-tenant': 'acme' }),
        },
      ],
    };
    const apis = fromConfig(awsExports, { authorizers: iamOnly, customHeaders });
    const echo = await apis.client('iam').get('items').json<{ headers: Record<string, string> }>();
    expect(echo.headers['x-tenant']).toBe('acme');
    expect(gateways.iam.count({ outcome: 'accepted' })).toBe(1);
  });

  it('Gen2 Amplify.configure: IAM by default, defaultAuthMode none per call, headers for an API key', async () => {
    const resources = {
      Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, identityPoolId } },
      API: {
        REST: {
          iam: { endpoint: endpoint('iam0000001'), region },
          key: { endpoint: endpoint('key0000001') },
        },
      },
    };
    const apis = fromConfig(resources, { authorizers: iamOnly });
    await apis.client('iam').get('items').json();
    expect(gateways.iam.count({ outcome: 'accepted' })).toBe(1);

    const refused = await rejection(apis.client('iam').get('items', { context: { authMode: 'none' } }));
    expect(refused).toMatchObject({ status: 403, errorType: 'MissingAuthenticationTokenException' });

    const keyed = fromConfig(
      { API: { REST: { key: { endpoint: endpoint('key0000001'), region } } } },
      {
        customHeaders,
        libraryOptions: {
          API: { REST: { defaultAuthMode: 'none', headers: async () => ({ 'X-Api-Key': apiKeyValue }) } },
        },
      },
    );
    await keyed.client('key').get('items').json();
    expect(gateways.key.count({ outcome: 'accepted' })).toBe(1);
  });

  it('amplify_outputs.json custom.API: IAM with the identity pool of its auth block', async () => {
    const outputs = {
      version: '1.3',
      auth: {
        aws_region: region,
        user_pool_id: pool.poolId,
        user_pool_client_id: pool.clientId,
        identity_pool_id: identityPoolId,
      },
      custom: { API: { iam: { endpoint: `${endpoint('iam0000001')}/`, region, apiName: 'iam' } } },
    };
    const apis = fromConfig(outputs, { authorizers: iamOnly });
    await apis.client('iam').delete('items/7').json();
    expect(gateways.iam.calls.map((call) => [call.method, call.outcome])).toEqual([['DELETE', 'accepted']]);
  });
});
