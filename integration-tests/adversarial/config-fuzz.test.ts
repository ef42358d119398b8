import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { ConfigError, type ConfiguredApis, type FromConfigProviders, fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer } from '@ky-auth/oidc-token';
import { configMutations, secretCollector } from '@ky-auth/test-kit';
import { lambdaAuthorizer } from '@ky-auth/token';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { credentials, secrets } from './lib/fixtures.ts';

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
// Mutations: one to three, each at a node chosen among those present at that moment; the table core's
// parseConfig fuzz test applies too, planting a password the collector searches for.

const { mutation, applyMutations } = configMutations(secrets.password);

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
    const api = apis.config.apis.get(name);
    expect(api?.endpoint.protocol).toMatch(/^https?:$/);
    // Every authorization type but NONE gets the authorizer's interceptor (every authorizer is given):
    // an API that would send its requests unauthenticated is a failure, not an accepted configuration.
    const authorizing = apis.interceptors(name).filter(({ stage }) => stage === 'auth' || stage === 'sign');
    expect(authorizing.length).toBe(api?.authorizationType === 'NONE' ? 0 : 1);
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
