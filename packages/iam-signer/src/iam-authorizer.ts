import {
  type AuthorizerFactory,
  ConfigError,
  defineAuthorizer,
  KyAuthError,
  type NormalizedConfig,
} from '@ky-auth/core';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';
import { inferScope } from './lib/infer-scope.ts';
import type { Logins, LoginsSource } from './lib/logins.ts';
import { signingInterceptor } from './lib/signing-interceptor.ts';
import { signingSettings } from './lib/signing-settings.ts';
import type { AwsCredentials, CredentialsProvider, SigningOptions } from './types.ts';

// Loaded when a call first gives its user's logins (an app of one user pays nothing for it), then kept:
// each `import()` goes through the module loader again (about 6 µs in Node 24).
let userPoolCredentials: typeof import('./lib/per-user-credentials.ts').userPoolCredentials | undefined;

/** A JWT as Amplify gives it: `toString()` is the token. */
interface JwtLike {
  toString(): string;
}

/**
 * The signed-in user's user-pool tokens, for {@link iamAuthorizer}'s `userPoolTokens`: a
 * `userPoolSession()` from `@ky-auth/cognito-token` (signed out when `getTokens` fails with
 * `ERR_NOT_SIGNED_IN`), or a function such as Amplify's `fetchAuthSession` (signed out when it gives no
 * `tokens`), or one returning `{ idToken }` or `undefined`.
 *
 * @example
 * ```ts
 * import { fetchAuthSession } from 'aws-amplify/auth';
 * import type { UserPoolTokensSource } from '@ky-auth/iam-signer';
 *
 * const tokens: UserPoolTokensSource = fetchAuthSession;
 * ```
 */
export type UserPoolTokensSource =
  | { readonly getTokens: () => Promise<{ readonly idToken: string }> }
  | ((request: { readonly forceRefresh: boolean }) => UserPoolTokensResult | Promise<UserPoolTokensResult>);

/**
 * What a {@link UserPoolTokensSource} function may return; `undefined` (or no `idToken`) for a guest.
 *
 * @example
 * ```ts
 * import type { UserPoolTokensResult } from '@ky-auth/iam-signer';
 *
 * const signedOut: UserPoolTokensResult = { tokens: undefined }; // Amplify's fetchAuthSession, signed out
 * ```
 */
export type UserPoolTokensResult =
  | { readonly tokens?: { readonly idToken?: JwtLike | undefined } | undefined }
  | { readonly idToken?: string | JwtLike | undefined }
  | undefined;

/**
 * Options of {@link iamAuthorizer}.
 *
 * @example
 * ```ts
 * import type { IamAuthorizerOptions } from '@ky-auth/iam-signer';
 *
 * const options: IamAuthorizerOptions = {
 *   logins: async () => {
 *     const idToken = await currentIdToken();
 *     return idToken ? { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken } : undefined;
 *   },
 * };
 * ```
 */
export interface IamAuthorizerOptions
  extends Pick<SigningOptions, 'signPayloadHeader' | 'unsignedPayload' | 'maxBodyBytes'> {
  /** Credentials for every `AWS_IAM` API. Default: the configuration's identity pool. */
  readonly credentials?: AwsCredentials | CredentialsProvider | undefined;
  /** The signed-in user's tokens for the identity pool (authenticated role); without them, the guest role. */
  readonly logins?: LoginsSource | undefined;
  /**
   * The user pool's token source (a `userPoolSession()` or Amplify's `fetchAuthSession`), instead of
   * `logins`: the identity pool is then given the ID token under the configuration's user pool
   * (`cognito-idp.<region>.amazonaws.com/<poolId>`), so a sign-in switches to the authenticated role and a
   * sign-out back to the guest's, with no provider name to write.
   */
  readonly userPoolTokens?: UserPoolTokensSource | undefined;
  /** The Cognito Identity endpoint, for a local stand-in. Default: the pool region's. */
  readonly identityPoolEndpoint?: string | URL | undefined;
  /** How long one Cognito Identity call may take, in ms. Default 10 000. */
  readonly identityPoolTimeoutMs?: number | undefined;
}

/**
 * The `AWS_IAM` authorizer for `fromConfig`: signs each IAM API's requests with SigV4. Credentials are
 * `options.credentials` when given, else the configuration's identity pool (one credentials source shared
 * by every API of the configuration; the authenticated role when `options.logins` gives tokens, or when
 * `options.userPoolTokens` has a signed-in user: their ID token is presented under the configuration's
 * user pool, `cognito-idp.<region>.amazonaws.com/<poolId>`).
 *
 * A server calling for many users through one configuration gives each call its user's own, in ky's
 * `context`: `{ credentials }` (static or a provider, as for iamSigner), or `{ logins }` (the user's
 * identity-provider tokens, such as `{ 'cognito-idp.<region>.amazonaws.com/<poolId>': idToken }`), which
 * get that user's identity-pool credentials: cached per user (by the token's `sub`, up to 1024 users),
 * fetched and refreshed for each on their own, so a call never waits on another user's nor is signed
 * with them.
 *
 * Region and service follow iamSigner's one rule: an execute-api or Lambda function URL endpoint's own
 * (they win over the entry's, which AWS would refuse), else the entry's `region` and `service`, else
 * `execute-api` (Amplify's REST APIs are API Gateway APIs). Fails when the configuration is loaded with `ConfigError` `ERR_CONFIG_MISSING_CREDENTIALS` (at
 * the entry's path) when there is neither credentials option nor identity pool, and
 * `ERR_CONFIG_MISSING_REGION` (at `<entry>.region`) for a custom domain without a region, and
 * `ERR_CONFIG_INVALID_IDENTITY_POOL` (at the pool ID's JSON path) when the file's identity pool ID is
 * malformed. Giving both `logins` and `userPoolTokens` is `ERR_CONFIG_INVALID`.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 * import outputs from './amplify_outputs.json' with { type: 'json' };
 *
 * const apis = fromConfig(outputs, { authorizers: { AWS_IAM: iamAuthorizer() } });
 * // The signed-in user's role, the guest's when nobody is signed in:
 * fromConfig(outputs, { authorizers: { AWS_IAM: iamAuthorizer({ userPoolTokens: fetchAuthSession }) } });
 * ```
 */
export function iamAuthorizer(options: IamAuthorizerOptions = {}): AuthorizerFactory {
  if (options.logins !== undefined && options.userPoolTokens !== undefined) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'iamAuthorizer.userPoolTokens',
      'give logins or userPoolTokens, not both.',
    );
  }
  const identityPoolCredentials = new WeakMap<NormalizedConfig, CredentialsProvider>();

  const sharedPoolCredentials = (config: NormalizedConfig): CredentialsProvider | undefined => {
    const pool = config.identityPool;
    if (pool === undefined) return undefined;
    let credentials = identityPoolCredentials.get(config);
    if (credentials === undefined) {
      try {
        credentials = fromCognitoIdentityPool({
          identityPoolId: pool.poolId,
          region: pool.region,
          logins: options.userPoolTokens ? userPoolLogins(options.userPoolTokens, config) : options.logins,
          endpoint: options.identityPoolEndpoint,
          timeoutMs: options.identityPoolTimeoutMs,
        });
      } catch (error) {
        if (!(error instanceof KyAuthError) || error.code !== 'ERR_CONFIG_INVALID_IDENTITY_POOL') throw error;
        throw new ConfigError(
          'ERR_CONFIG_INVALID_IDENTITY_POOL',
          pool.path,
          'not an identity pool ID, such as "us-east-1:0a1b2c3d-1111-2222-3333-444455556666".',
          { cause: error },
        );
      }
      identityPoolCredentials.set(config, credentials);
    }
    return credentials;
  };

  return defineAuthorizer('AWS_IAM', ({ api, config }) => {
    const credentials = options.credentials ?? sharedPoolCredentials(config);
    if (credentials === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_CREDENTIALS',
        api.path,
        `API "${api.name}" uses AWS_IAM, but the configuration has no identity pool: add its ID (auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId, aws_cognito_identity_pool_id, Auth.identityPoolId, Auth.Cognito.identityPoolId or auth.identity_pool_id, as the file's format has it), or pass iamAuthorizer({ credentials }).`,
      );
    }
    // The one rule of iamSigner: the host's region and service where it names them, else the entry's.
    if (api.region === undefined && inferScope(api.endpoint.hostname) === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_REGION',
        `${api.path}.region`,
        `API "${api.name}" uses AWS_IAM authorization on a custom domain (${api.endpoint.host}), which does not name its region: add the API's "region" to this entry.`,
      );
    }
    // signPayloadHeader, unsignedPayload and maxBodyBytes are the options'; the scope is the entry's.
    const settings = signingSettings({ ...options, region: api.region, service: api.service }, 'iamSigner');
    // A call's own credentials first, then its user's logins for the identity pool, then the shared ones.
    return signingInterceptor(settings, credentials, ({ options: { logins } }) =>
      logins == null
        ? undefined
        : (async () => {
            userPoolCredentials ??= (await import('./lib/per-user-credentials.ts')).userPoolCredentials;
            return userPoolCredentials(config, logins, options, fromCognitoIdentityPool);
          })(),
    );
  });
}

/**
 * The logins of the configuration's user pool, from its token source: the ID token under
 * `cognito-idp.<region>.amazonaws.com/<poolId>`, or none (the guest) when nobody is signed in.
 */
function userPoolLogins(
  source: UserPoolTokensSource,
  config: NormalizedConfig,
): () => Promise<Logins | undefined> {
  const pool = config.userPool;
  if (pool === undefined) {
    throw new ConfigError(
      'ERR_CONFIG_MISSING_FIELD',
      '$',
      'iamAuthorizer({ userPoolTokens }) needs the user pool, and the configuration has none: add it (CognitoUserPool.Default, aws_user_pools_id, Auth.Cognito.userPoolId or auth.user_pool_id), or pass logins.',
    );
  }
  const provider = `cognito-idp.${pool.region}.amazonaws.com/${pool.poolId}`;
  return async () => {
    // Loaded when the identity pool first asks for logins: an app without userPoolTokens pays nothing.
    const { currentIdToken } = await import('./lib/current-id-token.ts');
    const idToken = await currentIdToken(source);
    return idToken === undefined || idToken === '' ? undefined : { [provider]: idToken };
  };
}
