/**
 * The stable codes of the {@link ConfigError}s that {@link parseConfig} and {@link getApi} throw. Branch
 * on these, never on messages:
 *
 * | code | what is wrong |
 * | --- | --- |
 * | `ERR_CONFIG_EMPTY` | nothing to parse: `null`, `undefined`, `''`, `{}` |
 * | `ERR_CONFIG_UNRECOGNIZED` | not an object (a string, an array, a number), or an object of no known style |
 * | `ERR_CONFIG_AMBIGUOUS` | one object mixes two styles, or gives the same block twice |
 * | `ERR_CONFIG_INVALID_TYPE` | a value has the wrong JSON type (a number where a string belongs) |
 * | `ERR_CONFIG_MISSING_FIELD` | a required value is absent or empty (an endpoint, a pool's app client ID) |
 * | `ERR_CONFIG_INVALID_VALUE` | a value of the right type is not allowed (an `endpointType`, an empty API name, two different API keys) |
 * | `ERR_CONFIG_UNKNOWN_AUTH_TYPE` | an `authorizationType` or `defaultAuthMode` outside the allowed values, which the message lists |
 * | `ERR_CONFIG_INVALID_ENDPOINT` | an endpoint that is not an absolute `https:` URL, or carries a user name, password, query or fragment |
 * | `ERR_CONFIG_INSECURE_ENDPOINT` | an `http:` endpoint on a host that is not loopback, without `allowInsecureHttp` |
 * | `ERR_CONFIG_INVALID_REGION` | not an AWS region name, or not the region a pool ID starts with |
 * | `ERR_CONFIG_DUPLICATE_API` | two REST APIs with one name |
 * | `ERR_CONFIG_NO_REST_API` | the configuration has no REST API (none at all, or only GraphQL ones) |
 * | `ERR_CONFIG_NOT_REST` | the API asked for is a GraphQL API |
 * | `ERR_CONFIG_UNKNOWN_API` | the API asked for is not in the configuration; the message lists those that are |
 *
 * @example
 * ```ts
 * import { ConfigError, configErrorCodes, parseConfig } from '@ky-auth/core';
 *
 * const known = new Set<string>(configErrorCodes);
 * try {
 *   parseConfig(JSON.parse(text));
 * } catch (error) {
 *   if (error instanceof ConfigError && known.has(error.code)) console.error(error.code, error.path);
 * }
 * ```
 */
export const configErrorCodes = [
  'ERR_CONFIG_EMPTY',
  'ERR_CONFIG_UNRECOGNIZED',
  'ERR_CONFIG_AMBIGUOUS',
  'ERR_CONFIG_INVALID_TYPE',
  'ERR_CONFIG_MISSING_FIELD',
  'ERR_CONFIG_INVALID_VALUE',
  'ERR_CONFIG_MISSING_ENDPOINT',
  'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
  'ERR_CONFIG_INVALID_ENDPOINT',
  'ERR_CONFIG_INSECURE_ENDPOINT',
  'ERR_CONFIG_INVALID_REGION',
  'ERR_CONFIG_DUPLICATE_API',
  'ERR_CONFIG_NO_REST_API',
  'ERR_CONFIG_NOT_REST',
  'ERR_CONFIG_UNKNOWN_API',
] as const;

/**
 * One of {@link configErrorCodes}.
 *
 * @example
 * ```ts
 * import { ConfigError, type ConfigErrorCode, parseConfig } from '@ky-auth/core';
 *
 * try {
 *   parseConfig(config);
 * } catch (error) {
 *   const code = error instanceof ConfigError ? (error.code as ConfigErrorCode) : undefined;
 *   if (code === 'ERR_CONFIG_INSECURE_ENDPOINT') console.error('use an https: endpoint');
 * }
 * ```
 */
export type ConfigErrorCode = (typeof configErrorCodes)[number];
