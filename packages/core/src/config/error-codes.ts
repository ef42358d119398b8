/**
 * The stable codes of the {@link ConfigError}s that {@link parseConfig}, {@link getApi}, `fromConfig` and
 * the interceptor packages' authorizers and options throw. Branch on these, never on messages:
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
 * | `ERR_CONFIG_UNKNOWN_KEY` | a key that is a near miss of one ky-auth reads (`authorisationType`, `endPoint`, `apikey`, `customHeader`); the message says which was meant |
 * | `ERR_CONFIG_MISSING_ENDPOINT` | `authHooks` was given interceptors and no `endpoint`: credentials must be bound to the API they belong to when the hooks are made |
 * | `ERR_CONFIG_MISSING_PROVIDER` | an API's authorization type (or custom headers) needs a provider `fromConfig` was not given: the message names the one to pass. Also thrown by a request that asks for auth (`context: { authMode: 'default' }`) under `defaultAuthMode: 'none'` with no authorizer for its API, and by a Gen1 `custom_header` API's request whose headers carry no `Authorization` when no `AWS_IAM` authorizer is configured: such a request is never sent |
 * | `ERR_CONFIG_INVALID_PROVIDER` | a `fromConfig` provider of the wrong shape: an authorizer factory passed uncalled (`apiKeyAuthorizer` for `apiKeyAuthorizer()`), one of another type under a key (an IAM authorizer under `API_KEY`), a factory that returns no interceptor, `customHeaders({…})` called instead of passed, `headers`, `fetch`, `redirects`, `authHooks`, `now` or `interceptors` of the wrong type |
 * | `ERR_CONFIG_INVALID` | an interceptor's own options are invalid (thrown when it is made, outside a file: `cognitoUserPoolToken({ tokens })` without a session or function, and the like) |
 * | `ERR_CONFIG_MISSING_API_KEY` | an `API_KEY` API has no key in its entry and `apiKeyAuthorizer` was given none |
 * | `ERR_CONFIG_INVALID_API_KEY` | an API key that cannot be a header value |
 * | `ERR_CONFIG_MISSING_CREDENTIALS` | an `AWS_IAM` API with neither an identity pool in the file nor `iamAuthorizer({ credentials })`; the message lists where each file format keeps the pool |
 * | `ERR_CONFIG_INVALID_IDENTITY_POOL` | the identity pool ID in the file is not of the form `us-east-1:0a1b2c3d-…` |
 * | `ERR_CONFIG_MISSING_REGION` | an `AWS_IAM` API on a custom domain whose entry names no region |
 * | `ERR_CONFIG_USER_POOL_MISMATCH` | a user-pool session (or token source) of another pool than the file's |
 * | `ERR_CONFIG_INSECURE_ISSUER` | an OIDC issuer over plain `http:` to a host that is not loopback |
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
  'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
  'ERR_CONFIG_INVALID_ENDPOINT',
  'ERR_CONFIG_INSECURE_ENDPOINT',
  'ERR_CONFIG_INVALID_REGION',
  'ERR_CONFIG_DUPLICATE_API',
  'ERR_CONFIG_NO_REST_API',
  'ERR_CONFIG_NOT_REST',
  'ERR_CONFIG_UNKNOWN_API',
  'ERR_CONFIG_UNKNOWN_KEY',
  'ERR_CONFIG_MISSING_ENDPOINT',
  'ERR_CONFIG_MISSING_PROVIDER',
  'ERR_CONFIG_INVALID_PROVIDER',
  'ERR_CONFIG_INVALID',
  'ERR_CONFIG_MISSING_API_KEY',
  'ERR_CONFIG_INVALID_API_KEY',
  'ERR_CONFIG_MISSING_CREDENTIALS',
  'ERR_CONFIG_INVALID_IDENTITY_POOL',
  'ERR_CONFIG_MISSING_REGION',
  'ERR_CONFIG_USER_POOL_MISMATCH',
  'ERR_CONFIG_INSECURE_ISSUER',
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
