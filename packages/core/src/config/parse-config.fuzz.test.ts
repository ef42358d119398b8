import { parseAWSExports } from '@aws-amplify/core/internals/utils';
import { describe, expect, it } from '@jest/globals';
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
// Mutations

type Path = readonly (string | number)[];
/** A plain object or array, which mutations may edit in place; boxed values, maps and views are leaves. */
function treeOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Every node's path, breadth first, to a bounded depth: mutations may have nested things deeply. */
function pathsOf(root: unknown): Path[] {
  const paths: Path[] = [[]];
  for (let index = 0; index < paths.length && paths.length < 400; index++) {
    const path = paths[index] as Path;
    if (path.length >= 8) continue;
    const node = treeOf(valueAt(root, path));
    if (node === undefined) continue;
    for (const key of Object.keys(node)) paths.push([...path, Array.isArray(node) ? Number(key) : key]);
  }
  return paths;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = treeOf(node)?.[key as string];
  return node;
}

/** Sets an own property, even one called `__proto__`. */
function define(target: Record<string, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  const node = treeOf(value);
  if (node === undefined) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) define(copy, key, clone(node[key]));
  return copy;
}

const nested = (depth: number, asArray: boolean) => {
  let value: unknown = secret;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { endpoint: value };
  return value;
};

const keyNames = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'endpoint',
    'endpointType',
    'region',
    'authorizationType',
    'apiKey',
    'API_KEY',
    'name',
    'custom_header',
    // Near misses of an entry's keys, which the parser refuses rather than ignores.
    'authorisationType',
    'endPoint',
    'apikey',
    'plugins',
    'awsAPIPlugin',
    'REST',
    'API',
    'Auth',
    'auth',
    'custom',
    'version',
    'aws_project_region',
    'CognitoUserPool',
    'Default',
    'PoolId',
  ),
);
const anyValue = fc.anything({
  key: keyNames,
  maxDepth: 3,
  maxKeys: 5,
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
});
const stringEdits: ((value: string) => string)[] = [
  (value) => value.toUpperCase(),
  (value) => value.toLowerCase(),
  (value) => ` ${value}\n`,
  (value) => value.replace('https:', 'http:'),
  (value) => `${value}?q=${secret}`,
  (value) => value.replace('://', `://user:${secret}@`),
  (value) => value.slice(1),
  () => '',
];

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'wrap' }
  | { kind: 'repeatFirst' }
  | { kind: 'secret'; form: number }
  | { kind: 'huge' }
  | { kind: 'deep'; asArray: boolean }
  | { kind: 'nullPrototype' }
  | { kind: 'editString'; edit: number }
  | { kind: 'addKey'; key: string; value: unknown };

const mutation: fc.Arbitrary<{ at: number; change: Mutation }> = fc.record({
  at: fc.nat(),
  change: fc.oneof(
    { weight: 4, arbitrary: anyValue.map((value): Mutation => ({ kind: 'replace', value })) },
    fc.constant<Mutation>({ kind: 'delete' }),
    fc.constant<Mutation>({ kind: 'wrap' }),
    fc.constant<Mutation>({ kind: 'repeatFirst' }),
    fc.nat(3).map((form): Mutation => ({ kind: 'secret', form })),
    fc.constant<Mutation>({ kind: 'huge' }),
    fc.boolean().map((asArray): Mutation => ({ kind: 'deep', asArray })),
    fc.constant<Mutation>({ kind: 'nullPrototype' }),
    {
      weight: 3,
      arbitrary: fc.nat(stringEdits.length - 1).map((edit): Mutation => ({ kind: 'editString', edit })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(keyNames, anyValue)
        .map(([key, value]): Mutation => ({ kind: 'addKey', key, value })),
    },
  ),
});

function mutated(value: unknown, change: Mutation): unknown {
  switch (change.kind) {
    case 'replace':
      return change.value;
    case 'wrap':
      return [value];
    case 'repeatFirst':
      return Array.isArray(value) && value.length > 0 ? [...value, value[0]] : value;
    case 'secret':
      return [
        secret,
        `https://u:${secret}@api.example.com/`,
        `https://api.example.com/${secret}?k=${secret}`,
        { apiKey: secret },
      ][change.form];
    case 'huge':
      return `https://api.example.com/${'a'.repeat(100_000)}`;
    case 'deep':
      return nested(5000, change.asArray);
    case 'nullPrototype': {
      const node = treeOf(value);
      return node === undefined || Array.isArray(node) ? value : Object.assign(Object.create(null), node);
    }
    case 'editString':
      return typeof value === 'string'
        ? (stringEdits[change.edit] as (value: string) => string)(value)
        : value;
    case 'addKey': {
      const node = treeOf(value);
      if (node !== undefined && !Array.isArray(node)) define(node, change.key, change.value);
      return value;
    }
    case 'delete':
      return undefined;
  }
}

/** The input with each mutation applied at a node chosen among those present at that moment. */
function applyMutations(input: unknown, mutations: readonly { at: number; change: Mutation }[]): unknown {
  let root = clone(input);
  for (const { at, change } of mutations) {
    const paths = pathsOf(root);
    const path = paths[at % paths.length] as Path;
    const key = path.at(-1);
    if (key === undefined) {
      root = mutated(root, change);
      continue;
    }
    // API names are quoted in messages by design (they name what is wrong): no secret is planted there.
    if (key === 'name' && (change.kind === 'secret' || change.kind === 'editString')) continue;
    const parent = treeOf(valueAt(root, path.slice(0, -1))) as Record<string, unknown>;
    if (change.kind === 'delete') delete parent[key as string];
    else define(parent, key, mutated(parent[key as string], change));
  }
  return root;
}

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
      hostname === 'localhost' ||
      hostname.endsWith('.localhost') ||
      hostname === '[::1]' ||
      /^127\.\d+\.\d+\.\d+$/.test(hostname);
    expect(protocol === 'https:' || (protocol === 'http:' && loopbackHost)).toBe(true);
    expect([username, password, search, hash]).toEqual(['', '', '', '']);
    expect(pathname.endsWith('/')).toBe(true);
    expect(canonicalTypes.has(parsed.authorizationType)).toBe(true);
    if (parsed.region !== undefined) expect(parsed.region).toMatch(/^[a-z]{2,4}(-[a-z]+){1,3}-\d+$/);
    expect(parsed.apiKey === undefined || typeof parsed.apiKey === 'string').toBe(true);
    expect(parsed.path.length).toBeGreaterThan(0);
  }
}

describe('parseConfig under generated input', () => {
  it.each(styles)('%s: a valid configuration means what its model says', (_style, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (model) => {
        expectMatchesModel(parseConfig(model.input), model);
      }),
      { numRuns: validRuns },
    );
  });

  it("aws-exports: the same as Amplify's own conversion of it to the Gen2 resource config", () => {
    fc.assert(
      fc.property(awsExportsAsAmplifyReadsThem, (model) => {
        const viaAmplify = parseAWSExports(model.input);
        expectMatchesModel(parseConfig(viaAmplify), { ...model, style: 'gen2' });
      }),
      { numRuns: 200 },
    );
  });

  it.each(styles)(
    '%s, mutated: a sound NormalizedConfig or a ConfigError with a path and no secret',
    (_style, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, fc.array(mutation, { minLength: 1, maxLength: 4 }), (model, mutations) => {
          expectSoundOutcome(applyMutations(model.input, mutations));
        }),
        { numRuns: mutatedRuns },
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
      { numRuns: anythingRuns },
    );
  });

  it('the mutated and arbitrary inputs reached both outcomes and every error code parseConfig throws', () => {
    expect(outcomes.get('parsed')).toBeGreaterThan(500);
    // ERR_CONFIG_NOT_REST and ERR_CONFIG_UNKNOWN_API are getApi's; the codes after ERR_CONFIG_UNKNOWN_KEY
    // are fromConfig's and the authorizers'.
    const parserCodes = configErrorCodes.slice(0, configErrorCodes.indexOf('ERR_CONFIG_UNKNOWN_KEY') + 1);
    const unseen = parserCodes.filter((code) => !outcomes.has(code));
    expect(unseen).toEqual(['ERR_CONFIG_NOT_REST', 'ERR_CONFIG_UNKNOWN_API']);
  });
});
