import ky, { type KyInstance, type Options } from 'ky';
import { type AuthHooks, type AuthHooksOptions, authHooks } from '../engine/auth-hooks.ts';
import type { Interceptor } from '../engine/types.ts';
import { ConfigError, KyAuthError } from '../errors.ts';
import { createClock } from '../helpers/clock.ts';
import { getApi } from './get-api.ts';
import { parseConfig } from './parse-config.ts';
import type { Authorizers, HeadersSource, NormalizedApi, NormalizedConfig } from './types.ts';

/** What a configuration file cannot hold: the secrets' sources, and the interceptors to build. */
export interface FromConfigProviders
  extends Pick<AuthHooksOptions, 'allowInsecureHttp' | 'redirects' | 'fetch' | 'onEvent'> {
  /**
   * What turns each API's interceptors into ky hooks: `authHooks` from `@ky-auth/core` (default, ky 2), or
   * from `@ky-auth/core/ky1` for an app on ky 1.14.
   */
  readonly authHooks?: typeof authHooks | undefined;
  /**
   * One factory per authorization type the file uses, from the interceptor packages:
   * `{ AWS_IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer(), … }`. An app bundles only those it passes.
   */
  readonly authorizers?: Authorizers | undefined;
  /** Headers for every API (Amplify Gen2's `API.REST.headers`): static, or a function per request. */
  readonly headers?: HeadersSource | undefined;
  /**
   * `customHeaders` from `@ky-auth/custom-headers`; needed when the file or `headers` has custom headers
   * (Gen1's `custom_header`, Gen2's `headers`).
   */
  readonly customHeaders?: ((source: HeadersSource, options: { name: string }) => Interceptor) | undefined;
  /** Amplify Gen2's library options, the second argument of `Amplify.configure`. */
  readonly libraryOptions?: unknown;
  /** The time source of the shared clock. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The APIs of a configuration, each ready to use: as hooks for a ky instance you already have, or as a
 * ky instance of its own.
 */
export interface ConfiguredApis {
  /** The configuration, normalized. */
  readonly config: NormalizedConfig;
  /** The names of the REST APIs in the file. */
  readonly names: readonly string[];
  /** The interceptors built for an API, in the order they run. */
  interceptors(name: string): readonly Interceptor[];
  /** ky hooks for the API, for `ky.create({ hooks })` or `.extend({ hooks })`. */
  hooks(name: string): AuthHooks;
  /**
   * A ky instance whose prefix is the API's endpoint, extending `base` when given: any ky 2 instance, or
   * a ky 1.14 one when `authHooks` from `@ky-auth/core/ky1` was passed to `fromConfig`. The result is of
   * `base`'s own type.
   */
  client<Instance extends KyLike = KyInstance>(name: string, base?: Instance): Instance;
}

/** What `client()` needs of a ky instance, whichever major: it extends it. */
export interface KyLike {
  readonly extend: (options: never) => unknown;
}

/**
 * Validates and normalizes a configuration (`amplifyconfiguration.json`, `aws-exports`, Gen2's
 * `Amplify.configure` resource config or `amplify_outputs.json`) and builds every API's interceptors
 * right away, so a missing secret or provider is an error now, not at the first request.
 *
 * @throws {ConfigError} with the JSON path of the offending value.
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
export function fromConfig(raw: unknown, providers: FromConfigProviders = {}): ConfiguredApis {
  const config = parseConfig(raw, {
    allowInsecureHttp: providers.allowInsecureHttp === true,
    libraryOptions: providers.libraryOptions,
  });
  const clock = createClock(providers.now);
  const globalHeaders = providers.headers ?? config.headers;

  const headerInterceptor = (source: HeadersSource, name: string, path: string): Interceptor => {
    if (providers.customHeaders === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        path,
        'custom headers are configured: pass { customHeaders } from @ky-auth/custom-headers to fromConfig.',
      );
    }
    return providers.customHeaders(source, { name });
  };

  const build = (api: NormalizedApi): readonly Interceptor[] => {
    const interceptors: Interceptor[] = [];
    if (api.headers !== undefined)
      interceptors.push(headerInterceptor(api.headers, `headers:${api.name}`, api.path));
    if (globalHeaders !== undefined)
      interceptors.push(headerInterceptor(globalHeaders, 'headers', '$.headers'));
    if (api.authorizationType === 'NONE') return interceptors;
    const factory = providers.authorizers?.[api.authorizationType];
    // With Gen2's defaultAuthMode 'none', an app that never signs needs no IAM authorizer.
    if (factory === undefined && config.defaultAuthMode === 'none') return interceptors;
    if (factory === undefined) {
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        `${api.path}.authorizationType`,
        `API "${api.name}" uses ${api.authorizationType}: pass its authorizer to fromConfig, as { authorizers: { ${api.authorizationType}: ${factoryHint[api.authorizationType]} } }.`,
      );
    }
    return interceptors.concat(factory({ api, config, clock }));
  };

  const built = new Map<
    string,
    { api: NormalizedApi; interceptors: readonly Interceptor[]; hooks: AuthHooks }
  >();
  for (const api of config.apis.values()) {
    const interceptors = build(api);
    const hooks = (providers.authHooks ?? authHooks)(interceptors, {
      endpoint: api.endpoint,
      apiName: api.name,
      clock,
      defaultAuthMode: config.defaultAuthMode,
      allowInsecureHttp: providers.allowInsecureHttp,
      redirects: providers.redirects,
      fetch: providers.fetch,
      onEvent: providers.onEvent,
    });
    built.set(api.name, { api, interceptors, hooks });
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
    hooks: (name) => entry(name).hooks,
    client<Instance extends KyLike>(name: string, base?: Instance): Instance {
      const instance = (base ?? ky) as KyInstance;
      const { api, hooks } = entry(name);
      // ky 2 hooks have `init`; ky 2 (the one with `query`) calls the prefix `prefix`, ky 1 `prefixUrl`.
      const forKy2 = hooks.init !== undefined;
      if (forKy2 !== 'query' in instance) {
        throw new KyAuthError(
          'ERR_KY_MAJOR',
          forKy2
            ? "client() got a ky 1 instance: pass { authHooks } from '@ky-auth/core/ky1' to fromConfig."
            : 'client() got a ky 2 instance, but fromConfig was given the ky 1 authHooks: leave authHooks out for ky 2.',
        );
      }
      return instance.extend({
        [forKy2 ? 'prefix' : 'prefixUrl']: api.endpoint.href,
        hooks,
      } as Options) as unknown as Instance;
    },
  };
}

const factoryHint: Record<Exclude<NormalizedApi['authorizationType'], 'NONE'>, string> = {
  AWS_IAM: 'iamAuthorizer() from @ky-auth/iam-signer',
  API_KEY: 'apiKeyAuthorizer() from @ky-auth/api-key',
  AMAZON_COGNITO_USER_POOLS: 'userPoolAuthorizer(…) from @ky-auth/cognito-token',
  OPENID_CONNECT: 'oidcAuthorizer(…) from @ky-auth/oidc-token',
  AWS_LAMBDA: 'lambdaAuthorizer(…) from @ky-auth/oidc-token',
};
