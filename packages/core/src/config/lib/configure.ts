import ky, { type KyInstance, type Options } from 'ky';
import { type AuthHooks, type AuthHooksOptionsWithEndpoint, authHooks } from '../../engine/auth-hooks.ts';
import type { AuthOptions } from '../../engine/ky1.ts';
import type { Clock, Interceptor } from '../../engine/types.ts';
import { ConfigError, KyAuthError } from '../../errors.ts';
import { createClock } from '../../helpers/clock.ts';
import type { ConfiguredApis, FromConfigProviders, KyLike } from '../from-config.ts';
import { getApi } from '../get-api.ts';
import type { HeadersSource, NormalizedApi } from '../types.ts';
import { checkInterceptor, checkProviders, factoryHint } from './check-providers.ts';
import { parseStyle, type Readers } from './parse-style.ts';

/**
 * The one body of `fromConfig` and the per-format entries: checks the providers, parses a configuration
 * of one of the `readers`' styles, and builds every API's interceptors and ky options. `caller` is the
 * entry's name, for messages.
 */
export function configure(
  raw: unknown,
  providers: FromConfigProviders = {},
  readers: Readers,
  caller: string,
): ConfiguredApis {
  const checked = checkProviders(providers, caller);
  const [config, reader] = parseStyle(
    raw,
    {
      allowInsecureHttp: providers.allowInsecureHttp === true,
      libraryOptions: providers.libraryOptions,
      customAuthorizationTypes: checked.customAuthorizationTypes,
    },
    readers,
  );
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
        `custom headers are configured: pass { customHeaders } from @ky-auth/custom-headers to ${caller}.`,
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
    // Amplify v5 sends a request whose Gen1 custom_header gave an Authorization header as it is, unsigned:
    // the style's reader says how (only aws-exports has one).
    const customHeaderSigners =
      api.headers !== undefined && type === 'AWS_IAM' ? reader.customHeaderSigners : undefined;
    const gen1CustomHeader = customHeaderSigners !== undefined;
    if (factory === undefined) {
      // Under Gen2's defaultAuthMode 'none' an app that never signs needs no authorizer: a call that asks
      // for auth anyway fails (the engine runs auth-stage interceptors only for such calls).
      if (gen1CustomHeader || config.defaultAuthMode === 'none') {
        return interceptors.concat(withoutAuthorizer(api, gen1CustomHeader));
      }
      throw new ConfigError(
        'ERR_CONFIG_MISSING_PROVIDER',
        `${api.path}.authorizationType`,
        `API "${api.name}" uses ${type}: pass its authorizer to ${caller}, as { authorizers: { ${type}: ${factoryHint(type)} } }.`,
      );
    }
    const made = factory({ api, config, clock });
    const list: readonly unknown[] = Array.isArray(made) ? made : [made];
    list.forEach((interceptor, index) => {
      checkInterceptor(interceptor, `${path}(…)${Array.isArray(made) ? `[${index}]` : ''}`);
    });
    return interceptors.concat(
      gen1CustomHeader ? customHeaderSigners(list as Interceptor[]) : (list as Interceptor[]),
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
    const hooksOptions: AuthHooksOptionsWithEndpoint = {
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
            ? `client() got a ky 1 instance: pass { authOptions } from '@ky-auth/core/ky1' to ${caller}.`
            : `client() got a ky 2 instance, but ${caller} was given the ky 1 authOptions: leave authOptions out for ky 2.`,
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
