import { oneStyle } from './lib/one-style.ts';
import { amplifyconfiguration } from './lib/styles/amplifyconfiguration.ts';

/**
 * `fromConfig` for the native Gen1 `amplifyconfiguration.json` of Swift, Android and Flutter
 * (`api.plugins.awsAPIPlugin`, `auth.plugins.awsCognitoAuthPlugin`) only: the same arguments, the same
 * APIs, and in the bundle this style's reader alone. A configuration of another style is `ConfigError`
 * `ERR_CONFIG_UNRECOGNIZED`, whose message names the entry that reads it (or `fromConfig` from
 * `@ky-auth/core`, which reads every style).
 *
 * @throws {ConfigError} with the path of the offending value: the file's JSON path, or `providers.…`.
 *
 * @example
 * ```ts
 * import { fromAmplifyConfiguration } from '@ky-auth/core/config/amplifyconfiguration';
 * import { apiKeyAuthorizer } from '@ky-auth/api-key';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 * import config from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const apis = fromAmplifyConfiguration(config, {
 *   authorizers: { AWS_IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer() },
 * });
 * await apis.client('orders').get('recent').json();
 * ```
 */
export const fromAmplifyConfiguration = /* @__PURE__ */ oneStyle(
  'amplifyconfiguration',
  amplifyconfiguration,
  'fromAmplifyConfiguration',
);
