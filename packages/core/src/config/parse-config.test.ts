import { parseAmplifyOutputs, parseAWSExports } from '@aws-amplify/core/internals/utils';
import { describe, expect, it } from '@jest/globals';
import {
  collapsed,
  configureArguments,
  repairElisions,
  restEndpoint,
  seed,
  seedFiles,
  seedJson,
  withoutLineNumbers,
} from '@ky-auth/test-kit/amplify-seeds';
import { ConfigError } from '../errors.ts';
import { configErrorCodes } from './error-codes.ts';
import { getApi } from './get-api.ts';
import { type ParseConfigOptions, parseConfig } from './parse-config.ts';
import type { NormalizedApi, NormalizedConfig } from './types.ts';

// Secrets planted in the inputs below: no error message may ever contain one of them.
const apiKeySecret = 'da2-apikey-DoNotLeak-0123456789abcdef';
const clientSecret = 'clientsecret-DoNotLeak-1a2b3c4d5e6f';
const passwordSecret = 'password-DoNotLeak-hunter2';
const headerSecret = 'Bearer header-DoNotLeak-token';
const secrets = [apiKeySecret, clientSecret, passwordSecret, headerSecret];

/** What a user relies on in a parsed API, in plain values (the endpoint as its href). */
function summary(api: NormalizedApi) {
  return {
    name: api.name,
    endpoint: api.endpoint.href,
    region: api.region,
    service: api.service,
    authorizationType: api.authorizationType,
    apiKey: api.apiKey,
    path: api.path,
  };
}

function apisOf(config: NormalizedConfig) {
  return [...config.apis.values()].map(summary);
}

/** The ConfigError `run` throws, after checking it is one and that its message leaks no secret. */
function configErrorOf(run: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const error = thrown as ConfigError;
  expect(configErrorCodes).toContain(error.code);
  for (const secret of secrets) expect(error.message).not.toContain(secret);
  return error;
}

// ---------------------------------------------------------------------------------------------------
// The seeds: the configuration snippets of the five Amplify pages, from fixtures/amplify-seeds.

describe('the seed pages', () => {
  it('are the snippets this suite covers, no more, no fewer', () => {
    expect(seedFiles).toEqual([
      '000-js-0.js.txt',
      '001-js-0.js.txt',
      '002-native-0.json',
      '002-native-1.json',
      '002-native-2.json',
      '002-native-3.json',
      '003-js-0.js.txt',
      '003-js-1.js.txt',
      '003-js-2.js.txt',
      '003-js-3.js.txt',
      '004-swift-0.json',
      '004-swift-1.json',
      '004-swift-2.json',
      '004-swift-3.json',
      '004-swift-4.json',
      '004-swift-5.json',
    ]);
  });

  // [seed file, snippet index, API name, authorizationType as written → canonical, API key]
  const restSnippets: [string, number, string, string, string | undefined][] = [
    ['002', 0, '<YOUR-RESTENDPOINT-NAME>', 'AWS_IAM', undefined],
    ['002', 1, '<YOUR-RESTENDPOINT-NAME>', 'API_KEY', '[API_KEY]'],
    ['002', 2, '<YOUR-RESTENDPOINT-NAME>', 'AMAZON_COGNITO_USER_POOLS', undefined],
    ['004', 0, '[YOUR-RESTENDPOINT-NAME]', 'AWS_IAM', undefined],
    ['004', 1, '[YOUR-RESTENDPOINT-NAME]', 'API_KEY', 'YOUR_API_KEY'],
    ['004', 2, '[YOUR-RESTENDPOINT-NAME]', 'AMAZON_COGNITO_USER_POOLS', undefined],
    ['004', 4, '[YOUR-RESTENDPOINT-NAME]', 'OPENID_CONNECT', undefined],
    ['004', 5, '[yourApiName]', 'NONE', undefined],
  ];
  const fixture = (file: string, index: number) =>
    `${file}-${file === '002' ? 'native' : 'swift'}-${index}.json`;
  const snippet = (file: string, index: number) => seed(fixture(file, index));

  it.each(restSnippets)('seed %s snippet %i: the REST API %s, %s', (file, index, name, type, apiKey) => {
    const config = parseConfig(seedJson(fixture(file, index)));
    expect(config.style).toBe('amplifyconfiguration');
    expect(apisOf(config)).toEqual([
      {
        name,
        endpoint: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod/',
        region: 'us-west-2',
        service: undefined,
        authorizationType: type,
        apiKey,
        path: `awsAPIPlugin[${JSON.stringify(name)}]`,
      },
    ]);
    expect(config.userPool).toBeUndefined();
    expect(config.identityPool).toBeUndefined();
  });

  it.each(restSnippets)(
    'seed %s snippet %i as written: its placeholder endpoint is refused',
    (file, index, name) => {
      const error = configErrorOf(() => parseConfig(JSON.parse(repairElisions(snippet(file, index)))));
      expect(error.code).toBe('ERR_CONFIG_INVALID_ENDPOINT');
      expect(error.path).toBe(`awsAPIPlugin[${JSON.stringify(name)}].endpoint`);
      expect(error.message).toContain('absolute URL');
    },
  );

  it("seed 004's [REGION] placeholder is refused once the endpoint is real", () => {
    const withRegionPlaceholder = repairElisions(snippet('004', 4)).replace(
      '"[REST-ENDPOINT]"',
      JSON.stringify(restEndpoint),
    );
    const error = configErrorOf(() => parseConfig(JSON.parse(withRegionPlaceholder)));
    expect(error.code).toBe('ERR_CONFIG_INVALID_REGION');
    expect(error.path).toBe('awsAPIPlugin["[YOUR-RESTENDPOINT-NAME]"].region');
  });

  // The awsCognitoAuthPlugin snippets: [seed file, index, pool ID, app client ID, app client secret].
  const cognitoSnippets: [string, number, string, string, string][] = [
    ['002', 3, 'POOL-ID', 'APP-CLIENT-ID', 'APP-CLIENT-SECRET'],
    ['004', 3, 'YOUR-POOL-ID', 'YOUR-APP-CLIENT-ID', 'YOUR-APP-CLIENT-SECRET'],
  ];
  const restOf = (file: string) => (seedJson(fixture(file, 0)) as { awsAPIPlugin: unknown }).awsAPIPlugin;

  it.each(cognitoSnippets)(
    'seed %s snippet %i under auth.plugins.awsCognitoAuthPlugin of a whole file: the user and identity pools',
    (file, index, poolId, clientId, secret) => {
      const config = parseConfig({
        UserAgent: 'aws-amplify-cli/2.0',
        Version: '1.0',
        api: { plugins: { awsAPIPlugin: restOf(file) } },
        auth: { plugins: { awsCognitoAuthPlugin: seedJson(fixture(file, index)) } },
      });
      expect(config.userPool).toEqual({ poolId, clientId, clientSecret: secret, region: 'us-east-1' });
      expect(config.identityPool).toEqual({
        poolId: 'YOUR-COGNITO-IDENTITY-POOLID',
        region: 'us-east-1',
        path: 'auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId',
      });
      expect(apisOf(config)[0]?.path).toBe(
        `api.plugins.awsAPIPlugin[${JSON.stringify(file === '002' ? '<YOUR-RESTENDPOINT-NAME>' : '[YOUR-RESTENDPOINT-NAME]')}]`,
      );
    },
  );

  it.each(cognitoSnippets)(
    'seed %s snippet %i beside awsAPIPlugin, at the plugin level the pages show',
    (file, index, poolId) => {
      const atPluginLevel = parseConfig({
        awsAPIPlugin: restOf(file),
        awsCognitoAuthPlugin: seedJson(fixture(file, index)),
      });
      expect(atPluginLevel.userPool?.poolId).toBe(poolId);
      const merged = parseConfig({
        awsAPIPlugin: restOf(file),
        ...(seedJson(fixture(file, index)) as object),
      });
      expect(merged.userPool?.poolId).toBe(poolId);
      expect(merged.identityPool?.region).toBe('us-east-1');
    },
  );

  it.each(cognitoSnippets)('seed %s snippet %i alone has no REST API', (file, index) => {
    const error = configErrorOf(() => parseConfig(seedJson(fixture(file, index))));
    expect(error.code).toBe('ERR_CONFIG_NO_REST_API');
    expect(error.path).toBe('api.plugins.awsAPIPlugin');
  });

  it('seeds 000 and 001 print one snippet: 000 lost its line breaks, 001 has a line-number gutter', () => {
    expect(collapsed(seed('000-js-0.js.txt'))).toBe(collapsed(withoutLineNumbers(seed('001-js-0.js.txt'))));
  });

  it("seed 001: Gen1 JavaScript's Amplify.configure({ API: { endpoints } }) with custom_header", async () => {
    const [resources] = configureArguments(withoutLineNumbers(seed('001-js-0.js.txt')));
    const config = parseConfig(resources);
    expect(config.style).toBe('aws-exports');
    expect(apisOf(config)).toEqual([
      {
        name: 'sampleCloudApi',
        endpoint: 'https://xyz.execute-api.us-east-1.amazonaws.com/Development/',
        region: undefined,
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'API.endpoints[0]',
      },
    ]);
    const headers = config.apis.get('sampleCloudApi')?.headers;
    expect(typeof headers).toBe('function');
    const request = new Request('https://xyz.execute-api.us-east-1.amazonaws.com/Development/items');
    const custom = headers as (input: object) => Promise<unknown>;
    await expect(custom({ apiName: 'sampleCloudApi', request, signal: undefined })).resolves.toEqual({
      Authorization: 'token',
    });
  });

  const outputs = {
    version: '1.4',
    custom: { API: { myRestApi: { endpoint: restEndpoint, region: 'us-west-2', apiName: 'myRestApi' } } },
  };

  it("seed 003 snippet 0: Gen2's library option defaultAuthMode: 'none'", () => {
    // The snippet's first argument is `{ // ... other config }`: the resource config is the test's own.
    const [resources, libraryOptions] = configureArguments(seed('003-js-0.js.txt'));
    expect(resources).toEqual({});
    const none = parseConfig(outputs, { libraryOptions });
    expect(none.defaultAuthMode).toBe('none');
    expect(none.apis.get('myRestApi')?.authorizationType).toBe('AWS_IAM');
    const iam = parseConfig(outputs, { libraryOptions: { API: { REST: { defaultAuthMode: 'iam' } } } });
    expect(iam.defaultAuthMode).toBeUndefined();
  });

  it.each([
    ['003-js-1.js.txt', { 'X-Api-Key': apiKeySecret }],
    ['003-js-2.js.txt', { Authorization: headerSecret }],
    ['003-js-3.js.txt', { Authorization: headerSecret }],
  ])("seed %s: Gen2's library option headers, a function per request", async (file, expected) => {
    const scope = { outputs, apiKey: apiKeySecret, authToken: headerSecret, customAuthToken: headerSecret };
    const [resources, libraryOptions] = configureArguments(seed(file), scope);
    expect(resources).toBe(outputs);
    const config = parseConfig(resources, { libraryOptions });
    expect(config.defaultAuthMode).toBeUndefined();
    const headers = config.headers as () => Promise<unknown>;
    await expect(headers()).resolves.toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Whole files of each style, as the Amplify CLI and Gen2 backends write them.

const amplifyconfigurationJson = {
  UserAgent: 'aws-amplify-cli/2.0',
  Version: '1.0',
  api: {
    plugins: {
      awsAPIPlugin: {
        orders: {
          endpointType: 'REST',
          endpoint: 'https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com/dev',
          region: 'eu-central-1',
          authorizationType: 'AWS_IAM',
        },
        catalog: {
          endpointType: 'REST',
          endpoint: 'https://f6g7h8i9j0.execute-api.eu-central-1.amazonaws.com/dev/',
          region: 'eu-central-1',
          authorizationType: 'API_KEY',
          apiKey: apiKeySecret,
        },
        blog: {
          endpointType: 'GraphQL',
          endpoint: 'https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-central-1.amazonaws.com/graphql',
          region: 'eu-central-1',
          authorizationType: 'API_KEY',
          apiKey: apiKeySecret,
        },
        lambda: {
          endpointType: 'REST',
          endpoint: 'https://k1l2m3n4o5.execute-api.eu-central-1.amazonaws.com/v1',
          region: 'eu-central-1',
          authorizationType: 'AWS_LAMBDA',
        },
      },
    },
  },
  auth: {
    plugins: {
      awsCognitoAuthPlugin: {
        UserAgent: 'aws-amplify-cli/0.1.0',
        Version: '0.1.0',
        IdentityManager: { Default: {} },
        CredentialsProvider: {
          CognitoIdentity: {
            Default: { PoolId: 'eu-central-1:4a1b2c3d-1111-2222-3333-444455556666', Region: 'eu-central-1' },
          },
        },
        CognitoUserPool: {
          Default: {
            PoolId: 'eu-central-1_AbCdEfGhI',
            AppClientId: '1example23456789abcdefghij',
            AppClientSecret: clientSecret,
            Region: 'eu-central-1',
          },
        },
        Auth: { Default: { authenticationFlowType: 'USER_SRP_AUTH' } },
      },
    },
  },
};

const awsExports = {
  aws_project_region: 'us-east-1',
  aws_cognito_identity_pool_id: 'us-east-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  aws_cognito_region: 'us-east-1',
  aws_user_pools_id: 'us-east-1_AbCdEfGhI',
  aws_user_pools_web_client_id: '2example23456789abcdefghij',
  oauth: {},
  aws_cognito_username_attributes: ['EMAIL'],
  aws_cognito_signup_attributes: ['EMAIL'],
  aws_cognito_mfa_configuration: 'OFF',
  aws_cloud_logic_custom: [
    {
      name: 'items',
      endpoint: 'https://p1q2r3s4t5.execute-api.us-east-1.amazonaws.com/staging',
      region: 'us-east-1',
    },
    {
      name: 'search',
      endpoint: 'https://search-domain.us-east-1.es.amazonaws.com',
      region: 'us-east-1',
      service: 'es',
    },
  ],
};

const gen2ResourceConfig = {
  Auth: {
    Cognito: {
      userPoolId: 'ap-southeast-2_XyZ123456',
      userPoolClientId: '3example23456789abcdefghij',
      identityPoolId: 'ap-southeast-2:9f8e7d6c-5b4a-3210-fedc-ba9876543210',
      allowGuestAccess: true,
    },
  },
  API: {
    REST: {
      reports: {
        endpoint: 'https://u1v2w3x4y5.execute-api.ap-southeast-2.amazonaws.com/prod',
        region: 'ap-southeast-2',
      },
      local: { endpoint: 'http://localhost:3000/dev' },
    },
    GraphQL: {
      endpoint: 'https://abc.appsync-api.ap-southeast-2.amazonaws.com/graphql',
      region: 'ap-southeast-2',
      defaultAuthMode: 'userPool',
    },
  },
};

const amplifyOutputsJson = {
  $schema:
    'https://raw.githubusercontent.com/aws-amplify/amplify-backend/main/packages/client-config/src/client-config-schema/schema_v1.4.json',
  version: '1.4',
  auth: {
    user_pool_id: 'ca-central-1_QwErTy123',
    aws_region: 'ca-central-1',
    user_pool_client_id: '4example23456789abcdefghij',
    identity_pool_id: 'ca-central-1:11112222-3333-4444-5555-666677778888',
    mfa_methods: [],
    standard_required_attributes: ['email'],
    username_attributes: ['email'],
    user_verification_types: ['email'],
    groups: [],
    mfa_configuration: 'NONE',
    password_policy: { min_length: 8, require_lowercase: true },
    unauthenticated_identities_enabled: true,
  },
  data: {
    url: 'https://abc.appsync-api.ca-central-1.amazonaws.com/graphql',
    aws_region: 'ca-central-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['AWS_IAM'],
  },
  custom: {
    API: {
      'myRestApi-sandbox': {
        endpoint: 'https://z9y8x7w6v5.execute-api.ca-central-1.amazonaws.com/prod/',
        region: 'ca-central-1',
        apiName: 'myRestApi-sandbox',
      },
      keyed: {
        endpoint: 'https://z9y8x7w6v5.execute-api.ca-central-1.amazonaws.com/keyed',
        region: 'ca-central-1',
        authorizationType: 'API_KEY',
        apiKey: apiKeySecret,
      },
    },
  },
};

describe('each style, whole', () => {
  it('amplifyconfiguration.json: REST entries kept, GraphQL set aside, both pools', () => {
    const config = parseConfig(amplifyconfigurationJson);
    expect(config.style).toBe('amplifyconfiguration');
    expect(apisOf(config)).toEqual([
      {
        name: 'orders',
        endpoint: 'https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com/dev/',
        region: 'eu-central-1',
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'api.plugins.awsAPIPlugin.orders',
      },
      {
        name: 'catalog',
        endpoint: 'https://f6g7h8i9j0.execute-api.eu-central-1.amazonaws.com/dev/',
        region: 'eu-central-1',
        service: undefined,
        authorizationType: 'API_KEY',
        apiKey: apiKeySecret,
        path: 'api.plugins.awsAPIPlugin.catalog',
      },
      {
        name: 'lambda',
        endpoint: 'https://k1l2m3n4o5.execute-api.eu-central-1.amazonaws.com/v1/',
        region: 'eu-central-1',
        service: undefined,
        authorizationType: 'AWS_LAMBDA',
        apiKey: undefined,
        path: 'api.plugins.awsAPIPlugin.lambda',
      },
    ]);
    expect([...(config.graphqlApis ?? [])]).toEqual([['blog', 'api.plugins.awsAPIPlugin.blog']]);
    expect(config.userPool).toEqual({
      poolId: 'eu-central-1_AbCdEfGhI',
      clientId: '1example23456789abcdefghij',
      clientSecret,
      region: 'eu-central-1',
    });
    expect(config.identityPool).toEqual({
      poolId: 'eu-central-1:4a1b2c3d-1111-2222-3333-444455556666',
      region: 'eu-central-1',
      path: 'auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId',
    });
    expect(config.defaultAuthMode).toBeUndefined();
    expect(config.headers).toBeUndefined();
  });

  it('aws-exports: aws_cloud_logic_custom signed with IAM, both pools', () => {
    const config = parseConfig(awsExports);
    expect(config.style).toBe('aws-exports');
    expect(apisOf(config)).toEqual([
      {
        name: 'items',
        endpoint: 'https://p1q2r3s4t5.execute-api.us-east-1.amazonaws.com/staging/',
        region: 'us-east-1',
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'aws_cloud_logic_custom[0]',
      },
      {
        name: 'search',
        endpoint: 'https://search-domain.us-east-1.es.amazonaws.com/',
        region: 'us-east-1',
        service: 'es',
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'aws_cloud_logic_custom[1]',
      },
    ]);
    expect(config.userPool).toEqual({
      poolId: 'us-east-1_AbCdEfGhI',
      clientId: '2example23456789abcdefghij',
      clientSecret: undefined,
      region: 'us-east-1',
    });
    expect(config.identityPool).toEqual({
      poolId: 'us-east-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      region: 'us-east-1',
      path: 'aws_cognito_identity_pool_id',
    });
  });

  it("aws-exports: the same as Amplify's own conversion of it to the Gen2 resource config", () => {
    const ours = parseConfig(awsExports);
    const viaAmplify = parseConfig(parseAWSExports(awsExports));
    expect(viaAmplify.style).toBe('gen2');
    const withoutPaths = (config: NormalizedConfig) => apisOf(config).map(({ path: _path, ...api }) => api);
    expect(withoutPaths(viaAmplify)).toEqual(withoutPaths(ours));
    expect(viaAmplify.userPool).toEqual(ours.userPool);
    // The same pool, found at Gen2's path in Amplify's conversion.
    expect(viaAmplify.identityPool).toEqual({ ...ours.identityPool, path: 'Auth.Cognito.identityPoolId' });
  });

  it('aws-exports: per-endpoint custom_header becomes the API headers', () => {
    const customHeader = async () => ({ Authorization: headerSecret });
    const config = parseConfig({
      aws_project_region: 'us-east-1',
      aws_cloud_logic_custom: [
        {
          name: 'items',
          endpoint: 'https://p1q2r3s4t5.execute-api.us-east-1.amazonaws.com/staging',
          custom_header: customHeader,
        },
      ],
    });
    expect(config.apis.get('items')?.headers).toBe(customHeader);
  });

  it('Amplify 5 configure: API.endpoints with an Auth block of userPoolId, userPoolWebClientId, identityPoolId', () => {
    const config = parseConfig({
      Auth: {
        region: 'eu-west-1',
        userPoolId: 'eu-west-1_AbCdEfGhI',
        userPoolWebClientId: '5example23456789abcdefghij',
        identityPoolId: 'eu-west-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      },
      API: {
        endpoints: [{ name: 'legacy', endpoint: 'https://legacy.example.com/api', region: 'eu-west-1' }],
      },
    });
    expect(config.style).toBe('aws-exports');
    expect(apisOf(config).map((api) => [api.name, api.endpoint, api.path])).toEqual([
      ['legacy', 'https://legacy.example.com/api/', 'API.endpoints[0]'],
    ]);
    expect(config.userPool).toEqual({
      poolId: 'eu-west-1_AbCdEfGhI',
      clientId: '5example23456789abcdefghij',
      clientSecret: undefined,
      region: 'eu-west-1',
    });
    expect(config.identityPool).toEqual({
      poolId: 'eu-west-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      region: 'eu-west-1',
      path: 'Auth.identityPoolId',
    });
  });

  it('Gen2 resource config: API.REST, loopback http, pool regions from their IDs', () => {
    const config = parseConfig(gen2ResourceConfig);
    expect(config.style).toBe('gen2');
    expect(apisOf(config)).toEqual([
      {
        name: 'reports',
        endpoint: 'https://u1v2w3x4y5.execute-api.ap-southeast-2.amazonaws.com/prod/',
        region: 'ap-southeast-2',
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'API.REST.reports',
      },
      {
        name: 'local',
        endpoint: 'http://localhost:3000/dev/',
        region: undefined,
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'API.REST.local',
      },
    ]);
    expect(config.userPool).toEqual({
      poolId: 'ap-southeast-2_XyZ123456',
      clientId: '3example23456789abcdefghij',
      clientSecret: undefined,
      region: 'ap-southeast-2',
    });
    expect(config.identityPool).toEqual({
      poolId: 'ap-southeast-2:9f8e7d6c-5b4a-3210-fedc-ba9876543210',
      region: 'ap-southeast-2',
      path: 'Auth.Cognito.identityPoolId',
    });
  });

  it('amplify_outputs.json: custom.API (with an optional authorizationType and apiKey) and auth', () => {
    const config = parseConfig(amplifyOutputsJson);
    expect(config.style).toBe('amplify_outputs');
    expect(apisOf(config)).toEqual([
      {
        name: 'myRestApi-sandbox',
        endpoint: 'https://z9y8x7w6v5.execute-api.ca-central-1.amazonaws.com/prod/',
        region: 'ca-central-1',
        service: undefined,
        authorizationType: 'AWS_IAM',
        apiKey: undefined,
        path: 'custom.API["myRestApi-sandbox"]',
      },
      {
        name: 'keyed',
        endpoint: 'https://z9y8x7w6v5.execute-api.ca-central-1.amazonaws.com/keyed/',
        region: 'ca-central-1',
        service: undefined,
        authorizationType: 'API_KEY',
        apiKey: apiKeySecret,
        path: 'custom.API.keyed',
      },
    ]);
    expect(config.userPool).toEqual({
      poolId: 'ca-central-1_QwErTy123',
      clientId: '4example23456789abcdefghij',
      clientSecret: undefined,
      region: 'ca-central-1',
    });
    expect(config.identityPool).toEqual({
      poolId: 'ca-central-1:11112222-3333-4444-5555-666677778888',
      region: 'ca-central-1',
      path: 'auth.identity_pool_id',
    });
  });

  it("amplify_outputs.json: the pools Amplify's own parser reads from it", () => {
    const cognito = parseAmplifyOutputs(amplifyOutputsJson as never).Auth?.Cognito;
    const config = parseConfig(amplifyOutputsJson);
    expect([config.userPool?.poolId, config.userPool?.clientId, config.identityPool?.poolId]).toEqual([
      cognito?.userPoolId,
      cognito?.userPoolClientId,
      cognito?.identityPoolId,
    ]);
  });

  it('null-prototype objects read like any other (JSON parsers without a prototype)', () => {
    const entry = Object.assign(Object.create(null), {
      endpointType: 'REST',
      endpoint: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod',
      authorizationType: 'NONE',
    });
    const plugin = Object.assign(Object.create(null), { orders: entry });
    const config = parseConfig(Object.assign(Object.create(null), { awsAPIPlugin: plugin }));
    expect(config.apis.get('orders')?.authorizationType).toBe('NONE');
  });

  it('never reads inherited properties as configuration', () => {
    const inherited = Object.create({
      endpoint: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod',
    });
    const error = configErrorOf(() => parseConfig({ awsAPIPlugin: { orders: inherited } }));
    expect([error.code, error.path]).toEqual(['ERR_CONFIG_MISSING_FIELD', 'awsAPIPlugin.orders.endpoint']);
  });

  it('the result is frozen', () => {
    const config = parseConfig(awsExports);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.apis.get('items'))).toBe(true);
    expect(Object.isFrozen(config.userPool)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// Normalizations, one value at a time.

const nativeWith = (entry: Record<string, unknown>) => ({
  awsAPIPlugin: { orders: { endpointType: 'REST', endpoint: 'https://api.example.com/prod', ...entry } },
});
const nativeApi = (entry: Record<string, unknown>, options?: ParseConfigOptions) =>
  summary(parseConfig(nativeWith(entry), options).apis.get('orders') as NormalizedApi);

describe('normalization', () => {
  it.each([
    ['AWS_IAM', 'AWS_IAM'],
    ['IAM', 'AWS_IAM'],
    ['API_KEY', 'API_KEY'],
    ['AMAZON_COGNITO_USER_POOLS', 'AMAZON_COGNITO_USER_POOLS'],
    ['COGNITO_USER_POOL', 'AMAZON_COGNITO_USER_POOLS'],
    ['OPENID_CONNECT', 'OPENID_CONNECT'],
    ['AWS_LAMBDA', 'AWS_LAMBDA'],
    ['LAMBDA', 'AWS_LAMBDA'],
    ['NONE', 'NONE'],
    [undefined, 'AWS_IAM'],
    [null, 'AWS_IAM'],
  ])('authorizationType %p is %s', (written, canonical) => {
    expect(nativeApi({ authorizationType: written }).authorizationType).toBe(canonical);
  });

  it('an entry without endpointType is REST', () => {
    const config = parseConfig({ awsAPIPlugin: { orders: { endpoint: 'https://api.example.com/prod' } } });
    expect(config.apis.has('orders')).toBe(true);
  });

  it.each([
    ['https://api.example.com/prod', 'https://api.example.com/prod/'],
    ['https://api.example.com/prod/', 'https://api.example.com/prod/'],
    ['https://api.example.com', 'https://api.example.com/'],
    ['https://API.Example.COM:443/a/b', 'https://api.example.com/a/b/'],
    ['  https://api.example.com/prod  ', 'https://api.example.com/prod/'],
    ['https://api.example.com/prod?', 'https://api.example.com/prod/'],
    ['http://localhost:3000/dev', 'http://localhost:3000/dev/'],
    ['http://127.0.0.1/prod', 'http://127.0.0.1/prod/'],
    ['http://127.1.2.3:8080', 'http://127.1.2.3:8080/'],
    ['http://[::1]:4000/v1', 'http://[::1]:4000/v1/'],
    ['http://[0:0:0:0:0:0:0:1]/', 'http://[::1]/'],
  ])('endpoint %p is %p', (written, href) => {
    expect(nativeApi({ endpoint: written }).endpoint).toBe(href);
  });

  it('allowInsecureHttp accepts http: on any host', () => {
    expect(nativeApi({ endpoint: 'http://api.internal:8080/x' }, { allowInsecureHttp: true }).endpoint).toBe(
      'http://api.internal:8080/x/',
    );
  });

  // Every region of every partition in botocore's data/partitions.json (1.35), written out here.
  it.each([
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'cn-north-1',
    'cn-northwest-1',
    'eusc-de-east-1',
    'us-iso-east-1',
    'us-iso-west-1',
    'us-isob-east-1',
    'us-isob-west-1',
    'eu-isoe-west-1',
    'us-isof-east-1',
    'us-isof-south-1',
    'us-gov-east-1',
    'us-gov-west-1',
  ])('region %s is accepted', (region) => {
    expect(nativeApi({ region }).region).toBe(region);
  });

  it.each([undefined, null, ''])('region %p reads as absent', (region) => {
    expect(nativeApi({ region }).region).toBeUndefined();
  });

  it('API_KEY without a key is kept, with no key: a provider may supply it', () => {
    expect(nativeApi({ authorizationType: 'API_KEY' })).toMatchObject({
      authorizationType: 'API_KEY',
      apiKey: undefined,
    });
  });

  it.each([
    [{ apiKey: apiKeySecret }],
    [{ API_KEY: apiKeySecret }],
    [{ apiKey: apiKeySecret, API_KEY: apiKeySecret }],
  ])('the API key is read from apiKey or API_KEY: %#', (keys) => {
    expect(nativeApi({ authorizationType: 'API_KEY', ...keys }).apiKey).toBe(apiKeySecret);
  });

  it('a user pool without Region takes the region its ID starts with', () => {
    const config = parseConfig({
      ...nativeWith({}),
      awsCognitoAuthPlugin: {
        CognitoUserPool: { Default: { PoolId: 'us-west-2_AbC', AppClientId: 'client' } },
      },
    });
    expect(config.userPool?.region).toBe('us-west-2');
  });

  it('static headers in the library options are copied', () => {
    const headers = { 'X-Api-Key': apiKeySecret, 'x-tenant': 'acme' };
    const config = parseConfig(nativeWith({}), { libraryOptions: { API: { REST: { headers } } } });
    expect(config.headers).toEqual(headers);
    expect(config.headers).not.toBe(headers);
  });

  it('unknown keys are ignored at every level', () => {
    const config = parseConfig({
      UserAgent: 'x',
      awsAPIPlugin: {
        orders: {
          endpointType: 'REST',
          endpoint: 'https://api.example.com/',
          something: { else: [1, 2] },
          toString: 3,
        },
      },
      analytics: { plugins: {} },
    });
    expect(config.apis.get('orders')?.endpoint.href).toBe('https://api.example.com/');
  });
});

// ---------------------------------------------------------------------------------------------------
// Malformed input: the exact code and path, and never a secret in the message.

const gen2With = (rest: unknown, cognito?: unknown) => ({
  API: { REST: rest },
  ...(cognito === undefined ? {} : { Auth: { Cognito: cognito } }),
});
const exportsWith = (extra: Record<string, unknown>) => ({
  aws_project_region: 'us-east-1',
  aws_cloud_logic_custom: [{ name: 'items', endpoint: 'https://api.example.com/prod', region: 'us-east-1' }],
  ...extra,
});
const outputsWith = (extra: Record<string, unknown>) => ({
  version: '1.4',
  custom: { API: { items: { endpoint: 'https://api.example.com/prod', region: 'us-east-1' } } },
  ...extra,
});
const nativeAuth = (plugin: unknown) => ({
  ...nativeWith({}),
  auth: { plugins: { awsCognitoAuthPlugin: plugin } },
});
const userPool = (fields: Record<string, unknown>) =>
  nativeAuth({ CognitoUserPool: { Default: { PoolId: 'us-east-1_AbC', AppClientId: 'client', ...fields } } });
const restPath = 'awsAPIPlugin.orders';

const malformed: [string, unknown, ParseConfigOptions | undefined, string, string][] = [
  // The document
  ['undefined', undefined, undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['null', null, undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['an empty string (an empty file)', '', undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['a blank string', ' \n\t', undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['an empty object', {}, undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['an empty null-prototype object', Object.create(null), undefined, 'ERR_CONFIG_EMPTY', '$'],
  ['JSON text not parsed', JSON.stringify(nativeWith({})), undefined, 'ERR_CONFIG_UNRECOGNIZED', '$'],
  ['an empty array', [], undefined, 'ERR_CONFIG_UNRECOGNIZED', '$'],
  ['an array of configurations', [nativeWith({})], undefined, 'ERR_CONFIG_UNRECOGNIZED', '$'],
  ['a number', 42, undefined, 'ERR_CONFIG_UNRECOGNIZED', '$'],
  ['a boolean', true, undefined, 'ERR_CONFIG_UNRECOGNIZED', '$'],
  [
    'an unrelated object',
    { hello: 'world', apiKey: apiKeySecret },
    undefined,
    'ERR_CONFIG_UNRECOGNIZED',
    '$',
  ],
  [
    'only the CLI header',
    { UserAgent: 'aws-amplify-cli/2.0', Version: '1.0' },
    undefined,
    'ERR_CONFIG_UNRECOGNIZED',
    '$',
  ],
  [
    'aws-exports keys with Gen2 API.REST',
    { ...exportsWith({}), API: { REST: {} } },
    undefined,
    'ERR_CONFIG_AMBIGUOUS',
    '$',
  ],
  [
    'native with amplify_outputs keys',
    { ...nativeWith({}), version: '1.4' },
    undefined,
    'ERR_CONFIG_AMBIGUOUS',
    '$',
  ],
  [
    'awsAPIPlugin both under api.plugins and at the top',
    { api: { plugins: nativeWith({}) }, ...nativeWith({}) },
    undefined,
    'ERR_CONFIG_AMBIGUOUS',
    'awsAPIPlugin',
  ],
  // Options
  ['options that are not an object', nativeWith({}), null as never, 'ERR_CONFIG_INVALID_TYPE', 'options'],
  [
    'allowInsecureHttp that is not a boolean',
    nativeWith({}),
    { allowInsecureHttp: 'yes' as never },
    'ERR_CONFIG_INVALID_TYPE',
    'options.allowInsecureHttp',
  ],
  [
    'libraryOptions not an object',
    nativeWith({}),
    { libraryOptions: 'x' },
    'ERR_CONFIG_INVALID_TYPE',
    'options.libraryOptions',
  ],
  [
    'libraryOptions.API.REST not an object',
    nativeWith({}),
    { libraryOptions: { API: { REST: [] } } },
    'ERR_CONFIG_INVALID_TYPE',
    'options.libraryOptions.API.REST',
  ],
  [
    'an unknown defaultAuthMode',
    nativeWith({}),
    { libraryOptions: { API: { REST: { defaultAuthMode: 'userPool' } } } },
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    'options.libraryOptions.API.REST.defaultAuthMode',
  ],
  [
    'a defaultAuthMode that is not a string',
    nativeWith({}),
    { libraryOptions: { API: { REST: { defaultAuthMode: true } } } },
    'ERR_CONFIG_INVALID_TYPE',
    'options.libraryOptions.API.REST.defaultAuthMode',
  ],
  [
    'headers that are a string',
    nativeWith({}),
    { libraryOptions: { API: { REST: { headers: headerSecret } } } },
    'ERR_CONFIG_INVALID_TYPE',
    'options.libraryOptions.API.REST.headers',
  ],
  [
    'a header value that is not a string',
    nativeWith({}),
    { libraryOptions: { API: { REST: { headers: { 'X-Api-Key': 5 } } } } },
    'ERR_CONFIG_INVALID_TYPE',
    'options.libraryOptions.API.REST.headers["X-Api-Key"]',
  ],
  [
    'a header name with a space',
    nativeWith({}),
    { libraryOptions: { API: { REST: { headers: { 'X Api Key': apiKeySecret } } } } },
    'ERR_CONFIG_INVALID_VALUE',
    'options.libraryOptions.API.REST.headers["X Api Key"]',
  ],
  [
    'a header value with a line break',
    nativeWith({}),
    { libraryOptions: { API: { REST: { headers: { authorization: `${headerSecret}\r\nX-Evil: 1` } } } } },
    'ERR_CONFIG_INVALID_VALUE',
    'options.libraryOptions.API.REST.headers.authorization',
  ],
  // amplifyconfiguration.json: structure
  ['api that is a string', { api: 'x' }, undefined, 'ERR_CONFIG_INVALID_TYPE', 'api'],
  ['api without plugins', { api: {} }, undefined, 'ERR_CONFIG_MISSING_FIELD', 'api.plugins'],
  [
    'awsAPIPlugin that is an array',
    { api: { plugins: { awsAPIPlugin: [] } } },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'api.plugins.awsAPIPlugin',
  ],
  [
    'an API entry that is a string',
    { awsAPIPlugin: { orders: 'https://api.example.com' } },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    restPath,
  ],
  [
    'an API entry that is null',
    { awsAPIPlugin: { orders: null } },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    restPath,
  ],
  [
    'an API with an empty name',
    { awsAPIPlugin: { '': { endpoint: 'https://x.example' } } },
    undefined,
    'ERR_CONFIG_INVALID_VALUE',
    'awsAPIPlugin[""]',
  ],
  [
    'endpointType in lower case',
    nativeWith({ endpointType: 'rest' }),
    undefined,
    'ERR_CONFIG_INVALID_VALUE',
    `${restPath}.endpointType`,
  ],
  [
    'an unknown endpointType',
    nativeWith({ endpointType: 'WebSocket' }),
    undefined,
    'ERR_CONFIG_INVALID_VALUE',
    `${restPath}.endpointType`,
  ],
  [
    'endpointType that is a number',
    nativeWith({ endpointType: 1 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.endpointType`,
  ],
  [
    'only GraphQL APIs',
    {
      api: {
        plugins: {
          awsAPIPlugin: {
            blog: {
              endpointType: 'GraphQL',
              endpoint: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql',
              apiKey: apiKeySecret,
            },
          },
        },
      },
    },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'api.plugins.awsAPIPlugin',
  ],
  ['an empty awsAPIPlugin', { awsAPIPlugin: {} }, undefined, 'ERR_CONFIG_NO_REST_API', 'awsAPIPlugin'],
  [
    'only an auth plugin',
    { auth: { plugins: { awsCognitoAuthPlugin: {} } } },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'api.plugins.awsAPIPlugin',
  ],
  // Endpoints
  [
    'no endpoint',
    { awsAPIPlugin: { orders: { endpointType: 'REST', apiKey: apiKeySecret } } },
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    `${restPath}.endpoint`,
  ],
  [
    'an empty endpoint',
    nativeWith({ endpoint: '' }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint that is a number',
    nativeWith({ endpoint: 443 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint that is an object',
    nativeWith({ endpoint: { href: 'https://x' } }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.endpoint`,
  ],
  [
    'a relative endpoint',
    nativeWith({ endpoint: '/prod' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a host without a scheme',
    nativeWith({ endpoint: 'api.example.com/prod' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a placeholder endpoint',
    nativeWith({ endpoint: 'YOUR-REST-ENDPOINT' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a javascript: endpoint',
    nativeWith({ endpoint: 'javascript:alert(1)' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a file: endpoint',
    nativeWith({ endpoint: 'file:///etc/passwd' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an ftp: endpoint',
    nativeWith({ endpoint: 'ftp://api.example.com/' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a ws: endpoint',
    nativeWith({ endpoint: 'ws://localhost:3000/' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a data: endpoint',
    nativeWith({ endpoint: 'data:text/plain,hi' }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint with a user name and password',
    nativeWith({ endpoint: `https://admin:${passwordSecret}@api.example.com/prod` }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint with a user name only',
    nativeWith({ endpoint: `https://${apiKeySecret}@api.example.com/prod` }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint with a query string',
    nativeWith({ endpoint: `https://api.example.com/prod?api_key=${apiKeySecret}` }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an endpoint with a fragment',
    nativeWith({ endpoint: `https://api.example.com/prod#${apiKeySecret}` }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'an API key pasted as the endpoint',
    nativeWith({ endpoint: apiKeySecret }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'a huge endpoint',
    nativeWith({ endpoint: `https://api.example.com/${'a'.repeat(100_000)}` }),
    undefined,
    'ERR_CONFIG_INVALID_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'http: to a public host',
    nativeWith({ endpoint: 'http://api.example.com/prod' }),
    undefined,
    'ERR_CONFIG_INSECURE_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'http: to a private address',
    nativeWith({ endpoint: 'http://192.168.1.10/prod' }),
    undefined,
    'ERR_CONFIG_INSECURE_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'http: to a name that starts like localhost',
    nativeWith({ endpoint: 'http://localhost.example.com/' }),
    undefined,
    'ERR_CONFIG_INSECURE_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'http: to a name that starts like 127.0.0.1',
    nativeWith({ endpoint: 'http://127.0.0.1.nip.io/' }),
    undefined,
    'ERR_CONFIG_INSECURE_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  [
    'http: to 0.0.0.0',
    nativeWith({ endpoint: 'http://0.0.0.0:3000/' }),
    undefined,
    'ERR_CONFIG_INSECURE_ENDPOINT',
    `${restPath}.endpoint`,
  ],
  // Regions, services, authorization types, keys
  [
    'a region without its number',
    nativeWith({ region: 'us-east' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    `${restPath}.region`,
  ],
  [
    'a region in upper case',
    nativeWith({ region: 'US-EAST-1' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    `${restPath}.region`,
  ],
  [
    'a placeholder region',
    nativeWith({ region: '[REGION]' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    `${restPath}.region`,
  ],
  [
    'a region name in words',
    nativeWith({ region: 'Frankfurt' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    `${restPath}.region`,
  ],
  [
    'an API key pasted as the region',
    nativeWith({ region: apiKeySecret }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    `${restPath}.region`,
  ],
  [
    'a region that is a number',
    nativeWith({ region: 1 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.region`,
  ],
  [
    'a service with a space',
    nativeWith({ service: 'execute api' }),
    undefined,
    'ERR_CONFIG_INVALID_VALUE',
    `${restPath}.service`,
  ],
  [
    'a service that is a number',
    nativeWith({ service: 5 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.service`,
  ],
  [
    'an unknown authorizationType',
    nativeWith({ authorizationType: 'OAUTH' }),
    undefined,
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    `${restPath}.authorizationType`,
  ],
  [
    'an empty authorizationType',
    nativeWith({ authorizationType: '' }),
    undefined,
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    `${restPath}.authorizationType`,
  ],
  [
    'Gen2 auth mode names as authorizationType',
    nativeWith({ authorizationType: 'userPool' }),
    undefined,
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    `${restPath}.authorizationType`,
  ],
  [
    'an API key pasted as the authorizationType',
    nativeWith({ authorizationType: apiKeySecret }),
    undefined,
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    `${restPath}.authorizationType`,
  ],
  [
    'an authorizationType that is an array',
    nativeWith({ authorizationType: ['AWS_IAM'] }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.authorizationType`,
  ],
  [
    'an apiKey that is a number',
    nativeWith({ authorizationType: 'API_KEY', apiKey: 12345 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.apiKey`,
  ],
  [
    'an API_KEY that is an object',
    nativeWith({ authorizationType: 'API_KEY', API_KEY: { value: apiKeySecret } }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    `${restPath}.API_KEY`,
  ],
  [
    'two different API keys',
    nativeWith({ authorizationType: 'API_KEY', apiKey: apiKeySecret, API_KEY: `${apiKeySecret}-other` }),
    undefined,
    'ERR_CONFIG_INVALID_VALUE',
    `${restPath}.API_KEY`,
  ],
  // The native auth plugin
  [
    'auth plugins that are a string',
    { ...nativeWith({}), auth: { plugins: 'x' } },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'auth.plugins',
  ],
  [
    'a user pool without an app client',
    userPool({ AppClientId: undefined, AppClientSecret: clientSecret }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.AppClientId',
  ],
  [
    'a user pool without a pool ID',
    userPool({ PoolId: '' }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.PoolId',
  ],
  [
    'a user pool ID that is a number',
    userPool({ PoolId: 7 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.PoolId',
  ],
  [
    'an app client secret that is a number',
    userPool({ AppClientSecret: 12345 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.AppClientSecret',
  ],
  [
    'a user pool with neither Region nor a region in its ID',
    userPool({ PoolId: 'POOL-ID', AppClientSecret: clientSecret }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.Region',
  ],
  [
    'a user pool Region that is no region',
    userPool({ Region: 'Virginia', AppClientSecret: clientSecret }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.Region',
  ],
  [
    'a user pool Region other than its ID says',
    userPool({ Region: 'eu-west-1' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.Region',
  ],
  [
    'an identity pool without a region',
    nativeAuth({
      CredentialsProvider: { CognitoIdentity: { Default: { PoolId: 'YOUR-COGNITO-IDENTITY-POOLID' } } },
    }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.Region',
  ],
  [
    'CognitoUserPool that is an array',
    nativeAuth({ CognitoUserPool: [] }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'auth.plugins.awsCognitoAuthPlugin.CognitoUserPool',
  ],
  // aws-exports and Amplify 5
  [
    'aws_cloud_logic_custom that is an object',
    { aws_project_region: 'us-east-1', aws_cloud_logic_custom: {} },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cloud_logic_custom',
  ],
  [
    'aws_cloud_logic_custom that is JSON text',
    { aws_project_region: 'us-east-1', aws_cloud_logic_custom: '[]' },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cloud_logic_custom',
  ],
  [
    'an empty aws_cloud_logic_custom',
    { aws_project_region: 'us-east-1', aws_cloud_logic_custom: [] },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'aws_cloud_logic_custom',
  ],
  [
    'aws-exports with only GraphQL',
    {
      aws_project_region: 'us-east-1',
      aws_appsync_graphqlEndpoint: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql',
      aws_appsync_apiKey: apiKeySecret,
    },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'aws_cloud_logic_custom',
  ],
  [
    'an aws_cloud_logic_custom entry that is null',
    { aws_project_region: 'us-east-1', aws_cloud_logic_custom: [null] },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cloud_logic_custom[0]',
  ],
  [
    'an aws_cloud_logic_custom entry without a name',
    { aws_cloud_logic_custom: [{ endpoint: 'https://x.example' }] },
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'aws_cloud_logic_custom[0].name',
  ],
  [
    'a name that is a number',
    { aws_cloud_logic_custom: [{ name: 1, endpoint: 'https://x.example' }] },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cloud_logic_custom[0].name',
  ],
  [
    'two APIs with one name',
    exportsWith({
      aws_cloud_logic_custom: [
        { name: 'a', endpoint: 'https://a.example' },
        { name: 'a', endpoint: 'https://b.example' },
      ],
    }),
    undefined,
    'ERR_CONFIG_DUPLICATE_API',
    'aws_cloud_logic_custom[1]',
  ],
  [
    'one name in aws_cloud_logic_custom and API.endpoints',
    exportsWith({ API: { endpoints: [{ name: 'items', endpoint: 'https://b.example' }] } }),
    undefined,
    'ERR_CONFIG_DUPLICATE_API',
    'API.endpoints[0]',
  ],
  [
    'a custom_header that is a string',
    exportsWith({
      aws_cloud_logic_custom: [{ name: 'a', endpoint: 'https://a.example', custom_header: headerSecret }],
    }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cloud_logic_custom[0].custom_header',
  ],
  [
    'an endpoint missing in aws_cloud_logic_custom',
    exportsWith({ aws_cloud_logic_custom: [{ name: 'a', region: 'us-east-1' }] }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'aws_cloud_logic_custom[0].endpoint',
  ],
  [
    'a user pool without its web client',
    exportsWith({ aws_user_pools_id: 'us-east-1_AbC' }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'aws_user_pools_web_client_id',
  ],
  [
    'a web client without its user pool',
    exportsWith({ aws_user_pools_web_client_id: 'client' }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'aws_user_pools_id',
  ],
  [
    'an aws_cognito_region that is no region',
    exportsWith({
      aws_user_pools_id: 'us-east-1_AbC',
      aws_user_pools_web_client_id: 'c',
      aws_cognito_region: 'east',
    }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'aws_cognito_region',
  ],
  [
    'an identity pool ID that is a number',
    exportsWith({ aws_cognito_identity_pool_id: 1 }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'aws_cognito_identity_pool_id',
  ],
  [
    'API.endpoints that is a string',
    { API: { endpoints: 'x' } },
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'API.endpoints',
  ],
  [
    'an Amplify 5 user pool without its web client',
    {
      Auth: { userPoolId: 'us-east-1_AbC' },
      API: { endpoints: [{ name: 'a', endpoint: 'https://a.example' }] },
    },
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'Auth.userPoolWebClientId',
  ],
  [
    'API.endpoints beside API.REST',
    { API: { endpoints: [], REST: {} } },
    undefined,
    'ERR_CONFIG_AMBIGUOUS',
    '$',
  ],
  // Gen2 resource config
  ['API.REST that is an array', gen2With([]), undefined, 'ERR_CONFIG_INVALID_TYPE', 'API.REST'],
  ['an empty API.REST', gen2With({}), undefined, 'ERR_CONFIG_NO_REST_API', 'API.REST'],
  [
    'only API.GraphQL',
    {
      API: {
        GraphQL: { endpoint: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql', apiKey: apiKeySecret },
      },
    },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'API.REST',
  ],
  [
    'only Auth.Cognito',
    { Auth: { Cognito: { userPoolId: 'us-east-1_AbC', userPoolClientId: 'c' } } },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'API.REST',
  ],
  [
    'a Gen2 API without an endpoint',
    gen2With({ reports: { region: 'us-east-1' } }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'API.REST.reports.endpoint',
  ],
  [
    'a Gen2 API that is a string',
    gen2With({ reports: 'https://x.example' }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'API.REST.reports',
  ],
  [
    'a Gen2 API with an invalid region',
    gen2With({ reports: { endpoint: 'https://x.example', region: 'mars-1' } }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'API.REST.reports.region',
  ],
  [
    'a Gen2 user pool ID without its region',
    gen2With({ r: { endpoint: 'https://x.example' } }, { userPoolId: 'POOL-ID', userPoolClientId: 'c' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'Auth.Cognito.userPoolId',
  ],
  [
    'a Gen2 identity pool ID without its region',
    gen2With({ r: { endpoint: 'https://x.example' } }, { identityPoolId: 'abc' }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'Auth.Cognito.identityPoolId',
  ],
  [
    'a Gen2 user pool without its client',
    gen2With({ r: { endpoint: 'https://x.example' } }, { userPoolId: 'us-east-1_AbC' }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'Auth.Cognito.userPoolClientId',
  ],
  [
    'Auth.Cognito that is a string',
    gen2With({ r: { endpoint: 'https://x.example' } }, 'x'),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'Auth.Cognito',
  ],
  // amplify_outputs.json
  [
    'custom.API that is a string',
    outputsWith({ custom: { API: 'x' } }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'custom.API',
  ],
  [
    'amplify_outputs.json without custom.API',
    {
      version: '1.4',
      data: { url: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql', api_key: apiKeySecret },
    },
    undefined,
    'ERR_CONFIG_NO_REST_API',
    'custom.API',
  ],
  [
    'an outputs API with an unknown authorizationType',
    outputsWith({ custom: { API: { a: { endpoint: 'https://a.example', authorizationType: 'KEY' } } } }),
    undefined,
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    'custom.API.a.authorizationType',
  ],
  [
    'an outputs API with a region that is no region',
    outputsWith({ custom: { API: { a: { endpoint: 'https://a.example', region: 'moon-1' } } } }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'custom.API.a.region',
  ],
  [
    'an outputs user pool without its client',
    outputsWith({ auth: { user_pool_id: 'us-east-1_AbC', aws_region: 'us-east-1' } }),
    undefined,
    'ERR_CONFIG_MISSING_FIELD',
    'auth.user_pool_client_id',
  ],
  [
    'an outputs aws_region other than the pool IDs say',
    outputsWith({
      auth: { user_pool_id: 'us-east-1_AbC', user_pool_client_id: 'c', aws_region: 'us-east-2' },
    }),
    undefined,
    'ERR_CONFIG_INVALID_REGION',
    'auth.aws_region',
  ],
  [
    'an outputs auth that is an array',
    outputsWith({ auth: [] }),
    undefined,
    'ERR_CONFIG_INVALID_TYPE',
    'auth',
  ],
];

describe('malformed input', () => {
  it.each(malformed)('%s: %#', (_title, input, options, code, path) => {
    const error = configErrorOf(() => parseConfig(input, options));
    expect([error.code, error.path]).toEqual([code, path]);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('an unknown authorization type lists every allowed value, aliases included', () => {
    const { message } = configErrorOf(() => parseConfig(nativeWith({ authorizationType: 'OAUTH' })));
    for (const allowed of [
      'AWS_IAM',
      'API_KEY',
      'AMAZON_COGNITO_USER_POOLS',
      'OPENID_CONNECT',
      'AWS_LAMBDA',
      'NONE',
      'IAM',
      'COGNITO_USER_POOL',
      'LAMBDA',
    ]) {
      expect(message).toContain(allowed);
    }
  });

  it('an authorization type in the wrong case is named in its right case', () => {
    const { message } = configErrorOf(() =>
      parseConfig(nativeWith({ authorizationType: 'amazon_cognito_user_pools' })),
    );
    expect(message).toContain('Did you mean AMAZON_COGNITO_USER_POOLS?');
    expect(configErrorOf(() => parseConfig(nativeWith({ endpointType: 'graphql' }))).message).toContain(
      'Did you mean GraphQL?',
    );
  });

  it('the defaultAuthMode error lists the allowed values', () => {
    const { message } = configErrorOf(() =>
      parseConfig(nativeWith({}), { libraryOptions: { API: { REST: { defaultAuthMode: 'userPool' } } } }),
    );
    expect(message).toContain("'none' or 'iam'");
  });

  it('an insecure endpoint says to use https or allowInsecureHttp', () => {
    const { message } = configErrorOf(() => parseConfig(nativeWith({ endpoint: 'http://api.example.com/' })));
    expect(message).toContain('https:');
    expect(message).toContain('{ allowInsecureHttp: true }');
  });

  it('a configuration of GraphQL APIs only names them', () => {
    const { message } = configErrorOf(() =>
      parseConfig({ awsAPIPlugin: { blog: { endpointType: 'GraphQL' }, chat: { endpointType: 'GraphQL' } } }),
    );
    expect(message).toContain('only GraphQL APIs: "blog", "chat"');
  });

  it('a duplicate name points at the first use', () => {
    const { message } = configErrorOf(() =>
      parseConfig(exportsWith({ API: { endpoints: [{ name: 'items', endpoint: 'https://b.example' }] } })),
    );
    expect(message).toContain('"items" is already used at aws_cloud_logic_custom[0]');
  });
});

// ---------------------------------------------------------------------------------------------------

describe('near misses and custom authorization types', () => {
  it.each([
    [{ API: { REST: { orders: { endPoint: restEndpoint } } } }, 'API.REST.orders.endPoint', 'endpoint'],
    [
      { version: '1', custom: { API: { orders: { endpoint: restEndpoint, Region: 'us-west-2' } } } },
      'custom.API.orders.Region',
      'region',
    ],
    [
      { aws_cloud_logic_custom: [{ name: 'orders', endpoint: restEndpoint, customHeader: () => ({}) }] },
      'aws_cloud_logic_custom[0].customHeader',
      'custom_header',
    ],
  ])('refuses a near miss of an entry key in every style: %#', (input, path, meant) => {
    const error = configErrorOf(() => parseConfig(input));
    expect(error.code).toBe('ERR_CONFIG_UNKNOWN_KEY');
    expect(error.path).toBe(path);
    expect(error.message).toContain(`did you mean "${meant}"?`);
  });

  it("ignores unknown keys that are no near miss (files carry keys of Amplify's of no use here)", () => {
    const config = parseConfig({ API: { REST: { orders: { endpoint: restEndpoint, paths: ['/items'] } } } });
    expect(config.apis.get('orders')?.endpoint.href).toBe(`${restEndpoint}/`);
  });

  it("accepts an authorizationType of the app's own only when it is registered, as written", () => {
    const file = { awsAPIPlugin: { partner: { endpoint: restEndpoint, authorizationType: 'custom' } } };
    const error = configErrorOf(() => parseConfig(file));
    expect(error.code).toBe('ERR_CONFIG_UNKNOWN_AUTH_TYPE');
    expect(
      parseConfig(file, { customAuthorizationTypes: ['custom'] }).apis.get('partner')?.authorizationType,
    ).toBe('custom');
    const wrong = configErrorOf(() => parseConfig(file, { customAuthorizationTypes: 'custom' as never }));
    expect(wrong.code).toBe('ERR_CONFIG_INVALID_TYPE');
    expect(wrong.path).toBe('options.customAuthorizationTypes');
  });
});

describe('getApi', () => {
  const config = parseConfig(amplifyconfigurationJson);

  it('returns the REST API of that name', () => {
    expect(getApi(config, 'catalog')).toBe(config.apis.get('catalog'));
  });

  it('returns the only API when no name is given', () => {
    const single = parseConfig(nativeWith({}));
    expect(getApi(single).name).toBe('orders');
  });

  it('refuses to choose among several when no name is given, and lists them', () => {
    const error = configErrorOf(() => getApi(config));
    expect([error.code, error.path]).toEqual(['ERR_CONFIG_UNKNOWN_API', '$']);
    expect(error.message).toContain('"orders", "catalog", "lambda"');
  });

  it('an unknown name: ERR_CONFIG_UNKNOWN_API listing the REST APIs', () => {
    const error = configErrorOf(() => getApi(config, 'invoices'));
    expect([error.code, error.path]).toEqual(['ERR_CONFIG_UNKNOWN_API', '$']);
    expect(error.message).toBe(
      '$: there is no REST API named "invoices". REST APIs in this configuration: "orders", "catalog", "lambda".',
    );
  });

  it('a GraphQL name: ERR_CONFIG_NOT_REST at its entry', () => {
    const error = configErrorOf(() => getApi(config, 'blog'));
    expect([error.code, error.path]).toEqual(['ERR_CONFIG_NOT_REST', 'api.plugins.awsAPIPlugin.blog']);
    expect(error.message).toContain('"blog" is a GraphQL API');
    expect(error.message).toContain('"orders", "catalog", "lambda"');
  });

  it('inherited names are not APIs', () => {
    expect(configErrorOf(() => getApi(config, 'constructor')).code).toBe('ERR_CONFIG_UNKNOWN_API');
  });
});
