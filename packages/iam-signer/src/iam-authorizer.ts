import { type AuthorizerFactory, ConfigError, defineAuthorizer, type NormalizedConfig } from '@ky-auth/core';
import { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';
import { iamSigner } from './iam-signer.ts';
import { inferScope } from './lib/infer-scope.ts';
import type { LoginsSource } from './lib/logins.ts';
import type { AwsCredentials, CredentialsProvider, SigningOptions } from './types.ts';

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
  /** The Cognito Identity endpoint, for a local stand-in. Default: the pool region's. */
  readonly identityPoolEndpoint?: string | URL | undefined;
  /** How long one Cognito Identity call may take, in ms. Default 10 000. */
  readonly identityPoolTimeoutMs?: number | undefined;
}

/**
 * The `AWS_IAM` authorizer for `fromConfig`: signs each IAM API's requests with SigV4. Credentials are
 * `options.credentials` when given, else the configuration's identity pool (one credentials source shared
 * by every API of the configuration; the authenticated role when `options.logins` gives tokens).
 *
 * The region is the API entry's, else read from an execute-api or Lambda function URL endpoint; the
 * service the entry's, else the endpoint's, else `execute-api` (Amplify's REST APIs are API Gateway
 * APIs). Fails when the configuration is loaded with `ConfigError` `ERR_CONFIG_MISSING_CREDENTIALS` (at
 * the entry's path) when there is neither credentials option nor identity pool, and
 * `ERR_CONFIG_MISSING_REGION` (at `<entry>.region`) for a custom domain without a region.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 * import outputs from './amplify_outputs.json' with { type: 'json' };
 *
 * const apis = fromConfig(outputs, { authorizers: { AWS_IAM: iamAuthorizer() } });
 * ```
 */
export function iamAuthorizer(options: IamAuthorizerOptions = {}): AuthorizerFactory {
  const identityPoolCredentials = new WeakMap<NormalizedConfig, CredentialsProvider>();

  const sharedPoolCredentials = (config: NormalizedConfig): CredentialsProvider | undefined => {
    const pool = config.identityPool;
    if (pool === undefined) return undefined;
    let credentials = identityPoolCredentials.get(config);
    if (credentials === undefined) {
      credentials = fromCognitoIdentityPool({
        identityPoolId: pool.poolId,
        region: pool.region,
        logins: options.logins,
        endpoint: options.identityPoolEndpoint,
        timeoutMs: options.identityPoolTimeoutMs,
      });
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
        `API "${api.name}" uses AWS_IAM authorization, but the configuration has no identity pool to get credentials from: add one (Auth.Cognito.identityPoolId, or identity_pool_id in amplify_outputs.json), or pass iamAuthorizer({ credentials }).`,
      );
    }
    const inferred = inferScope(api.endpoint.hostname);
    const region = api.region ?? inferred?.region;
    if (region === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_REGION',
        `${api.path}.region`,
        `API "${api.name}" uses AWS_IAM authorization on a custom domain (${api.endpoint.host}), which does not name its region: add the API's "region" to this entry.`,
      );
    }
    return iamSigner({
      credentials,
      region,
      service: api.service ?? inferred?.service ?? 'execute-api',
      signPayloadHeader: options.signPayloadHeader,
      unsignedPayload: options.unsignedPayload,
      maxBodyBytes: options.maxBodyBytes,
    });
  });
}
