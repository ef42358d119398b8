import { type AuthorizerFactory, ConfigError, type Interceptor } from '@ky-auth/core';
import { type CognitoUserPoolTokenOptions, cognitoUserPoolToken } from './cognito-user-pool-token.ts';

/**
 * The `AMAZON_COGNITO_USER_POOLS` authorizer for `fromConfig`. The configuration's user pool says where
 * users sign in, not who is signed in, so you pass the tokens: a {@link userPoolSession} or a function
 * such as Amplify's `fetchAuthSession`. All such APIs share one token source. When loading a
 * configuration with such an API, it fails with `ConfigError` `ERR_CONFIG_MISSING_PROVIDER` (at the API's
 * path) without `tokens`, and `ERR_CONFIG_USER_POOL_MISMATCH` when the session belongs to another pool
 * than the configuration's `CognitoUserPool`.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
 * import outputs from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const session = userPoolSession({ userPoolId: 'us-east-1_AbC123', clientId: '4example' });
 * const apis = fromConfig(outputs, {
 *   authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }) },
 * });
 * await session.signIn({ username, password });
 * ```
 */
export function userPoolAuthorizer(options: Partial<CognitoUserPoolTokenOptions> = {}): AuthorizerFactory {
  let shared: Interceptor | undefined;
  return ({ api, config }) => {
    const { tokens } = options;
    if (tokens === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        api.path,
        `API "${api.name}" uses AMAZON_COGNITO_USER_POOLS authorization, which needs the signed-in user's tokens: pass userPoolAuthorizer({ tokens }) to fromConfig, with a userPoolSession() or Amplify's fetchAuthSession.`,
      );
    }
    const configuredPool = config.userPool?.poolId;
    if (typeof tokens === 'object' && configuredPool !== undefined && tokens.userPoolId !== configuredPool) {
      throw new ConfigError(
        'ERR_CONFIG_USER_POOL_MISMATCH',
        api.path,
        `API "${api.name}" is configured for user pool ${configuredPool}, but the session given to userPoolAuthorizer belongs to ${tokens.userPoolId}; the API would reject its tokens.`,
      );
    }
    shared ??= cognitoUserPoolToken({ ...options, tokens });
    return shared;
  };
}
