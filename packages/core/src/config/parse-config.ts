import { parseStyle } from './lib/parse-style.ts';
import { isObject, typeError } from './lib/read.ts';
import { styles } from './lib/styles.ts';
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
  /**
   * `authorizationType` values of the app's own (the native pages' `custom`), accepted besides the
   * built-in ones and kept as written; `fromConfig` passes the custom keys of its `authorizers`.
   */
  readonly customAuthorizationTypes?: readonly string[] | undefined;
}

/**
 * Validates and normalizes any Amplify configuration into the one {@link NormalizedConfig}: the native
 * `amplifyconfiguration.json` (`api.plugins.awsAPIPlugin`, `auth.plugins.awsCognitoAuthPlugin`),
 * Gen1 JavaScript's `aws-exports` (`aws_cloud_logic_custom`, or `API.endpoints`), Gen2's
 * `Amplify.configure` resource config (`API.REST`, `Auth.Cognito`) and `amplify_outputs.json`
 * (`custom.API`, `auth`). Authorization types are given their canonical spelling (`IAM` → `AWS_IAM`,
 * `COGNITO_USER_POOL` → `AMAZON_COGNITO_USER_POOLS`) and default to `AWS_IAM`; endpoints must be
 * absolute `https:` URLs (or `http:` on loopback) and end with `/`. GraphQL entries are set aside
 * (see {@link getApi}). A near miss of a key an API entry may have (`authorisationType`, `endPoint`,
 * `apikey`) is `ERR_CONFIG_UNKNOWN_KEY`; other unknown keys are ignored. Pure and synchronous.
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
  if (!isObject(options)) throw typeError('options', 'an object', options);
  const { allowInsecureHttp = false, customAuthorizationTypes = [], libraryOptions } = options;
  if (typeof allowInsecureHttp !== 'boolean') {
    throw typeError('options.allowInsecureHttp', 'a boolean', allowInsecureHttp);
  }
  if (
    !Array.isArray(customAuthorizationTypes) ||
    customAuthorizationTypes.some((type) => typeof type !== 'string')
  ) {
    throw typeError('options.customAuthorizationTypes', 'an array of strings', customAuthorizationTypes);
  }
  const checked = { allowInsecureHttp, customAuthorizationTypes, libraryOptions };
  return parseStyle(raw, checked, (style) => styles[style])[0];
}
