import { oneStyle } from './lib/one-style.ts';
import { gen2 } from './lib/styles/gen2.ts';

/**
 * `fromConfig` for Gen2's resource config, the first argument of `Amplify.configure` (`API.REST`,
 * `Auth.Cognito`) only: the same arguments, the same APIs, and in the bundle this style's reader alone. A
 * configuration of another style is `ConfigError` `ERR_CONFIG_UNRECOGNIZED`, whose message names the entry
 * that reads it (or `fromConfig` from `@ky-auth/core`, which reads every style).
 *
 * @throws {ConfigError} with the path of the offending value: the file's JSON path, or `providers.…`.
 *
 * @example
 * ```ts
 * import { fromGen2Config } from '@ky-auth/core/config/gen2';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 *
 * const apis = fromGen2Config(
 *   { API: { REST: { orders: { endpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod', region: 'us-east-1' } } } },
 *   { authorizers: { AWS_IAM: iamAuthorizer() } },
 * );
 * await apis.client('orders').get('recent').json();
 * ```
 */
export const fromGen2Config = /* @__PURE__ */ oneStyle('gen2', gen2, 'fromGen2Config');
