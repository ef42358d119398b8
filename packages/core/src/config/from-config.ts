import ky, { type KyInstance, type Options } from 'ky';
import { type AuthHooks, type AuthHooksOptions, authHooks } from '../engine/auth-hooks.ts';
import type { AuthOptions, authOptions } from '../engine/ky1.ts';
import type { Clock, Interceptor, InterceptorContext } from '../engine/types.ts';
import { ConfigError, KyAuthError } from '../errors.ts';
import { createClock } from '../helpers/clock.ts';
import { getApi } from './get-api.ts';
import { checkInterceptor, checkProviders, factoryHint } from './lib/check-providers.ts';
import { parseConfig } from './parse-config.ts';
import type {
  ApiNameOf,
  Authorizers,
  CheckedAuthorizers,
  HeadersSource,
  NormalizedApi,
  NormalizedConfig,
} from './types.ts';

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
export function fromConfig(raw: unknown, providers: FromConfigProviders = {}): ConfiguredApis {
  const checked = checkProviders(providers);
  const config = parseConfig(raw, {
    allowInsecureHttp: providers.allowInsecureHttp === true,
    libraryOptions: providers.libraryOptions,
    customAuthorizationTypes: checked.customAuthorizationTypes,
  });
  if (checked.headers !== undefined && config.headers !== undefined) {
    throw new ConfigError(
      'ERR_CONFIG_AMBIGUOUS',
      'providers.headers',
      'also given in libraryOptions.API.REST.headers: keep one.',
    );
  }
  const globalHeaders = checked.headers ?? config.headers;
  for (const [name, [, path]] of checked.interceptors) {
    if (!config.apis.has(name))
      throw new ConfigError('ERR_CONFIG_UNKNOWN_API', path, 'no REST API of this name.');
  }

  const headerInterceptor = (source: HeadersSource, name: string, path: string): Interceptor => {
    if (providers.customHeaders === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        path,
        'custom headers are configured: pass { customHeaders } from @ky-auth/custom-headers to fromConfig.',
      );
    }
    const interceptor: unknown = providers.customHeaders(source, { name });
    checkInterceptor(interceptor, 'providers.customHeaders(…)');
    return interceptor;
  };

  const build = (api: NormalizedApi, clock: Clock): readonly Interceptor[] => {
    const interceptors: Interceptor[] = [];
    if (api.headers !== undefined)
      interceptors.push(headerInterceptor(api.headers, `headers:${api.name}`, api.path));
    if (globalHeaders !== undefined)
      interceptors.push(headerInterceptor(globalHeaders, 'headers', '$.headers'));
    interceptors.push(...(checked.interceptors.get(api.name)?.[0] ?? []));
    const type = api.authorizationType;
    if (type === 'NONE') return interceptors;
    const [factory, path] = checked.authorizers.get(type) ?? [];
    // Amplify v5 sends a request whose Gen1 custom_header gave an Authorization header as it is, unsigned.
    const gen1CustomHeader =
      config.style === 'aws-exports' && api.headers !== undefined && type === 'AWS_IAM';
    if (factory === undefined) {
      // Under Gen2's defaultAuthMode 'none' an app that never signs needs no authorizer: a call that asks
      // for auth anyway fails (the engine runs auth-stage interceptors only for such calls).
      if (gen1CustomHeader || config.defaultAuthMode === 'none') {
        return interceptors.concat(withoutAuthorizer(api, gen1CustomHeader));
      }
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        `${api.path}.authorizationType`,
        `API "${api.name}" uses ${type}: pass its authorizer to fromConfig, as { authorizers: { ${type}: ${factoryHint(type)} } }.`,
      );
    }
    const made = factory({ api, config, clock });
    const list: readonly unknown[] = Array.isArray(made) ? made : [made];
    list.forEach((interceptor, index) => {
      checkInterceptor(interceptor, `${path}(…)${Array.isArray(made) ? `[${index}]` : ''}`);
    });
    return interceptors.concat(
      gen1CustomHeader ? unlessAuthorized(list as Interceptor[]) : (list as Interceptor[]),
    );
  };

  const built = new Map<
    string,
    {
      api: NormalizedApi;
      interceptors: readonly Interceptor[];
      options: Partial<AuthOptions> & { hooks: AuthHooks };
    }
  >();
  for (const api of config.apis.values()) {
    // A clock of its own per API: a skew only one API's server reported never moves another API's time.
    const clock = createClock(providers.now);
    const interceptors = build(api, clock);
    const hooksOptions: AuthHooksOptions = {
      endpoint: api.endpoint,
      apiName: api.name,
      clock,
      defaultAuthMode: config.defaultAuthMode,
      allowInsecureHttp: providers.allowInsecureHttp,
      redirects: providers.redirects,
      fetch: providers.fetch,
      onEvent: providers.onEvent,
    };
    const options =
      providers.authOptions === undefined
        ? { hooks: authHooks(interceptors, hooksOptions) }
        : providers.authOptions(interceptors, hooksOptions);
    built.set(api.name, { api, interceptors, options });
  }

  const entry = (name: string) => {
    const found = built.get(getApi(config, name).name);
    if (found === undefined) throw new Error(`unreachable: API "${name}" was parsed but not built`);
    return found;
  };

  return {
    config,
    names: [...built.keys()],
    interceptors: (name) => entry(name).interceptors,
    hooks: (name) => entry(name).options.hooks,
    options: (name) => entry(name).options,
    client<Instance extends KyLike>(name: string, base?: Instance): Instance {
      const instance = (base ?? ky) as KyInstance;
      const { api, options } = entry(name);
      // ky 1 options carry a fetch; ky 2 (the one with `query`) calls the prefix `prefix`, ky 1 `prefixUrl`.
      const forKy2 = options.fetch === undefined;
      if (forKy2 !== 'query' in instance) {
        throw new KyAuthError(
          'ERR_KY_MAJOR',
          forKy2
            ? "client() got a ky 1 instance: pass { authOptions } from '@ky-auth/core/ky1' to fromConfig."
            : 'client() got a ky 2 instance, but fromConfig was given the ky 1 authOptions: leave authOptions out for ky 2.',
        );
      }
      return instance.extend({
        [forKy2 ? 'prefix' : 'prefixUrl']: api.endpoint.href,
        ...options,
      } as Options) as unknown as Instance;
    },
  };
}

/**
 * The auth-stage interceptor of an API that has no authorizer for its type: a request that reaches it
 * fails, unsent. With `customHeader` (Gen1 `custom_header`), one whose headers carry `Authorization`
 * passes, as Amplify v5 sends it.
 */
function withoutAuthorizer(api: NormalizedApi, customHeader: boolean): Interceptor {
  const type = api.authorizationType;
  return {
    name: `no-authorizer:${type}`,
    stage: 'auth',
    apply(request) {
      if (customHeader && request.headers.has('authorization')) return;
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        `${api.path}.${customHeader ? 'custom_header' : 'authorizationType'}`,
        `${customHeader ? 'custom_header gave no Authorization header, and ' : "this call asks for auth under defaultAuthMode 'none', but "}API "${api.name}" has no ${type} authorizer: the request was not sent. Pass { authorizers: { ${type}: ${factoryHint(type)} } }.`,
      );
    },
  };
}

/**
 * A Gen1 `custom_header` API's signers, as Amplify v5 runs them: a request whose headers carry
 * `Authorization` (from `custom_header`, or the call) goes with it, unsigned.
 */
function unlessAuthorized(signers: readonly Interceptor[]): readonly Interceptor[] {
  const unsigned = new WeakSet<Request>();
  return signers.map((signer) => ({
    ...signer,
    apply(request, context) {
      if (!request.headers.has('authorization')) return signer.apply(request, context);
      unsigned.add(request);
    },
    ...(signer.onResponse && {
      // A response to a request this signer did not sign teaches it nothing (no clock skew, no refresh).
      onResponse: (response: Response, request: Request, context: InterceptorContext) =>
        !unsigned.has(request) && (signer.onResponse?.(response, request, context) ?? false),
    }),
  }));
}
