import { type AuthorizerFactory, ConfigError, defineAuthorizer, type Interceptor } from '@ky-auth/core';
import { type OidcTokenOptions, oidcToken } from './oidc-token.ts';

/**
 * The `OPENID_CONNECT` authorizer for `fromConfig`. A configuration file names no token source, so you
 * pass yours; every `OPENID_CONNECT` API then shares one interceptor. Without
 * `getLatestAuthToken`, loading a configuration that has an `OPENID_CONNECT` API fails with
 * `ConfigError` `ERR_CONFIG_MISSING_PROVIDER` at that API's path.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { oidcAuthorizer, oidcClient } from '@ky-auth/oidc-token';
 * import outputs from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const login = oidcClient({ issuer: 'https://login.example.com', clientId: 'app', refreshToken: stored });
 * const apis = fromConfig(outputs, {
 *   authorizers: { OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: login.getLatestAuthToken }) },
 * });
 * ```
 */
export function oidcAuthorizer(options: Partial<OidcTokenOptions> = {}): AuthorizerFactory {
  let shared: Interceptor | undefined;
  return defineAuthorizer('OPENID_CONNECT', ({ api }) => {
    const { getLatestAuthToken } = options;
    if (getLatestAuthToken === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        api.path,
        `API "${api.name}" uses OPENID_CONNECT: pass your token source as oidcAuthorizer({ getLatestAuthToken }).`,
      );
    }
    shared ??= oidcToken({ ...options, getLatestAuthToken });
    return shared;
  });
}
