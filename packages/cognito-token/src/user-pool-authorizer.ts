import { type AuthorizerFactory, ConfigError, defineAuthorizer, type Interceptor } from '@ky-auth/core';
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
  return defineAuthorizer('AMAZON_COGNITO_USER_POOLS', ({ api, config }) => {
    const { tokens } = options;
    if (tokens === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        api.path,
        `API "${api.name}" uses AMAZON_COGNITO_USER_POOLS: pass the user's tokens as userPoolAuthorizer({ tokens }), with a userPoolSession() or Amplify's fetchAuthSession.`,
      );
    }
    const pool = config.userPool?.poolId;
    if (typeof tokens === 'object' && pool !== undefined && tokens.userPoolId !== pool) {
      throw new ConfigError(
        'ERR_CONFIG_USER_POOL_MISMATCH',
        api.path,
        `API "${api.name}" is configured for user pool ${pool}, but userPoolAuthorizer's session is for ${tokens.userPoolId}; the API would reject its tokens.`,
      );
    }
    shared ??= cognitoUserPoolToken({ ...options, tokens });
    return shared;
  });
}
