import { type Interceptor, stages } from '../../engine/types.ts';
import { ConfigError } from '../../errors.ts';
import type { AuthorizationType, AuthorizerFactory, HeadersSource } from '../types.ts';
import { refuseNearMisses } from './near-miss.ts';
import { authorizationTypes } from './parse-api.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { childPath, describeType, isObject } from './read.ts';

/** `ERR_CONFIG_INVALID_PROVIDER` at `providers.<…>`: a `fromConfig` option of the wrong shape. */
export function invalidProvider(path: string, whatToFix: string): ConfigError {
  return new ConfigError('ERR_CONFIG_INVALID_PROVIDER', path, whatToFix);
}

const providerKeys = [
  'authHooks',
  'authorizers',
  'headers',
  'customHeaders',
  'interceptors',
  'libraryOptions',
  'now',
  'allowInsecureHttp',
  'redirects',
  'fetch',
];

// The factory makers of the interceptor packages, for the "call it" hint: `{ API_KEY: apiKeyAuthorizer }`.
const makers: Readonly<Record<Exclude<AuthorizationType, 'NONE'>, string>> = {
  AWS_IAM: 'iamAuthorizer',
  API_KEY: 'apiKeyAuthorizer',
  AMAZON_COGNITO_USER_POOLS: 'userPoolAuthorizer',
  OPENID_CONNECT: 'oidcAuthorizer',
  AWS_LAMBDA: 'lambdaAuthorizer',
};

/** `ERR_CONFIG_INVALID_PROVIDER` unless `value` is absent or a function. */
function checkFunction(value: unknown, path: string, what: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw invalidProvider(path, `expected ${what}, got ${describeType(value)}.`);
  }
}

/** An authorizer registered under `key`: the type it serves, and its JSON-ish path for messages. */
export interface RegisteredAuthorizer {
  readonly factory: AuthorizerFactory;
  readonly path: string;
}

/** What `fromConfig` reads from its providers once they are checked. */
export interface CheckedProviders {
  /** Canonical or custom type → authorizer. */
  readonly authorizers: ReadonlyMap<string, RegisteredAuthorizer>;
  /** The custom types among the `authorizers` keys, for `parseConfig`. */
  readonly customAuthorizationTypes: readonly string[];
  readonly headers: HeadersSource | undefined;
  /** API name → the app's extra interceptors for it, already checked. */
  readonly interceptors: ReadonlyMap<
    string,
    { readonly path: string; readonly list: readonly Interceptor[] }
  >;
}

/**
 * Checks every provider option's shape before anything is built, so that a mistake is a `ConfigError`
 * naming the option and the fix, never a `TypeError` at the first request or, worse, a request that goes
 * out without its API's credentials.
 */
export function checkProviders(providers: unknown): CheckedProviders {
  if (!isObject(providers))
    throw invalidProvider('providers', `expected an object, got ${describeType(providers)}.`);
  refuseNearMisses(providers, 'providers', providerKeys);
  checkFunction(
    providers.authHooks,
    'providers.authHooks',
    "authHooks from '@ky-auth/core' or '@ky-auth/core/ky1'",
  );
  checkFunction(providers.fetch, 'providers.fetch', 'a fetch function');
  checkFunction(
    providers.redirects,
    'providers.redirects',
    "a redirect policy such as followRedirects() from '@ky-auth/core/follow-redirects'",
  );
  checkFunction(providers.now, 'providers.now', 'a function returning milliseconds since the epoch');
  const { customHeaders } = providers;
  if (customHeaders !== undefined && typeof customHeaders !== 'function') {
    throw invalidProvider(
      'providers.customHeaders',
      isInterceptor(customHeaders)
        ? 'pass customHeaders itself, not customHeaders({…}): fromConfig makes one per API, as { customHeaders }; headers for every API go in { headers }.'
        : `expected customHeaders from @ky-auth/custom-headers, got ${describeType(customHeaders)}.`,
    );
  }
  const headers = parseProviderHeaders(providers.headers);
  const { authorizers, customAuthorizationTypes } = checkAuthorizers(providers.authorizers);
  return {
    authorizers,
    customAuthorizationTypes,
    headers,
    interceptors: checkExtraInterceptors(providers.interceptors),
  };
}

function parseProviderHeaders(value: unknown): HeadersSource | undefined {
  try {
    return parseHeadersSource(value, 'providers.headers');
  } catch (error) {
    // The same checks as the file's headers, reported as a provider's mistake.
    if (!(error instanceof ConfigError)) throw error;
    throw invalidProvider(error.path, error.message.slice(error.path.length + 2));
  }
}

function checkAuthorizers(
  value: unknown,
): Pick<CheckedProviders, 'authorizers' | 'customAuthorizationTypes'> {
  const authorizers = new Map<string, RegisteredAuthorizer>();
  const customAuthorizationTypes: string[] = [];
  if (value === undefined) return { authorizers, customAuthorizationTypes };
  if (!isObject(value)) {
    throw invalidProvider(
      'providers.authorizers',
      `expected an object such as { AWS_IAM: iamAuthorizer() }, got ${describeType(value)}.`,
    );
  }
  refuseNearMisses(value, 'providers.authorizers', Object.keys(authorizationTypes));
  for (const [key, factory] of Object.entries(value)) {
    if (factory === undefined) continue;
    const path = childPath('providers.authorizers', key);
    const builtIn = Object.hasOwn(authorizationTypes, key)
      ? authorizationTypes[key as keyof typeof authorizationTypes]
      : undefined;
    if (builtIn === 'NONE') {
      throw invalidProvider(path, 'NONE needs no authorizer: remove this key.');
    }
    if (builtIn === undefined && !/^[A-Za-z][\w.-]{0,63}$/.test(key)) {
      throw invalidProvider(
        path,
        'a custom authorization type is a word of letters, digits, "_", "-" or ".", such as custom.',
      );
    }
    const type = builtIn ?? key;
    const maker = builtIn === undefined ? undefined : makers[builtIn];
    const example = maker === undefined ? `defineAuthorizer('${key}', build)` : `${maker}()`;
    if (typeof factory !== 'function') {
      throw invalidProvider(
        path,
        isInterceptor(factory)
          ? `expected an authorizer factory, got an interceptor: wrap it as defineAuthorizer('${type}', () => interceptor), or add it with { interceptors: { [apiName]: [interceptor] } }.`
          : `expected an authorizer factory such as ${example}, got ${describeType(factory)}.`,
      );
    }
    const served: unknown = (factory as Partial<AuthorizerFactory>).authorizationType;
    if (typeof served !== 'string') {
      const uncalled = Object.values(makers).includes(factory.name);
      throw invalidProvider(
        path,
        uncalled
          ? `${factory.name} makes the authorizer: call it, as { ${key}: ${factory.name}() }.`
          : `this function names no authorization type, so it may be an authorizer maker passed uncalled: call it, as { ${key}: ${example} }, or make your own with defineAuthorizer('${type}', build).`,
      );
    }
    if (builtIn !== undefined && served !== builtIn) {
      const right = Object.hasOwn(makers, served) ? makers[served as keyof typeof makers] : undefined;
      throw invalidProvider(
        path,
        `this authorizer serves ${served}, not ${builtIn}: its APIs would go out without their credentials. Pass ${example} here${right === undefined ? '' : `, and ${right}() under ${served}`}.`,
      );
    }
    const earlier = authorizers.get(type);
    if (earlier !== undefined) {
      throw new ConfigError(
        'ERR_CONFIG_AMBIGUOUS',
        path,
        `${type} is also given at ${earlier.path}: keep one.`,
      );
    }
    authorizers.set(type, { factory: factory as AuthorizerFactory, path });
    if (builtIn === undefined) customAuthorizationTypes.push(key);
  }
  return { authorizers, customAuthorizationTypes };
}

function checkExtraInterceptors(value: unknown): CheckedProviders['interceptors'] {
  const extra = new Map<string, { path: string; list: readonly Interceptor[] }>();
  if (value === undefined) return extra;
  if (!isObject(value)) {
    throw invalidProvider(
      'providers.interceptors',
      `expected an object of API name → interceptors, got ${describeType(value)}.`,
    );
  }
  for (const [name, entry] of Object.entries(value)) {
    const path = childPath('providers.interceptors', name);
    const list = Array.isArray(entry) ? (entry as unknown[]) : [entry];
    list.forEach((interceptor, index) => {
      checkInterceptor(interceptor, Array.isArray(entry) ? childPath(path, index) : path);
    });
    extra.set(name, { path, list: list as Interceptor[] });
  }
  return extra;
}

/** True for a value of the {@link Interceptor} shape: a name, a known stage, an `apply` function. */
export function isInterceptor(value: unknown): value is Interceptor {
  if (!isObject(value)) return false;
  return (
    typeof value.name === 'string' &&
    value.name !== '' &&
    (stages as readonly unknown[]).includes(value.stage) &&
    typeof value.apply === 'function' &&
    (value.onResponse === undefined || typeof value.onResponse === 'function') &&
    (value.headerNames === undefined ||
      (Array.isArray(value.headerNames) && value.headerNames.every((header) => typeof header === 'string')))
  );
}

/** `ERR_CONFIG_INVALID_PROVIDER` unless `value` is an {@link Interceptor}, saying which part is wrong. */
export function checkInterceptor(value: unknown, path: string): asserts value is Interceptor {
  if (isInterceptor(value)) return;
  const problem = !isObject(value)
    ? `got ${describeType(value)}`
    : typeof value.name !== 'string' || value.name === ''
      ? 'its name is not a non-empty string'
      : !(stages as readonly unknown[]).includes(value.stage)
        ? `its stage is not one of '${stages.join("', '")}'`
        : typeof value.apply !== 'function'
          ? 'its apply is not a function'
          : 'its onResponse or headerNames is of the wrong type';
  throw invalidProvider(path, `expected an interceptor ({ name, stage, apply }): ${problem}.`);
}
