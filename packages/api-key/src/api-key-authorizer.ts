import { type AuthorizerFactory, ConfigError, defineAuthorizer, KyAuthError } from '@ky-auth/core';
import { type ApiKeyProvider, apiKey } from './api-key.ts';

/**
 * A key (or provider) and header for every `API_KEY` API of a configuration.
 *
 * @example
 * ```ts
 * apiKeyAuthorizer({ key: process.env.API_KEY, header: 'x-api-key' });
 * ```
 */
export interface ApiKeyAuthorizerOptions {
  /** The key (or a provider of it) for every `API_KEY` API; overrides the configuration's `apiKey`. */
  readonly key?: string | ApiKeyProvider | undefined;
  /** The header that carries the key. Default `x-api-key`. */
  readonly header?: string | undefined;
}

/**
 * The `API_KEY` authorizer for `fromConfig`: sends `options.key` when given, else the `apiKey` (or
 * `API_KEY`) of the API's configuration entry. An entry with neither fails when the configuration is
 * loaded, with `ConfigError` `ERR_CONFIG_MISSING_API_KEY` at `<entry>.apiKey`; a configured key that cannot
 * be a header value, with `ERR_CONFIG_INVALID_API_KEY`.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { apiKeyAuthorizer } from '@ky-auth/api-key';
 * import outputs from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const apis = fromConfig(outputs, { authorizers: { API_KEY: apiKeyAuthorizer() } });
 * // Or keep the key out of the file:
 * fromConfig(outputs, { authorizers: { API_KEY: apiKeyAuthorizer({ key: () => sessionStorage.getItem('key') ?? '' }) } });
 * ```
 */
export function apiKeyAuthorizer(options: ApiKeyAuthorizerOptions = {}): AuthorizerFactory {
  return defineAuthorizer('API_KEY', ({ api }) => {
    if (options.key !== undefined) return apiKey(options.key, { header: options.header });
    const path = `${api.path}.apiKey`;
    if (api.apiKey === undefined || api.apiKey.trim() === '') {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_API_KEY',
        path,
        `API "${api.name}" uses API_KEY authorization but has no key: add "apiKey" (or "API_KEY") to this entry, or pass one with apiKeyAuthorizer({ key }).`,
      );
    }
    try {
      return apiKey(api.apiKey, { header: options.header });
    } catch (error) {
      if (!(error instanceof KyAuthError) || error.code !== 'ERR_INVALID_HEADER_VALUE') throw error;
      throw new ConfigError(
        'ERR_CONFIG_INVALID_API_KEY',
        path,
        `The API key of API "${api.name}" cannot be sent as a header value (a line break, control character or character above U+00FF, or longer than 8192 characters); copy it again from API Gateway.`,
        { cause: error },
      );
    }
  });
}
