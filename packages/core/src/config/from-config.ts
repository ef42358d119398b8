import type { KyInstance } from 'ky';
import type { AuthHooks, AuthHooksOptions } from '../engine/auth-hooks.ts';
import type { AuthOptions, authOptions } from '../engine/ky1.ts';
import type { Interceptor } from '../engine/types.ts';
import { configure } from './lib/configure.ts';
import { styles } from './lib/styles.ts';
import type { ApiNameOf, Authorizers, CheckedAuthorizers, HeadersSource, NormalizedConfig } from './types.ts';

/**
 * What a configuration file cannot hold: the secrets' sources, and the interceptors to build. `Name` is
 * the configuration's API names (see {@link ApiNameOf}), for `interceptors`' keys.
 */
export interface FromConfigProviders<Name extends string = string>
  extends Pick<AuthHooksOptions, 'allowInsecureHttp' | 'redirects' | 'fetch' | 'onEvent'> {
  /**
   * For an app on ky 1.14: `authOptions` from `@ky-auth/core/ky1`, which turns each API's interceptors
   * into ky 1 options. Absent, the APIs are for ky 2 (`authHooks` from `@ky-auth/core`).
   */
  readonly authOptions?: typeof authOptions | undefined;
  /**
   * One factory per authorization type the file uses, from the interceptor packages:
   * `{ AWS_IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer(), … }`, under any spelling the file accepts
   * (`IAM`, `COGNITO_USER_POOL`, …). An app bundles only those it passes. A key that is no built-in type
   * registers a custom one (`{ custom: defineAuthorizer('custom', build) }`) for entries whose
   * `authorizationType` names it. A factory passed uncalled, or one of another type than its key, is
   * `ERR_CONFIG_INVALID_PROVIDER`.
   */
  readonly authorizers?: Authorizers | undefined;
  /**
   * Headers for every API (Amplify Gen2's `API.REST.headers`): static, or a function per request. Give
   * them here or in `libraryOptions.API.REST.headers`, not both (`ERR_CONFIG_AMBIGUOUS`).
   */
  readonly headers?: HeadersSource | undefined;
  /**
   * Interceptors of the app's own for some APIs, by API name, run with the API's authorizer in their
   * stage's turn (Swift's `apiPlugin.add(interceptor:for:)`): `{ orders: [traceHeader] }`. An unknown API
   * name is `ERR_CONFIG_UNKNOWN_API`.
   */
  readonly interceptors?:
    | (string extends Name
        ? Readonly<Record<string, Interceptor | readonly Interceptor[]>>
        : { readonly [name in Name]?: Interceptor | readonly Interceptor[] })
    | undefined;
  /**
   * `customHeaders` from `@ky-auth/custom-headers`; needed when the file or `headers` has custom headers
   * (Gen1's `custom_header`, Gen2's `headers`).
   */
  readonly customHeaders?: ((source: HeadersSource, options: { name: string }) => Interceptor) | undefined;
  /** Amplify Gen2's library options, the second argument of `Amplify.configure`. */
  readonly libraryOptions?: unknown;
  /** The time source of each API's clock (every API has its own). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The APIs of a configuration, each ready to use: as hooks for a ky instance you already have, or as a
 * ky instance of its own. `Name` is the union of the API names when the configuration's type spells them
 * out (see {@link ApiNameOf}), else `string`.
 */
export interface ConfiguredApis<Name extends string = string> {
  /** The configuration, normalized. */
  readonly config: NormalizedConfig;
  /** The names of the REST APIs in the file. */
  readonly names: readonly Name[];
  /** The interceptors built for an API, in the order they run. */
  interceptors(name: Name): readonly Interceptor[];
  /** ky 2 hooks for the API, for `ky.create({ hooks })` or `.extend({ hooks })`. */
  hooks(name: Name): AuthHooks;
  /**
   * The ky options for the API, to spread into `ky.create()` or `.extend()`: `{ hooks }` for ky 2, and
   * `{ hooks, fetch }` for ky 1 (when `authOptions` from `@ky-auth/core/ky1` was passed to `fromConfig`).
   */
  options(name: Name): Partial<AuthOptions> & { readonly hooks: AuthHooks };
  /**
   * A ky instance whose prefix is the API's endpoint, extending `base` when given: any ky 2 instance, or
   * a ky 1.14 one when `authOptions` from `@ky-auth/core/ky1` was passed to `fromConfig`. The result is of
   * `base`'s own type.
   */
  client<Instance extends KyLike = KyInstance>(name: Name, base?: Instance): Instance;
}

/** What `client()` needs of a ky instance, whichever major: it extends it. */
export interface KyLike {
  readonly extend: (options: never) => unknown;
}

/**
 * Validates and normalizes a configuration (`amplifyconfiguration.json`, `aws-exports`, Gen2's
 * `Amplify.configure` resource config or `amplify_outputs.json`) and builds every API's interceptors
 * right away, so a missing secret or provider is an error now, not at the first request. Every provider
 * option's shape is checked first. Each API gets its own clock, so a skew one API's server reports moves
 * only that API's signing time.
 *
 * A Gen1 `custom_header` API (JavaScript v5's `API.endpoints` or `aws_cloud_logic_custom`) works as
 * Amplify v5 sends it: a request whose headers carry `Authorization` goes with it, unsigned; any other is
 * signed by the `AWS_IAM` authorizer, or fails with `ERR_CONFIG_MISSING_PROVIDER` when there is none.
 * Under Gen2's `defaultAuthMode: 'none'`, an API needs no authorizer for its type; a call that asks for
 * auth anyway (`context: { authMode: 'default' }`) then fails with `ERR_CONFIG_MISSING_PROVIDER`, unsent.
 *
 * An app with one format can bundle that format's reader alone: `fromAmplifyOutputs`,
 * `fromGen2Config`, `fromAwsExports` and `fromAmplifyConfiguration`, from `@ky-auth/core/config/…`, take
 * the same arguments and give the same result for a file of their style.
 *
 * @throws {ConfigError} with the path of the offending value: the file's JSON path, or `providers.…`.
 *
 * @example
 * ```ts
 * import { fromConfig } from '@ky-auth/core';
 * import { apiKeyAuthorizer } from '@ky-auth/api-key';
 * import { iamAuthorizer } from '@ky-auth/iam-signer';
 * import config from './amplifyconfiguration.json' with { type: 'json' };
 *
 * const apis = fromConfig(config, {
 *   authorizers: { AWS_IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer() },
 * });
 * const orders = apis.client('orders');
 * await orders.get('recent').json();
 * ```
 */
export function fromConfig<const Config, Given extends Authorizers & CheckedAuthorizers<Given> = Authorizers>(
  raw: Config,
  providers?: FromConfigProviders<ApiNameOf<Config>> & { readonly authorizers?: Given | undefined },
): ConfiguredApis<ApiNameOf<Config>>;
export function fromConfig(raw: unknown, providers?: FromConfigProviders): ConfiguredApis {
  return configure(raw, providers, (style) => styles[style], 'fromConfig');
}
