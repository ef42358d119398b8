import { oneStyle } from './lib/one-style.ts';
import { amplifyOutputs } from './lib/styles/amplify-outputs.ts';

/**
 * `fromConfig` for Gen2's `amplify_outputs.json` (REST APIs under `custom.API`, where `backend.addOutput`
 * puts them; pools under `auth`) only: the same arguments, the same APIs, and in the bundle this style's
 * reader alone. A configuration of another style is `ConfigError` `ERR_CONFIG_UNRECOGNIZED`, whose message
 * names the entry that reads it (or `fromConfig` from `@ky-auth/core`, which reads every style).
 *
 * @throws {ConfigError} with the path of the offending value: the file's JSON path, or `providers.…`.
 *
 * @example
 * ```ts
 * import { fromAmplifyOutputs } from '@ky-auth/core/config/amplify-outputs';
 * import { apiKeyAuthorizer } from '@ky-auth/api-key';
 * import outputs from './amplify_outputs.json' with { type: 'json' };
 *
 * const apis = fromAmplifyOutputs(outputs, { authorizers: { API_KEY: apiKeyAuthorizer() } });
 * await apis.client('orders').get('recent').json();
 * ```
 */
export const fromAmplifyOutputs = /* @__PURE__ */ oneStyle(
  'amplify_outputs',
  amplifyOutputs,
  'fromAmplifyOutputs',
);
