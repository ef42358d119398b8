import { configError } from './lib/config-error.ts';
import { type ConfigStyle, detectStyle } from './lib/detect-style.ts';
import { describeType, isObject, type JsonObject } from './lib/json.ts';
import { parseLibraryOptions } from './lib/parse-library-options.ts';
import { listNames } from './lib/quote-name.ts';
import { parseAmplifyOutputs } from './lib/styles/amplify-outputs.ts';
import { parseAmplifyConfiguration } from './lib/styles/amplifyconfiguration.ts';
import { parseAwsExports } from './lib/styles/aws-exports.ts';
import { parseGen2 } from './lib/styles/gen2.ts';
import type { StyleOptions, StyleResult } from './lib/styles/style-result.ts';
import type { NormalizedConfig } from './types.ts';

/**
 * What a configuration file cannot say: whether a plain-`http:` test server is fine, and Gen2's library
 * options.
 *
 * @example
 * ```ts
 * import { parseConfig } from '@ky-auth/core';
 * import outputs from './amplify_outputs.json' with { type: 'json' };
 *
 * const config = parseConfig(outputs, {
 *   libraryOptions: { API: { REST: { defaultAuthMode: 'none', headers: async () => ({ 'x-tenant': 'acme' }) } } },
 * });
 * ```
 */
export interface ParseConfigOptions {
  /**
   * Accept `http:` endpoints on any host, for a test server on the network. `http:` on a loopback host
   * (`localhost`, `127.0.0.0/8`, `[::1]`) is always accepted. Default `false`.
   */
  readonly allowInsecureHttp?: boolean | undefined;
  /**
   * Amplify Gen2's library options, the second argument of `Amplify.configure`, of which
   * `{ API: { REST: { headers, defaultAuthMode } } }` is read: `headers` (a function called per request,
   * or a record) becomes `config.headers`, `defaultAuthMode: 'none'` becomes `config.defaultAuthMode`.
   */
  readonly libraryOptions?: unknown;
}

const styleParsers: Record<ConfigStyle, (root: JsonObject, options: StyleOptions) => StyleResult> = {
  amplifyconfiguration: parseAmplifyConfiguration,
  'aws-exports': parseAwsExports,
  gen2: parseGen2,
  amplify_outputs: parseAmplifyOutputs,
};

const expected =
  'pass the parsed contents of amplifyconfiguration.json, aws-exports, amplify_outputs.json, or the object given to Amplify.configure';

/**
 * Validates and normalizes any Amplify configuration into the one {@link NormalizedConfig}: the native
 * `amplifyconfiguration.json` (`api.plugins.awsAPIPlugin`, `auth.plugins.awsCognitoAuthPlugin`),
 * Gen1 JavaScript's `aws-exports` (`aws_cloud_logic_custom`, or `API.endpoints`), Gen2's
 * `Amplify.configure` resource config (`API.REST`, `Auth.Cognito`) and `amplify_outputs.json`
 * (`custom.API`, `auth`). Authorization types are given their canonical spelling (`IAM` → `AWS_IAM`,
 * `COGNITO_USER_POOL` → `AMAZON_COGNITO_USER_POOLS`) and default to `AWS_IAM`; endpoints must be
 * absolute `https:` URLs (or `http:` on loopback) and end with `/`. GraphQL entries are set aside
 * (see {@link getApi}). Unknown keys are ignored. Pure and synchronous.
 *
 * @throws {ConfigError} with a stable `code` (see {@link configErrorCodes}) and the JSON `path` of the
 * offending value; messages never contain an API key or secret.
 *
 * @example
 * ```ts
 * import { parseConfig } from '@ky-auth/core';
 *
 * const config = parseConfig({
 *   api: {
 *     plugins: {
 *       awsAPIPlugin: {
 *         orders: {
 *           endpointType: 'REST',
 *           endpoint: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod',
 *           region: 'us-west-2',
 *           authorizationType: 'IAM',
 *         },
 *       },
 *     },
 *   },
 * });
 * config.apis.get('orders')?.authorizationType; // 'AWS_IAM'
 * config.apis.get('orders')?.endpoint.href; // 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod/'
 * ```
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): NormalizedConfig {
  if (!isObject(options)) {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      'options',
      `expected an object, got ${describeType(options)}.`,
    );
  }
  const { allowInsecureHttp = false } = options;
  if (typeof allowInsecureHttp !== 'boolean') {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      'options.allowInsecureHttp',
      `expected a boolean, got ${describeType(allowInsecureHttp)}.`,
    );
  }
  const library = parseLibraryOptions(options.libraryOptions);

  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    throw configError('ERR_CONFIG_EMPTY', '$', `the configuration is empty: ${expected}.`);
  }
  if (typeof raw === 'string') {
    throw configError(
      'ERR_CONFIG_UNRECOGNIZED',
      '$',
      `the configuration is a string: parse it first (JSON.parse), then ${expected}.`,
    );
  }
  if (!isObject(raw)) {
    throw configError(
      'ERR_CONFIG_UNRECOGNIZED',
      '$',
      `expected an object, got ${describeType(raw)}: ${expected}.`,
    );
  }
  if (Object.keys(raw).length === 0) {
    throw configError('ERR_CONFIG_EMPTY', '$', `the configuration is an empty object: ${expected}.`);
  }

  const style = detectStyle(raw);
  const { collected, userPool, identityPool, restApisPath, restApisHint } = styleParsers[style](raw, {
    allowInsecureHttp,
  });
  if (collected.apis.size === 0) {
    const graphql =
      collected.graphqlApis.size === 0
        ? ''
        : ` (only GraphQL APIs: ${listNames(collected.graphqlApis.keys())})`;
    throw configError(
      'ERR_CONFIG_NO_REST_API',
      restApisPath,
      `the configuration has no REST API${graphql}: ${restApisHint}.`,
    );
  }
  return Object.freeze({
    style,
    apis: collected.apis,
    graphqlApis: collected.graphqlApis,
    userPool,
    identityPool,
    defaultAuthMode: library.defaultAuthMode,
    headers: library.headers,
  });
}
