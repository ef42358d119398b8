import { type Branded, brand } from './brand.ts';
import type { KyAuthErrorCode } from './codes.ts';
import { KyAuthError } from './ky-auth-error.ts';

/** `ConfigErrorCode`, which the config layer exports: the `ERR_CONFIG_` codes. */
type ConfigCode = Extract<KyAuthErrorCode, `ERR_CONFIG_${string}`>;

/**
 * The configuration is malformed or incomplete, or an option is wrong: a configuration file's value, a
 * provider `fromConfig` needs, or an option given to a ky-auth function (thrown when it is called).
 * `path` names the offending value: its JSON path in the file, such as
 * `api.plugins.awsAPIPlugin.orders.authorizationType`, or the function and option, such as `apiKey.header`.
 *
 * @example
 * ```ts
 * import { ConfigError, fromConfig } from '@ky-auth/core';
 *
 * try {
 *   fromConfig(JSON.parse(text), providers);
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(`${error.path}: ${error.message}`);
 * }
 * ```
 */
export class ConfigError extends KyAuthError {
  // Written out, not the class's own name: a minifier renames classes, and a production build would
  // print `P` instead.
  override name = 'ConfigError';

  /** One of the `ERR_CONFIG_` codes (`ConfigErrorCode`): a comparison with another code fails to compile. */
  declare readonly code: ConfigCode;

  /** The JSON path of the value at fault (`$` for the document itself), or `function.option`. */
  readonly path: string;

  constructor(code: ConfigCode, path: string, message: string, options?: { cause?: unknown }) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}

(ConfigError.prototype as Branded)[brand] = 2;
