import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { ConfigError, type ConfiguredApis, type FromConfigProviders, fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer } from '@ky-auth/oidc-token';
import { lambdaAuthorizer } from '@ky-auth/token';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { credentials, secrets } from './lib/fixtures.ts';
import { secretCollector } from './lib/secrets.ts';

// Configuration files of every style fromConfig accepts, generated and then mutated, go through
// fromConfig with every authorizer supplied. Each must give a working client or a ConfigError with a
// path, whose message holds none of the file's secrets; nothing else may be thrown, and nothing may hang.
// A sample of the accepted ones makes a request through client(name), which must arrive authorized.
// (packages/core's parse-config.fuzz.test.ts checks parseConfig against a model; this goes further, to
// the interceptors the authorizer packages build and the request they send.)

const validRuns = 1000;
const mutatedRuns = 1500;
/** Every this many accepted configurations, one is kept for a request. */
const sampleEvery = 25;

const collector = secretCollector(secrets);

const providers: FromConfigProviders = {
  authorizers: {
    AWS_IAM: iamAuthorizer({ credentials }),
    API_KEY: apiKeyAuthorizer(),
    AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: () => secrets.opaqueToken }),
    OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: () => secrets.opaqueToken, scheme: 'Bearer' }),
    AWS_LAMBDA: lambdaAuthorizer({ getToken: () => secrets.opaqueToken }),
  },
  customHeaders,
};

// ---------------------------------------------------------------------------------------------------
// Generators

const regions = ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'cn-northwest-1', 'us-gov-west-1'];
const writtenTypes = [
  'AWS_IAM',
  'IAM',
  'API_KEY',
  'AMAZON_COGNITO_USER_POOLS',
  'COGNITO_USER_POOL',
  'OPENID_CONNECT',
  'AWS_LAMBDA',
  'LAMBDA',
  'NONE',
];
const stage = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const endpoint = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{10}$/), fc.constantFrom(...regions), stage)
      .map(([id, region, name]) => `https://${id}.execute-api.${region}.amazonaws.com/${name}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{12}$/), fc.constantFrom(...regions))
      .map(([id, region]) => `https://${id}.lambda-url.${region}.on.aws/`),
  },
  { weight: 1, arbitrary: stage.map((name) => `https://api.fuzz.example/${name}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('127.0.0.1', 'localhost', '[::1]'), fc.constantFrom(3000, 4010, 8080), stage)
      .map(([host, port, name]) => `http://${host}:${port}/${name}`),
  },
);
const apiKey = fc.constantFrom(secrets.apiKey, `${secrets.apiKey}-2`);

interface ApiEntry {
  readonly name: string;
  readonly endpoint: string;
  readonly region?: string;
  readonly authorizationType?: string;
  readonly apiKey?: string;
}
const entry = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 12 }),
    endpoint,
    region: fc.constantFrom(...regions),
    authorizationType: fc.constantFrom(...writtenTypes),
    apiKey,
  },
  { requiredKeys: ['name', 'endpoint'] },
);
const entries = fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: (api) => api.name });
const pools = fc.record({
  region: fc.constantFrom(...regions),
  userPool: fc.boolean(),
  identityPool: fc.boolean(),
  suffix: fc.stringMatching(/^[A-Za-z0-9]{9}$/),
});

const fields = ({ name: _name, ...rest }: ApiEntry) => rest;
/** Static custom headers: mostly fine, sometimes with controls, characters above U+00FF or 9,000 characters. */
const headerValues = fc.dictionary(
  fc.stringMatching(/^x-[a-z]{1,8}$/),
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(9000)) },
  ),
  { maxKeys: 3 },
);

const styles: fc.Arbitrary<unknown>[] = [
  // amplifyconfiguration.json
  fc.tuple(entries, pools, fc.boolean()).map(([apis, pool, nested]) => {
    const plugin = Object.fromEntries(
      apis.map((api) => [api.name, { endpointType: 'REST', ...fields(api) }]),
    );
    const auth = {
      ...(pool.userPool && {
        CognitoUserPool: {
          Default: {
            PoolId: `${pool.region}_${pool.suffix}`,
            AppClientId: 'fuzzclient',
            AppClientSecret: secrets.clientSecret,
            Region: pool.region,
          },
        },
      }),
      ...(pool.identityPool && {
        CredentialsProvider: {
          CognitoIdentity: {
            Default: { PoolId: `${pool.region}:0a1b2c3d-1111-2222-3333-444455556666`, Region: pool.region },
          },
        },
      }),
    };
    return nested
      ? { api: { plugins: { awsAPIPlugin: plugin } }, auth: { plugins: { awsCognitoAuthPlugin: auth } } }
      : { awsAPIPlugin: plugin, awsCognitoAuthPlugin: auth };
  }),
  // aws-exports, whose entries may carry static custom headers of any characters
  fc
    .tuple(entries, pools, fc.array(fc.option(headerValues), { maxLength: 5 }))
    .map(([apis, pool, headers]) => ({
      aws_project_region: pool.region,
      aws_cloud_logic_custom: apis.map((api, index) => ({
        ...api,
        ...(headers[index] !== undefined && headers[index] !== null && { custom_header: headers[index] }),
      })),
      ...(pool.userPool && {
        aws_cognito_region: pool.region,
        aws_user_pools_id: `${pool.region}_${pool.suffix}`,
        aws_user_pools_web_client_id: 'fuzzclient',
      }),
      ...(pool.identityPool && {
        aws_cognito_region: pool.region,
        aws_cognito_identity_pool_id: `${pool.region}:0a1b2c3d-1111-2222-3333-444455556666`,
      }),
    })),
  // Gen2 resource config
  fc
    .tuple(
      entries,
      pools,
      fc.option(fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), fc.string({ maxLength: 20 }))),
    )
    .map(([apis, pool, headers]) => ({
      API: { REST: Object.fromEntries(apis.map((api) => [api.name, fields(api)])) },
      ...((pool.userPool || pool.identityPool) && {
        Auth: {
          Cognito: {
            ...(pool.userPool && {
              userPoolId: `${pool.region}_${pool.suffix}`,
              userPoolClientId: 'fuzzclient',
            }),
            ...(pool.identityPool && {
              identityPoolId: `${pool.region}:0a1b2c3d-1111-2222-3333-444455556666`,
            }),
          },
        },
      }),
      ...(headers !== null && { headers }),
    })),
  // amplify_outputs.json
  fc.tuple(entries, pools).map(([apis, pool]) => ({
    version: '1.4',
    custom: { API: Object.fromEntries(apis.map((api) => [api.name, { ...fields(api), apiName: api.name }])) },
    ...((pool.userPool || pool.identityPool) && {
      auth: {
        aws_region: pool.region,
        ...(pool.userPool && {
          user_pool_id: `${pool.region}_${pool.suffix}`,
          user_pool_client_id: 'fuzzclient',
        }),
        ...(pool.identityPool && { identity_pool_id: `${pool.region}:0a1b2c3d-1111-2222-3333-444455556666` }),
      },
    }),
  })),
];

// ---------------------------------------------------------------------------------------------------
// Mutations: one to three, each at a node chosen among those present at that moment.

type Path = readonly (string | number)[];
const isTree = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  (Array.isArray(value) || [Object.prototype, null].includes(Object.getPrototypeOf(value)));

function pathsOf(root: unknown): Path[] {
  const paths: Path[] = [[]];
  for (let index = 0; index < paths.length && paths.length < 300; index++) {
    const path = paths[index] as Path;
    const node = valueAt(root, path);
    if (path.length >= 8 || !isTree(node)) continue;
    for (const key of Object.keys(node)) paths.push([...path, Array.isArray(node) ? Number(key) : key]);
  }
  return paths;
}
function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = isTree(node) ? node[key as string] : undefined;
  return node;
}
const define = (target: Record<string, unknown>, key: string | number, value: unknown) =>
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });

const keyNames = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'endpoint',
    'region',
    'authorizationType',
    'apiKey',
    'API_KEY',
    'custom_header',
    'REST',
    'headers',
    'Auth',
    'version',
  ),
);
const anything = fc.anything({
  key: keyNames,
  maxDepth: 3,
  maxKeys: 4,
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});
const edits: ((value: string) => string)[] = [
  (value) => value.toUpperCase(),
  (value) => ` ${value}\n`,
  (value) => value.replace('https:', 'http:'),
  (value) => value.replace('://', `://user:${secrets.password}@`),
  (value) => `${value}?key=${secrets.apiKey}`,
  (value) => `${value}\r\nx-injected: 1`,
  (value) => value.slice(0, Math.floor(value.length / 2)),
  (value) => `javascript:${value}`,
  () => '',
];
type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'wrap' }
  | { kind: 'huge' }
  | { kind: 'deep' }
  | { kind: 'edit'; edit: number }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'function' };
const mutation = fc.record({
  at: fc.nat(),
  change: fc.oneof(
    { weight: 4, arbitrary: anything.map((value): Mutation => ({ kind: 'replace', value })) },
    fc.constant<Mutation>({ kind: 'delete' }),
    fc.constant<Mutation>({ kind: 'wrap' }),
    fc.constant<Mutation>({ kind: 'huge' }),
    fc.constant<Mutation>({ kind: 'deep' }),
    fc.constant<Mutation>({ kind: 'function' }),
    { weight: 4, arbitrary: fc.nat(edits.length - 1).map((edit): Mutation => ({ kind: 'edit', edit })) },
    {
      weight: 2,
      arbitrary: fc.tuple(keyNames, anything).map(([key, value]): Mutation => ({ kind: 'add', key, value })),
    },
  ),
});

function mutated(value: unknown, change: Mutation): unknown {
  switch (change.kind) {
    case 'replace':
      return change.value;
    case 'delete':
      return undefined;
    case 'wrap':
      return [value];
    case 'huge':
      return `https://api.fuzz.example/${'a'.repeat(100_000)}`;
    case 'deep': {
      let nested: unknown = value;
      for (let level = 0; level < 3000; level++) nested = { endpoint: nested };
      return nested;
    }
    case 'function':
      // aws-exports may hold a custom_header function; any value may turn out to be one.
      return async () => ({ 'x-from-function': 'yes' });
    case 'edit':
      return typeof value === 'string' ? (edits[change.edit] as (text: string) => string)(value) : value;
    case 'add':
      if (isTree(value) && !Array.isArray(value)) define(value, change.key, change.value);
      return value;
  }
}

function applyMutations(input: unknown, mutations: readonly { at: number; change: Mutation }[]): unknown {
  // JSON, not structuredClone: under jest the latter makes objects of another realm, which isTree refuses.
  let root: unknown = JSON.parse(JSON.stringify(input));
  for (const { at, change } of mutations) {
    const paths = pathsOf(root);
    const path = paths[at % paths.length] as Path;
    const key = path.at(-1);
    if (key === undefined) {
      root = mutated(root, change);
      continue;
    }
    const parent = valueAt(root, path.slice(0, -1)) as Record<string, unknown>;
    if (change.kind === 'delete') delete parent[key as string];
    else define(parent, key, mutated(parent[key as string], change));
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------

const outcomes = new Map<string, number>();
const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
const samples: ConfiguredApis[] = [];
let accepted = 0;

function expectSound(input: unknown): void {
  let apis: ConfiguredApis;
  try {
    apis = fromConfig(input, providers);
  } catch (error) {
    collector.collect(error);
    if (!(error instanceof ConfigError)) throw error;
    expect(error.code).toMatch(/^ERR_CONFIG_[A-Z_]+$/);
    expect(typeof error.path === 'string' && error.path.length > 0).toBe(true);
    tally(error.code);
    return;
  }
  tally('accepted');
  expect(apis.names.length).toBeGreaterThan(0);
  for (const name of apis.names) {
    expect(apis.interceptors(name).length).toBeGreaterThanOrEqual(0);
    const api = apis.config.apis.get(name);
    expect(api?.endpoint.protocol).toMatch(/^https?:$/);
  }
  accepted += 1;
  if (accepted % sampleEvery === 0) samples.push(apis);
}

/** What the catch-all API saw: the endpoint origin each request went to, and its auth headers. */
const arrived: { url: string; authorization: string | null; apiKey: string | null; headers: string[] }[] = [];
const server = setupServer(
  http.all('*', ({ request }) => {
    arrived.push({
      url: request.url,
      authorization: request.headers.get('authorization'),
      apiKey: request.headers.get('x-api-key'),
      headers: [...request.headers.keys()],
    });
    return HttpResponse.json({ ok: true });
  }),
);
let restoreConsole: () => void = () => undefined;
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  restoreConsole = collector.captureConsole();
});
/** Printed once the console is ours again. */
let summary = '';
afterAll(() => {
  restoreConsole();
  server.close();
  if (summary !== '') console.info(summary);
});

it(`${4 * (validRuns + mutatedRuns)} generated and mutated configurations: a client or a ConfigError with a path`, () => {
  const started = performance.now();
  styles.forEach((style, index) => {
    fc.assert(fc.property(style, expectSound), { numRuns: validRuns, seed: 1000 + index });
    fc.assert(
      fc.property(style, fc.array(mutation, { minLength: 1, maxLength: 3 }), (input, mutations) =>
        expectSound(applyMutations(input, mutations)),
      ),
      { numRuns: mutatedRuns, seed: 2000 + index },
    );
  });
  const total = [...outcomes.values()].reduce((sum, count) => sum + count, 0);
  summary = `config fuzz: ${total} configurations in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(Object.fromEntries(outcomes))}`;
  expect(total).toBe(4 * (validRuns + mutatedRuns));
  // Both outcomes are common: a generator that only ever reached one would prove little.
  expect(outcomes.get('accepted')).toBeGreaterThan(2000);
  expect(total - (outcomes.get('accepted') ?? 0)).toBeGreaterThan(1000);
});

it('a sample of the accepted configurations sends an authorized request through client(name)', async () => {
  expect(samples.length).toBeGreaterThan(50);
  for (const apis of samples) {
    for (const name of apis.names.slice(0, 2)) {
      const api = apis.config.apis.get(name)!;
      arrived.length = 0;
      const response = await apis.client(name).get('fuzz/item', { retry: 0 });
      expect(response.status).toBe(200);
      expect(arrived).toHaveLength(1);
      const [seen] = arrived as [(typeof arrived)[number]];
      expect(seen.url).toBe(new URL('fuzz/item', api.endpoint).href);
      switch (api.authorizationType) {
        case 'AWS_IAM':
          expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAADVERSARIAL00001\//);
          break;
        case 'API_KEY':
          expect(seen.apiKey).toBe(api.apiKey);
          break;
        case 'OPENID_CONNECT':
          expect(seen.authorization).toBe(`Bearer ${secrets.opaqueToken}`);
          break;
        case 'AMAZON_COGNITO_USER_POOLS':
        case 'AWS_LAMBDA':
          expect(seen.authorization).toBe(secrets.opaqueToken);
          break;
        case 'NONE':
          expect(seen.authorization).toBeNull();
          expect(seen.apiKey).toBeNull();
          break;
      }
    }
  }
});

it('leaks no secret of a configuration file in any ConfigError', () => {
  expect(collector.size).toBeGreaterThan(1000);
  expect(collector.leaks()).toEqual([]);
});
