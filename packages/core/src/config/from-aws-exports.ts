import { oneStyle } from './lib/one-style.ts';
import { awsExports } from './lib/styles/aws-exports.ts';

/**
 * `fromConfig` for Gen1 JavaScript's `aws-exports` (`aws_cloud_logic_custom`, or Amplify v5's
 * `API.endpoints` with `custom_header`) only: the same arguments, the same APIs, and in the bundle this
 * style's reader alone. A configuration of another style is `ConfigError` `ERR_CONFIG_UNRECOGNIZED`, whose
 * message names the entry that reads it (or `fromConfig` from `@ky-auth/core`, which reads every style).
 *
 * @throws {ConfigError} with the path of the offending value: the file's JSON path, or `providers.…`.
 *
 * @example
 * ```ts
 * import { fromAwsExports } from '@ky-auth/core/config/aws-exports';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 * import awsExports from './aws-exports.js';
 *
 * const apis = fromAwsExports(awsExports, { authorizers: { AWS_IAM: iamAuthorizer() } });
 * await apis.client('items').get('recent').json();
 * ```
 */
export const fromAwsExports = /* @__PURE__ */ oneStyle('aws-exports', awsExports, 'fromAwsExports');
