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
 * Every spelling of an authorization type that a configuration file (and the `authorizers` option)
 * accepts: the canonical ones, and `IAM`, `COGNITO_USER_POOL` (the native REST pages) and `LAMBDA`
 * (accepted by Amplify JS v6).
 *
 * @example
 * ```ts
 * import type { AuthorizationTypeSpelling } from '@ky-auth/core';
 *
 * const written: AuthorizationTypeSpelling = 'COGNITO_USER_POOL'; // AMAZON_COGNITO_USER_POOLS
 * ```
 */
export type AuthorizationTypeSpelling = AuthorizationType | 'IAM' | 'COGNITO_USER_POOL' | 'LAMBDA';

/**
 * An `authorizationType` of the app's own (the native pages' `custom`), served by the authorizer the
 * app registers under that name in `fromConfig`'s `authorizers`.
 *
 * @example
 * ```ts
 * import type { CustomAuthorizationType } from '@ky-auth/core';
 *
 * // amplifyconfiguration.json: "authorizationType": "custom"
 * const type: CustomAuthorizationType = 'custom';
 * ```
 */
export type CustomAuthorizationType = string & Record<never, never>;

/**
 * What `new Headers(…)` takes. Not the DOM's `HeadersInit`, so an app compiled without the DOM library
 * (Node, with `@types/node` alone) can use the types.
 */
type HeadersInput = NonNullable<ConstructorParameters<typeof Headers>[0]>;

/**
 * Headers to add, or a function called before every attempt that returns them (`undefined`: none).
 * Amplify Gen1's `custom_header` and Gen2's `API.REST.headers` fit as they are.
 */
export type HeadersSource =
  | HeadersInput
  | ((input: {
      readonly apiName: string | undefined;
      readonly request: Request;
      readonly signal: AbortSignal | undefined;
    }) => HeadersInput | undefined | Promise<HeadersInput | undefined>);

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
  /** The JSON path of the pool ID in the file, for error messages. */
  readonly path: string;
}

/** One REST API, whatever style of file it came from. */
export interface NormalizedApi {
  readonly name: string;
  /** The endpoint, absolute `https:` (or loopback `http:`), with a trailing slash. */
  readonly endpoint: URL;
  readonly region: string | undefined;
  /** The SigV4 service name when the file gave one (Gen1 `service`, Gen2 `service`). */
  readonly service: string | undefined;
  /** A canonical type, or a custom one the app registered an authorizer for. */
  readonly authorizationType: AuthorizationType | CustomAuthorizationType;
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
 * Builds the interceptor(s) for one API of a given authorization type, which it names in
 * `authorizationType` so that `fromConfig` can refuse it under another type's key. Exported by each
 * interceptor package (`iamAuthorizer()`, `apiKeyAuthorizer()`, …) so an app bundles only the types it
 * uses; an app makes its own with `defineAuthorizer`. Throw a `ConfigError` naming `input.api.path` when
 * the API cannot be served (no secret, no region).
 *
 * @example
 * ```ts
 * import { type AuthorizerFactory, defineAuthorizer } from '@ky-auth/core';
 *
 * // Typed with its type, so that `fromConfig` accepts it under `custom` and only there.
 * const partnerToken: AuthorizerFactory<'custom'> = defineAuthorizer('custom', ({ api }) => ({
 *   name: `partner-token:${api.name}`,
 *   stage: 'auth',
 *   headerNames: ['x-partner-token'],
 *   apply: (request) => request.headers.set('x-partner-token', currentPartnerToken()),
 * }));
 * ```
 */
export interface AuthorizerFactory<
  Type extends AuthorizationType | CustomAuthorizationType = AuthorizationType | CustomAuthorizationType,
> {
  (input: AuthorizerInput): Interceptor | readonly Interceptor[];
  /** The authorization type it serves, canonical (`AWS_IAM`, …) or custom. */
  readonly authorizationType: Type;
}

/**
 * The factories for the authorization types a configuration uses, under any spelling the file accepts
 * (`AWS_IAM` or `IAM`, …; `NONE` needs none), and under the custom types the app's entries name.
 */
export type Authorizers = {
  readonly [type in Exclude<AuthorizationTypeSpelling, 'NONE'>]?: AuthorizerFactory | undefined;
} & { readonly [custom: string]: AuthorizerFactory | undefined };

/**
 * `fromConfig`'s check of the `authorizers` it is given, for the keys that are no authorization type's
 * spelling: one written like the built-in ones (upper case, such as a misspelt `AWS_IAMM`) must be the
 * custom type its factory was made for (`defineAuthorizer('AWS_IAMM', …)`), so a typo does not compile
 * (at run time it is `ERR_CONFIG_UNKNOWN_KEY`); any other (`custom`, `partner`) names a custom type, which
 * any authorizer may serve.
 *
 * @example
 * ```ts
 * import type { CheckedAuthorizers } from '@ky-auth/core';
 *
 * const given = { AWS_IAM: iamAuthorizer(), custom: apiKeyAuthorizer({ key }) };
 * const checked: CheckedAuthorizers<typeof given> = given; // `AWS_IAMM: iamAuthorizer()` would not compile
 * ```
 */
export type CheckedAuthorizers<Given> = {
  readonly [Key in Exclude<keyof Given, Exclude<AuthorizationTypeSpelling, 'NONE'>>]: Key extends 'NONE'
    ? never // NONE needs no authorizer (at run time: ERR_CONFIG_INVALID_PROVIDER)
    : Key extends Uppercase<Key & string>
      ? AuthorizerFactory<Key & string> | undefined
      : AuthorizerFactory | undefined;
};

/** The names, as string literals, under a map of APIs (Gen2's `API.REST`, `custom.API`, awsAPIPlugin). */
type NamesIn<Apis> = Apis extends object ? Extract<keyof Apis, string> : never;

/** The `name`s of a list of APIs (Gen1's `aws_cloud_logic_custom`, `API.endpoints`). */
type NamesOf<List> = List extends readonly (infer Entry)[]
  ? Entry extends { readonly name: infer Name extends string }
    ? Name
    : never
  : never;

/** Every API name a configuration's type spells out, in any style; `never` when it spells none. */
type SpelledApiNames<Config> =
  | (Config extends { readonly api: { readonly plugins: { readonly awsAPIPlugin: infer Apis } } }
      ? NamesIn<Apis>
      : never)
  | (Config extends { readonly awsAPIPlugin: infer Apis } ? NamesIn<Apis> : never)
  | (Config extends { readonly API: { readonly REST: infer Apis } } ? NamesIn<Apis> : never)
  | (Config extends { readonly custom: { readonly API: infer Apis } } ? NamesIn<Apis> : never)
  | (Config extends { readonly aws_cloud_logic_custom: infer List } ? NamesOf<List> : never)
  | (Config extends { readonly API: { readonly endpoints: infer List } } ? NamesOf<List> : never);

/**
 * The REST API names of a configuration whose type is known (a JSON module imported with
 * `resolveJsonModule`, an object literal): `fromConfig` takes them as a union, so `apis.client('orderzApi')`
 * does not compile. `string` when the type does not tell (`unknown`, `any`, a file read at run time, names
 * typed `string`).
 *
 * @example
 * ```ts
 * import type { ApiNameOf } from '@ky-auth/core';
 * import config from './amplifyconfiguration.json' with { type: 'json' };
 *
 * type Name = ApiNameOf<typeof config>; // 'ordersApi' | 'catalogApi' | …
 * ```
 */
export type ApiNameOf<Config> = 0 extends 1 & Config
  ? string
  : unknown extends Config
    ? string
    : [SpelledApiNames<Config>] extends [never]
      ? string
      : string extends SpelledApiNames<Config>
        ? string
        : SpelledApiNames<Config>;
