// The per-format entries (`@ky-auth/core/config/…`, issue 25): each reads the Amplify pages' snippets of
// its own style to the very configuration the do-it-all door gives, and refuses every other style with a
// typed error naming the entry that reads it.
import { describe, expect, it } from '@jest/globals';
import {
  configureArguments,
  restEndpoint,
  seed,
  seedJson,
  withoutLineNumbers,
} from '@ky-auth/test-kit/amplify-seeds';
import type { Interceptor } from '../engine/types.ts';
import { ConfigError } from '../errors.ts';
import { defineAuthorizer } from './define-authorizer.ts';
import { fromAmplifyConfiguration } from './from-amplify-configuration.ts';
import { fromAmplifyOutputs } from './from-amplify-outputs.ts';
import { fromAwsExports } from './from-aws-exports.ts';
import { fromConfig } from './from-config.ts';
import { fromGen2Config } from './from-gen2-config.ts';
import type { NormalizedConfig } from './types.ts';

type Door = typeof fromConfig;

/** A stand-in authorizer of every built-in type the snippets use: the doors only build it. */
const stand = (type: 'AWS_IAM' | 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT') =>
  defineAuthorizer(
    type,
    ({ api }): Interceptor => ({ name: `${type}:${api.name}`, stage: 'auth', apply: () => undefined }),
  );
const providers = {
  authorizers: {
    AWS_IAM: stand('AWS_IAM'),
    API_KEY: stand('API_KEY'),
    AMAZON_COGNITO_USER_POOLS: stand('AMAZON_COGNITO_USER_POOLS'),
    OPENID_CONNECT: stand('OPENID_CONNECT'),
  },
  customHeaders: (_source: unknown, { name }: { name: string }): Interceptor => ({
    name: `custom-headers:${name}`,
    stage: 'headers',
    apply: () => undefined,
  }),
};

/** The configuration's plain values (URLs as their href), for a comparison that sees every field. */
const plain = (config: NormalizedConfig) => ({
  ...config,
  apis: [...config.apis.values()].map((api) => ({ ...api, endpoint: api.endpoint.href })),
  graphqlApis: [...(config.graphqlApis ?? new Map()).entries()],
});

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but none was thrown');
}

// Gen2 resource config and amplify_outputs.json of the test's own: the Gen2 page (seed 003) prints only
// `Amplify.configure`'s second argument, with `outputs` for the first.
const gen2Resources = {
  API: { REST: { myRestApi: { endpoint: restEndpoint, region: 'us-west-2' } } },
  Auth: { Cognito: { userPoolId: 'us-west-2_AbCdEfGhI', userPoolClientId: '1example23456789abcdefghij' } },
};
const amplifyOutputs = {
  version: '1.4',
  auth: {
    aws_region: 'us-west-2',
    user_pool_id: 'us-west-2_AbCdEfGhI',
    user_pool_client_id: '1example23456789abcdefghij',
  },
  custom: { API: { myRestApi: { endpoint: restEndpoint, region: 'us-west-2', apiName: 'myRestApi' } } },
};
const gen2Seeds = ['003-js-0.js.txt', '003-js-1.js.txt', '003-js-2.js.txt', '003-js-3.js.txt'];
/** Seed 003's library options, with the snippet's `outputs` standing for `resources`. */
const libraryOptionsOf = (file: string, resources: object) =>
  configureArguments(seed(file), {
    outputs: resources,
    apiKey: 'k',
    authToken: 't',
    customAuthToken: 't',
  })[1];

/** [entry, its function, its style, the snippets of that style: [label, configuration, libraryOptions]]. */
const entries: [string, Door, NormalizedConfig['style'], [string, unknown, unknown][]][] = [
  [
    '@ky-auth/core/config/amplifyconfiguration',
    fromAmplifyConfiguration,
    'amplifyconfiguration',
    [
      ...['002-native-0', '002-native-1', '002-native-2', '004-swift-0', '004-swift-1', '004-swift-2'].map(
        (file): [string, unknown, unknown] => [file, seedJson(`${file}.json`), undefined],
      ),
      ...['004-swift-4', '004-swift-5'].map((file): [string, unknown, unknown] => [
        file,
        seedJson(`${file}.json`),
        undefined,
      ]),
      // The awsCognitoAuthPlugin snippets, in a whole file beside a REST API snippet.
      ...[
        ['002-native-3', '002-native-0'],
        ['004-swift-3', '004-swift-0'],
      ].map(([auth, rest]): [string, unknown, unknown] => [
        `${auth} with ${rest}`,
        {
          api: { plugins: seedJson(`${rest}.json`) },
          auth: { plugins: { awsCognitoAuthPlugin: seedJson(`${auth}.json`) } },
        },
        undefined,
      ]),
    ],
  ],
  [
    '@ky-auth/core/config/aws-exports',
    fromAwsExports,
    'aws-exports',
    [['001-js-0', configureArguments(withoutLineNumbers(seed('001-js-0.js.txt')))[0], undefined]],
  ],
  [
    '@ky-auth/core/config/gen2',
    fromGen2Config,
    'gen2',
    gen2Seeds.map((file): [string, unknown, unknown] => [
      file,
      gen2Resources,
      libraryOptionsOf(file, gen2Resources),
    ]),
  ],
  [
    '@ky-auth/core/config/amplify-outputs',
    fromAmplifyOutputs,
    'amplify_outputs',
    gen2Seeds.map((file): [string, unknown, unknown] => [
      file,
      amplifyOutputs,
      libraryOptionsOf(file, amplifyOutputs),
    ]),
  ],
];

describe.each(entries)('%s', (_entry, door, style, snippets) => {
  it.each(snippets)(
    'reads seed %s to the configuration fromConfig gives',
    (_label, configuration, libraryOptions) => {
      const own = door(configuration, { ...providers, libraryOptions });
      const all = fromConfig(configuration, { ...providers, libraryOptions });
      expect(own.config.style).toBe(style);
      expect(plain(own.config)).toEqual(plain(all.config));
      expect(own.names).toEqual(all.names);
      for (const name of own.names) {
        expect(own.interceptors(name).map(({ name }) => name)).toEqual(
          all.interceptors(name).map(({ name }) => name),
        );
      }
    },
  );

  const others = entries.filter(([, , otherStyle]) => otherStyle !== style);
  it.each(others.map(([otherEntry, , otherStyle, [first]]) => [otherStyle, otherEntry, first![1]] as const))(
    'refuses a %s configuration with ERR_CONFIG_UNRECOGNIZED, naming %s',
    async (otherStyle, otherEntry, configuration) => {
      const error = configErrorOf(() => door(configuration, providers));
      expect(error.code).toBe('ERR_CONFIG_UNRECOGNIZED');
      expect(error.path).toBe('$');
      expect(error.message).toContain(`a configuration of the ${otherStyle} style`);
      // The entry named is a real one, whose function reads the file.
      const named = /use (\w+) from '([^']+)'/.exec(error.message);
      expect(named?.[2]).toBe(otherEntry);
      const module = (await import(named![2]!)) as Record<string, Door>;
      expect(module[named![1]!]!(configuration, providers).config.style).toBe(otherStyle);
    },
  );

  it('names itself in what it asks for', () => {
    // Without providers: an authorizer, or (aws-exports' custom_header) customHeaders, is missing.
    const error = configErrorOf(() => door(snippets[0]![1]));
    expect(error.code).toBe('ERR_CONFIG_MISSING_PROVIDER');
    expect(error.message).toMatch(new RegExp(` to ${door.name}[.,]`));
  });
});

describe('fromAwsExports', () => {
  it("sends a custom_header API's request that carries Authorization as it is, as Amplify v5 does", async () => {
    const [resources] = configureArguments(withoutLineNumbers(seed('001-js-0.js.txt')));
    const apis = fromAwsExports(resources, { customHeaders: providers.customHeaders });
    const [, auth] = apis.interceptors('sampleCloudApi');
    const url = 'https://xyz.execute-api.us-east-1.amazonaws.com/Development/items';
    const context = {} as never;
    expect(
      await auth!.apply(new Request(url, { headers: { Authorization: 'token' } }), context),
    ).toBeUndefined();
    const error = await Promise.resolve()
      .then(() => auth!.apply(new Request(url), context))
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toMatchObject({
      code: 'ERR_CONFIG_MISSING_PROVIDER',
      path: 'API.endpoints[0].custom_header',
    });
  });
});

describe("an entry's types", () => {
  it("take the configuration's API names, as fromConfig's do", () => {
    const apis = fromAmplifyOutputs(
      { version: '1.4', custom: { API: { orders: { endpoint: restEndpoint, authorizationType: 'NONE' } } } },
      {},
    );
    const names: readonly 'orders'[] = apis.names;
    expect(names).toEqual(['orders']);
    // @ts-expect-error 'invoices' is not an API of the file: refused by the types, and at run time.
    expect(() => apis.hooks('invoices')).toThrow(ConfigError);
  });
});
