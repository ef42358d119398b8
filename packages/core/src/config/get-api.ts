import { listNames, quoteName } from './lib/quote-name.ts';
import { fail } from './lib/read.ts';
import type { NormalizedApi, NormalizedConfig } from './types.ts';

/**
 * The REST API called `name` in a parsed configuration, or its only API when `name` is omitted.
 *
 * @throws {ConfigError} `ERR_CONFIG_NOT_REST` (at the entry's path) when `name` is a GraphQL API;
 * `ERR_CONFIG_UNKNOWN_API` when there is no such API, or no name was given and there are several. The
 * message lists the REST APIs there are.
 *
 * @example
 * ```ts
 * import { getApi, parseConfig } from '@ky-auth/core';
 *
 * const config = parseConfig({
 *   aws_project_region: 'us-east-1',
 *   aws_cloud_logic_custom: [
 *     { name: 'orders', endpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1' },
 *   ],
 * });
 * getApi(config, 'orders').endpoint.href; // 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/'
 * getApi(config).name; // 'orders', the only one
 * getApi(config, 'invoices'); // throws ConfigError ERR_CONFIG_UNKNOWN_API: … REST APIs: "orders"
 * ```
 */
export function getApi(config: NormalizedConfig, name?: string): NormalizedApi {
  const restApis = `REST APIs in this configuration: ${listNames(config.apis.keys())}`;
  if (name === undefined) {
    const [only, another] = config.apis.values();
    if (only !== undefined && another === undefined) return only;
    throw fail('UNKNOWN_API', '$', `name the API to use. ${restApis}.`);
  }
  const api = config.apis.get(name);
  if (api !== undefined) return api;
  const graphqlPath = config.graphqlApis?.get(name);
  if (graphqlPath !== undefined) {
    throw fail(
      'NOT_REST',
      graphqlPath,
      `${quoteName(name)} is a GraphQL API: ky-auth authorizes REST APIs only. ${restApis}.`,
    );
  }
  throw fail('UNKNOWN_API', '$', `there is no REST API named ${quoteName(String(name))}. ${restApis}.`);
}
