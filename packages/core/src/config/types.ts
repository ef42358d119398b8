import type { Clock, Interceptor } from '../engine/types.ts';

/** The authorization types a REST API entry can name, in their canonical spelling. */
export type AuthorizationType =
  | 'AWS_IAM'
  | 'API_KEY'
  | 'AMAZON_COGNITO_USER_POOLS'
  | 'OPENID_CONNECT'
  | 'AWS_LAMBDA'
  | 'NONE';

/**
 * Headers to add, or a function called before every attempt that returns them (`undefined`: none).
 * Amplify Gen1's `custom_header` and Gen2's `API.REST.headers` fit as they are.
 */
export type HeadersSource =
  | HeadersInit
  | ((input: {
      readonly apiName: string | undefined;
      readonly request: Request;
      readonly signal: AbortSignal | undefined;
    }) => HeadersInit | undefined | Promise<HeadersInit | undefined>);

/** A Cognito user pool and app client, from `CognitoUserPool.Default` or its Gen1/Gen2 equivalents. */
export interface UserPoolConfig {
  readonly poolId: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly region: string;
}

/** A Cognito identity pool, from `CredentialsProvider.CognitoIdentity.Default` or its equivalents. */
export interface IdentityPoolConfig {
  readonly poolId: string;
  readonly region: string;
}

/** One REST API, whatever style of file it came from. */
export interface NormalizedApi {
  readonly name: string;
  /** The endpoint, absolute `https:` (or loopback `http:`), with a trailing slash. */
  readonly endpoint: URL;
  readonly region: string | undefined;
  /** The SigV4 service name when the file gave one (Gen1 `service`, Gen2 `service`). */
  readonly service: string | undefined;
  readonly authorizationType: AuthorizationType;
  readonly apiKey: string | undefined;
  /** Gen1's per-endpoint `custom_header` function, or per-API headers. */
  readonly headers: HeadersSource | undefined;
  /** The JSON path of this entry, for error messages. */
  readonly path: string;
}

/** The one model every configuration style is parsed into, once. */
export interface NormalizedConfig {
  readonly style: 'amplifyconfiguration' | 'aws-exports' | 'gen2' | 'amplify_outputs';
  readonly apis: ReadonlyMap<string, NormalizedApi>;
  /**
   * The file's GraphQL APIs (name → JSON path), which ky-auth does not serve: kept so that asking for
   * one by name gives `ERR_CONFIG_NOT_REST` rather than "unknown API".
   */
  readonly graphqlApis?: ReadonlyMap<string, string> | undefined;
  readonly userPool: UserPoolConfig | undefined;
  readonly identityPool: IdentityPoolConfig | undefined;
  /** Gen2 library option `API.REST.defaultAuthMode`: `'none'` sends every request without auth. */
  readonly defaultAuthMode: 'none' | undefined;
  /** Headers for every API: Gen2 `API.REST.headers`, or the `headers` provider. */
  readonly headers: HeadersSource | undefined;
}

/** What an authorizer factory is given for one API. */
export interface AuthorizerInput {
  readonly api: NormalizedApi;
  readonly config: NormalizedConfig;
  readonly clock: Clock;
}

/**
 * Builds the interceptor(s) for one API of a given authorization type. Exported by each interceptor
 * package (`iamAuthorizer()`, `apiKeyAuthorizer()`, …) so an app bundles only the types it uses. Throw a
 * `ConfigError` naming `input.api.path` when the API cannot be served (no secret, no region).
 */
export type AuthorizerFactory = (input: AuthorizerInput) => Interceptor | readonly Interceptor[];

/** The factories for the authorization types a configuration uses; `NONE` needs none. */
export type Authorizers = Partial<Record<Exclude<AuthorizationType, 'NONE'>, AuthorizerFactory>>;
