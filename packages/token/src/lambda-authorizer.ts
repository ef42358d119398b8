import { type AuthorizerFactory, ConfigError, defineAuthorizer, type Interceptor } from '@ky-auth/core';
import { type LambdaTokenOptions, lambdaToken } from './lambda-token.ts';

/**
 * The `AWS_LAMBDA` authorizer for `fromConfig`, for token-based Lambda authorizers. Every `AWS_LAMBDA` API
 * shares one interceptor. Without `getToken`, loading a configuration that has an
 * `AWS_LAMBDA` API fails with `ConfigError` `ERR_CONFIG_MISSING_PROVIDER` at that API's path.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { lambdaAuthorizer } from '@ky-auth/token';
 * import outputs from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const apis = fromConfig(outputs, {
 *   authorizers: { AWS_LAMBDA: lambdaAuthorizer({ getToken: () => partnerToken, header: 'x-partner-token' }) },
 * });
 * ```
 */
export function lambdaAuthorizer(options: Partial<LambdaTokenOptions> = {}): AuthorizerFactory {
  let shared: Interceptor | undefined;
  return defineAuthorizer('AWS_LAMBDA', ({ api }) => {
    const { getToken } = options;
    if (getToken === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        api.path,
        `API "${api.name}" uses AWS_LAMBDA: pass your token source as lambdaAuthorizer({ getToken }).`,
      );
    }
    shared ??= lambdaToken({ ...options, getToken });
    return shared;
  });
}
