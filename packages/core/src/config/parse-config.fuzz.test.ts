import { parseAWSExports } from '@aws-amplify/core/internals/utils';
import { describe, expect, it } from '@jest/globals';
import { configMutations } from '@ky-auth/test-kit';
import fc from 'fast-check';
import { ConfigError } from '../errors.ts';
import { configErrorCodes } from './error-codes.ts';
import { parseConfig } from './parse-config.ts';
import type { NormalizedConfig } from './types.ts';

// Generated configurations of each style, checked against a model of what they mean, then mutated:
// whatever the input, parseConfig returns a sound NormalizedConfig or throws a ConfigError with a
// documented code, a path, and no secret in its message. 11,000 runs in all.
const validRuns = 1000;
const mutatedRuns = 1500;
const anythingRuns = 1000;

const secret = 'FuzzSecret-DoNotLeak-9f8e7d6c5b4a';

// Real regions (botocore's partitions.json) and the authorization types as written in Amplify files.
const regions = [
  'us-east-1',
  'eu-central-2',
  'ap-southeast-7',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-isob-east-1',
  'eusc-de-east-1',
];
const canonicalOf: Record<string, string> = {
  AWS_IAM: 'AWS_IAM',
  IAM: 'AWS_IAM',
  API_KEY: 'API_KEY',
  AMAZON_COGNITO_USER_POOLS: 'AMAZON_COGNITO_USER_POOLS',
  COGNITO_USER_POOL: 'AMAZON_COGNITO_USER_POOLS',
  OPENID_CONNECT: 'OPENID_CONNECT',
  AWS_LAMBDA: 'AWS_LAMBDA',
  LAMBDA: 'AWS_LAMBDA',
  NONE: 'NONE',
};
const canonicalTypes = new Set(Object.values(canonicalOf));

interface ModelApi {
  readonly name: string;
  readonly endpoint: string;
  /** The href the endpoint must normalize to, written independently of the parser. */
  readonly href: string;
  readonly region: string | undefined;
  readonly writtenType: string | undefined;
  readonly keyField: 'apiKey' | 'API_KEY' | undefined;
}

interface Model {
  readonly input: Record<string, unknown>;
  readonly style: NormalizedConfig['style'];
  readonly apis: readonly ModelApi[];
  readonly graphql: readonly string[];
  readonly userPool: { poolId: string; clientId: string; region: string } | undefined;
  readonly identityPool: { poolId: string; region: string } | undefined;
}

const stage = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const executeApi = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{10}$/),
    region: fc.constantFrom(...regions),
    stage,
    slash: fc.boolean(),
  })
  .map(({ id, region, stage, slash }) => ({
    endpoint: `https://${id}.execute-api.${region}.amazonaws.com/${stage}${slash ? '/' : ''}`,
    href: `https://${id}.execute-api.${region}.amazonaws.com/${stage}/`,
  }));
const loopback = fc
  .record({
    host: fc.constantFrom('localhost', '127.0.0.1', '127.8.9.10', '[::1]'),
    port: fc.integer({ min: 1, max: 65535 }),
    stage,
  })
  .map(({ host, port, stage }) => ({
    endpoint: `http://${host}:${port}/${stage}`,
    href: `http://${host}${port === 80 ? '' : `:${port}`}/${stage}/`,
  }));
const endpoint = fc.oneof({ weight: 4, arbitrary: executeApi }, { weight: 1, arbitrary: loopback });

const api = (name: fc.Arbitrary<string>) =>
  fc
    .record({
      name,
      at: endpoint,
      region: fc.option(fc.constantFrom(...regions), { nil: undefined }),
      writtenType: fc.option(fc.constantFrom(...Object.keys(canonicalOf)), { nil: undefined }),
      keyField: fc.option(fc.constantFrom('apiKey' as const, 'API_KEY' as const), { nil: undefined }),
    })
    .map(({ at, ...rest }): ModelApi => ({ ...rest, ...at }));

const anyName = fc.string({ minLength: 1, maxLength: 12 });
const apiList = fc.uniqueArray(api(anyName), { minLength: 1, maxLength: 6, selector: (entry) => entry.name });

function entryOf(model: ModelApi): Record<string, unknown> {
  return {
    endpoint: model.endpoint,
    ...(model.region === undefined ? {} : { region: model.region }),
    ...(model.writtenType === undefined ? {} : { authorizationType: model.writtenType }),
    ...(model.keyField === undefined ? {} : { [model.keyField]: secret }),
  };
}

const pools = fc.record({
  region: fc.constantFrom(...regions),
  userPool: fc.boolean(),
  identityPool: fc.boolean(),
  suffix: fc.stringMatching(/^[A-Za-z0-9]{9}$/),
  clientId: fc.stringMatching(/^[a-z0-9]{26}$/),
});
type Pools = typeof pools extends fc.Arbitrary<infer T> ? T : never;
const modelPools = ({ region, userPool, identityPool, suffix, clientId }: Pools) => ({
  userPool: userPool ? { poolId: `${region}_${suffix}`, clientId, region } : undefined,
  identityPool: identityPool
    ? { poolId: `${region}:0a1b2c3d-4e5f-6789-abcd-${suffix.toLowerCase()}123`, region }
    : undefined,
});

const native: fc.Arbitrary<Model> = fc
  .record({
    apis: apiList,
    graphql: fc.uniqueArray(anyName, { maxLength: 3 }),
    pools,
    topLevel: fc.boolean(),
    writeEndpointType: fc.boolean(),
  })
  .map(({ apis, graphql, pools, topLevel, writeEndpointType }) => {
    const restNames = new Set(apis.map((entry) => entry.name));
    const graphqlNames = graphql.filter((name) => !restNames.has(name));
    const plugin = Object.fromEntries([
      ...apis.map((entry) => [
        entry.name,
        { ...(writeEndpointType ? { endpointType: 'REST' } : {}), ...entryOf(entry) },
      ]),
      ...graphqlNames.map((name) => [
        name,
        {
          endpointType: 'GraphQL',
          endpoint: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql',
          apiKey: secret,
        },
      ]),
    ]);
    const { userPool, identityPool } = modelPools(pools);
    const cognito = {
      ...(userPool && {
        CognitoUserPool: {
          Default: {
            PoolId: userPool.poolId,
            AppClientId: userPool.clientId,
            AppClientSecret: secret,
            Region: userPool.region,
          },
        },
      }),
      ...(identityPool && {
        CredentialsProvider: {
          CognitoIdentity: { Default: { PoolId: identityPool.poolId, Region: identityPool.region } },
        },
      }),
    };
    const input = topLevel
      ? { awsAPIPlugin: plugin, awsCognitoAuthPlugin: cognito }
      : {
          UserAgent: 'aws-amplify-cli/2.0',
          Version: '1.0',
          api: { plugins: { awsAPIPlugin: plugin } },
          auth: { plugins: { awsCognitoAuthPlugin: cognito } },
        };
    return { input, style: 'amplifyconfiguration', apis, graphql: graphqlNames, userPool, identityPool };
  });

const awsExportsOf = (list: fc.Arbitrary<ModelApi[]>): fc.Arbitrary<Model> =>
  fc.record({ apis: list, pools }).map(({ apis, pools }) => {
    const { userPool, identityPool } = modelPools(pools);
    const input = {
      aws_project_region: pools.region,
      aws_cloud_logic_custom: apis.map((entry) => ({ name: entry.name, ...entryOf(entry) })),
      ...(userPool || identityPool ? { aws_cognito_region: pools.region } : {}),
      ...(userPool && {
        aws_user_pools_id: userPool.poolId,
        aws_user_pools_web_client_id: userPool.clientId,
      }),
      ...(identityPool && { aws_cognito_identity_pool_id: identityPool.poolId }),
    };
    return { input, style: 'aws-exports', apis, graphql: [], userPool, identityPool };
  });
const awsExports = awsExportsOf(apiList);
// What Amplify's own parseAWSExports carries over: no authorization type, no API key.
const awsExportsAsAmplifyReadsThem = awsExportsOf(
  apiList.map((apis) => apis.map((entry) => ({ ...entry, writtenType: undefined, keyField: undefined }))),
);

const gen2: fc.Arbitrary<Model> = fc.record({ apis: apiList, pools }).map(({ apis, pools }) => {
  const { userPool, identityPool } = modelPools(pools);
  const input = {
    API: { REST: Object.fromEntries(apis.map((entry) => [entry.name, entryOf(entry)])) },
    ...(userPool || identityPool
      ? {
          Auth: {
            Cognito: {
              ...(userPool && { userPoolId: userPool.poolId, userPoolClientId: userPool.clientId }),
              ...(identityPool && { identityPoolId: identityPool.poolId, allowGuestAccess: true }),
            },
          },
        }
      : {}),
  };
  return { input, style: 'gen2', apis, graphql: [], userPool, identityPool };
});

const amplifyOutputs: fc.Arbitrary<Model> = fc.record({ apis: apiList, pools }).map(({ apis, pools }) => {
  const { userPool, identityPool } = modelPools(pools);
  const input = {
    version: '1.4',
    custom: {
      API: Object.fromEntries(apis.map((entry) => [entry.name, { ...entryOf(entry), apiName: entry.name }])),
    },
    ...(userPool || identityPool
      ? {
          auth: {
            aws_region: pools.region,
            ...(userPool && { user_pool_id: userPool.poolId, user_pool_client_id: userPool.clientId }),
            ...(identityPool && { identity_pool_id: identityPool.poolId }),
          },
        }
      : {}),
  };
  return { input, style: 'amplify_outputs', apis, graphql: [], userPool, identityPool };
});

const styles: [string, fc.Arbitrary<Model>][] = [
  ['amplifyconfiguration.json', native],
  ['aws-exports', awsExports],
  ['Gen2 resource config', gen2],
  ['amplify_outputs.json', amplifyOutputs],
];

// By name: objects list integer-like keys ("0", "42") first, whatever order the file wrote them in.
const byName = (left: readonly unknown[], right: readonly unknown[]) =>
  String(left[0]) < String(right[0]) ? -1 : 1;

function expectMatchesModel(config: NormalizedConfig, model: Model): void {
  expect(config.style).toBe(model.style);
  expect(
    [...config.apis.values()]
      .map((parsed) => [
        parsed.name,
        parsed.endpoint.href,
        parsed.region,
        parsed.authorizationType,
        parsed.apiKey,
      ])
      .sort(byName),
  ).toEqual(
    model.apis
      .map((entry) => [
        entry.name,
        entry.href,
        entry.region,
        canonicalOf[entry.writtenType ?? 'AWS_IAM'],
        entry.keyField === undefined ? undefined : secret,
      ])
      .sort(byName),
  );
  expect([...(config.graphqlApis?.keys() ?? [])].sort()).toEqual([...model.graphql].sort());
  expect(
    config.userPool && {
      poolId: config.userPool.poolId,
      clientId: config.userPool.clientId,
      region: config.userPool.region,
    },
  ).toEqual(model.userPool);
  expect(
    config.identityPool && { poolId: config.identityPool.poolId, region: config.identityPool.region },
  ).toEqual(model.identityPool);
}

// ---------------------------------------------------------------------------------------------------
// Mutations: the table integration-tests' fromConfig fuzz test applies too, planting this file's secret.

const { mutation, anyValue, applyMutations } = configMutations(secret);

/** How often each outcome was seen: a generator that only ever reached one error would prove little. */
const outcomes = new Map<string, number>();
const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

/** The property every input must satisfy. */
function expectSoundOutcome(input: unknown): void {
  let config: NormalizedConfig;
  try {
    config = parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { code, path, message } = error as ConfigError;
    count(code);
    expect(configErrorCodes).toContain(code);
    expect(typeof path === 'string' && path.length > 0).toBe(true);
    expect(message).not.toContain(secret);
    return;
  }
  count('parsed');
  expect(['amplifyconfiguration', 'aws-exports', 'gen2', 'amplify_outputs']).toContain(config.style);
  expect(config.apis.size).toBeGreaterThan(0);
  for (const [name, parsed] of config.apis) {
    expect(parsed.name).toBe(name);
    expect(parsed.endpoint).toBeInstanceOf(URL);
    const { protocol, hostname, username, password, search, hash, pathname } = parsed.endpoint;
    const loopbackHost =
      hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
    expect(protocol === 'https:' || (protocol === 'http:' && loopbackHost)).toBe(true);
    expect([username, password, search, hash]).toEqual(['', '', '', '']);
    expect(pathname.endsWith('/')).toBe(true);
    expect(canonicalTypes.has(parsed.authorizationType)).toBe(true);
    if (parsed.region !== undefined) expect(parsed.region).toMatch(/^[a-z]{2,4}(-[a-z]+){1,3}-\d+$/);
    expect(parsed.apiKey === undefined || typeof parsed.apiKey === 'string').toBe(true);
    expect(parsed.path.length).toBeGreaterThan(0);
  }
}

// Seeded, as the integration fuzz test is: the last test asserts that every code parseConfig throws was
// reached, which a fresh random draw each run would make flaky (ERR_CONFIG_DUPLICATE_API is rare).
describe('parseConfig under generated input', () => {
  it.each(styles)('%s: a valid configuration means what its model says', (_style, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (model) => {
        expectMatchesModel(parseConfig(model.input), model);
      }),
      { numRuns: validRuns, seed: 3001 },
    );
  });

  it("aws-exports: the same as Amplify's own conversion of it to the Gen2 resource config", () => {
    fc.assert(
      fc.property(awsExportsAsAmplifyReadsThem, (model) => {
        const viaAmplify = parseAWSExports(model.input);
        expectMatchesModel(parseConfig(viaAmplify), { ...model, style: 'gen2' });
      }),
      { numRuns: 200, seed: 3002 },
    );
  });

  it.each(styles)(
    '%s, mutated: a sound NormalizedConfig or a ConfigError with a path and no secret',
    (_style, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, fc.array(mutation, { minLength: 1, maxLength: 4 }), (model, mutations) => {
          expectSoundOutcome(applyMutations(model.input, mutations));
        }),
        { numRuns: mutatedRuns, seed: 3003 },
      );
    },
  );

  it('anything at all, at the top or inside each style’s containers', () => {
    const containers = (value: unknown) =>
      fc.constantFrom(
        value,
        { awsAPIPlugin: value },
        { api: { plugins: { awsAPIPlugin: { orders: value } } } },
        { aws_project_region: 'us-east-1', aws_cloud_logic_custom: value },
        { aws_cloud_logic_custom: [value] },
        { API: { REST: value } },
        { API: { REST: { orders: value } } },
        { version: '1', custom: { API: value } },
        { Auth: { Cognito: value }, API: { REST: { a: { endpoint: 'https://a.example' } } } },
        {
          ...{ awsAPIPlugin: { a: { endpoint: 'https://a.example' } } },
          auth: { plugins: { awsCognitoAuthPlugin: value } },
        },
      );
    fc.assert(
      fc.property(anyValue.chain(containers), (input) => {
        expectSoundOutcome(input);
      }),
      { numRuns: anythingRuns, seed: 3004 },
    );
  });

  it('the mutated and arbitrary inputs reached both outcomes and every error code parseConfig throws', () => {
    expect(outcomes.get('parsed')).toBeGreaterThan(500);
    // ERR_CONFIG_NOT_REST and ERR_CONFIG_UNKNOWN_API are getApi's; the codes after ERR_CONFIG_UNKNOWN_KEY
    // are fromConfig's, authHooks' and the authorizers'.
    const parserCodes = configErrorCodes.slice(0, configErrorCodes.indexOf('ERR_CONFIG_UNKNOWN_KEY') + 1);
    const unseen = parserCodes.filter((code) => !outcomes.has(code));
    expect(unseen).toEqual(['ERR_CONFIG_NOT_REST', 'ERR_CONFIG_UNKNOWN_API']);
  });
});
