import { type Interceptor, stages } from '../../engine/types.ts';
import { ConfigError } from '../../errors.ts';
import type { AuthorizerFactory, HeadersSource } from '../types.ts';
import { refuseNearMisses } from './near-miss.ts';
import { authorizationTypes } from './parse-api.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { childPath, describeType, isObject } from './read.ts';

/** `ERR_CONFIG_INVALID_PROVIDER`: a `fromConfig` option of the wrong shape, at `path`. */
export const invalidProvider = (path: string, whatToFix: string): ConfigError =>
  new ConfigError('ERR_CONFIG_INVALID_PROVIDER', path, whatToFix);

// Each built-in type's authorizer maker and its package, for the hints.
const makers: Readonly<Record<string, string>> = {
  AWS_IAM: 'iamAuthorizer iam-signer',
  API_KEY: 'apiKeyAuthorizer api-key',
  AMAZON_COGNITO_USER_POOLS: 'userPoolAuthorizer cognito-token',
  OPENID_CONNECT: 'oidcAuthorizer oidc-token',
  AWS_LAMBDA: 'lambdaAuthorizer token',
};
const makerOf = (type: string) => (Object.hasOwn(makers, type) ? makers[type]!.split(' ') : []);

/** How to serve `type`: `iamAuthorizer() from @ky-auth/iam-signer`, or `defineAuthorizer('custom', build)`. */
export function factoryHint(type: string, withPackage = true): string {
  const [maker, where] = makerOf(type);
  if (maker === undefined) return `defineAuthorizer('${type}', build)`;
  return withPackage ? `${maker}() from @ky-auth/${where}` : `${maker}()`;
}

/** What `fromConfig` reads from its providers once they are checked. */
export interface CheckedProviders {
  /** Canonical or custom type → the authorizer and the path it was given at. */
  readonly authorizers: ReadonlyMap<string, readonly [factory: AuthorizerFactory, path: string]>;
  /** The custom types among the `authorizers` keys, for `parseConfig`. */
  readonly customAuthorizationTypes: readonly string[];
  readonly headers: HeadersSource | undefined;
  /** API name → the app's extra interceptors for it, checked, and their path. */
  readonly interceptors: ReadonlyMap<string, readonly [list: readonly Interceptor[], path: string]>;
}

/**
 * Checks every provider option's shape before anything is built, so that a mistake is a `ConfigError`
 * naming the option and the fix, never a `TypeError` at the first request or, worse, a request that goes
 * out without its API's credentials. `caller` is the entry's name (`fromConfig`, …), for messages.
 */
export function checkProviders(providers: unknown, caller: string): CheckedProviders {
  if (!isObject(providers))
    throw invalidProvider('providers', `expected an object, got ${describeType(providers)}.`);
  const functions = 'authOptions fetch redirects now customHeaders'.split(' ');
  refuseNearMisses(providers, 'providers', [
    ...functions,
    ...'authorizers headers interceptors libraryOptions allowInsecureHttp'.split(' '),
  ]);
  for (const key of functions) {
    const value = providers[key];
    if (value !== undefined && typeof value !== 'function') {
      throw invalidProvider(
        `providers.${key}`,
        // `customHeaders: customHeaders({…})`: the interceptor for every API instead of its maker.
        isInterceptor(value)
          ? `pass ${key} itself, not ${key}({…}): ${caller} makes one per API.`
          : `expected a function, got ${describeType(value)}.`,
      );
    }
  }
  let headers: HeadersSource | undefined;
  try {
    headers = parseHeadersSource(providers.headers, 'providers.headers');
  } catch (error) {
    // The file's header checks, reported as a provider's mistake.
    if (!(error instanceof ConfigError)) throw error;
    throw invalidProvider(error.path, error.message.slice(error.path.length + 2));
  }
  return {
    ...checkAuthorizers(providers.authorizers),
    headers,
    interceptors: checkExtra(providers.interceptors),
  };
}

function checkAuthorizers(
  value: unknown,
): Pick<CheckedProviders, 'authorizers' | 'customAuthorizationTypes'> {
  const authorizers = new Map<string, readonly [AuthorizerFactory, string]>();
  const customAuthorizationTypes: string[] = [];
  for (const [key, factory] of entries(value, 'providers.authorizers')) {
    if (factory === undefined) continue;
    const path = childPath('providers.authorizers', key);
    const builtIn: string | undefined = Object.hasOwn(authorizationTypes, key)
      ? authorizationTypes[key as keyof typeof authorizationTypes]
      : undefined;
    if (builtIn === 'NONE') throw invalidProvider(path, 'NONE needs no authorizer: remove it.');
    const type = builtIn ?? key;
    const example = `{ ${key}: ${factoryHint(type, false)} }`;
    const served: unknown =
      typeof factory === 'function' && (factory as Partial<AuthorizerFactory>).authorizationType;
    if (typeof served !== 'string') {
      const [maker] = makerOf(type);
      throw invalidProvider(
        path,
        typeof factory !== 'function'
          ? `expected an authorizer, as ${example}, got ${isInterceptor(factory) ? 'an interceptor' : describeType(factory)}.`
          : factory.name === maker
            ? `${maker} makes the authorizer: call it, as ${example}.`
            : `not an authorizer: call its maker, as ${example}, or make one with defineAuthorizer('${type}', build).`,
      );
    }
    // A custom type may be served by any authorizer; a built-in one only by its own.
    if (builtIn !== undefined && served !== builtIn) {
      throw invalidProvider(
        path,
        `this authorizer serves ${served}, not ${builtIn}: its APIs would go out without their credentials. Pass ${example}.`,
      );
    }
    const earlier = authorizers.get(type);
    if (earlier !== undefined) {
      throw new ConfigError(
        'ERR_CONFIG_AMBIGUOUS',
        path,
        `${type} is also given at ${earlier[1]}: keep one.`,
      );
    }
    authorizers.set(type, [factory as AuthorizerFactory, path]);
    if (builtIn === undefined) customAuthorizationTypes.push(key);
  }
  return { authorizers, customAuthorizationTypes };
}

function checkExtra(value: unknown): CheckedProviders['interceptors'] {
  const extra = new Map<string, readonly [readonly Interceptor[], string]>();
  for (const [name, entry] of entries(value, 'providers.interceptors')) {
    const path = childPath('providers.interceptors', name);
    const list: unknown[] = Array.isArray(entry) ? entry : [entry];
    list.forEach((interceptor, index) => {
      checkInterceptor(interceptor, Array.isArray(entry) ? childPath(path, index) : path);
    });
    extra.set(name, [list as Interceptor[], path]);
  }
  return extra;
}

/** The entries of an optional object option; another type is `ERR_CONFIG_INVALID_PROVIDER`. */
function entries(value: unknown, path: string): [string, unknown][] {
  if (value === undefined) return [];
  if (!isObject(value)) throw invalidProvider(path, `expected an object, got ${describeType(value)}.`);
  refuseNearMisses(value, path, path.endsWith('authorizers') ? Object.keys(authorizationTypes) : []);
  return Object.entries(value);
}

/** True for a value of the {@link Interceptor} shape. */
export function isInterceptor(value: unknown): value is Interceptor {
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    value.name !== '' &&
    stages.includes(value.stage as Interceptor['stage']) &&
    typeof value.apply === 'function' &&
    ['undefined', 'function'].includes(typeof value.onResponse) &&
    (value.headerNames === undefined ||
      (Array.isArray(value.headerNames) && value.headerNames.every((name) => typeof name === 'string')))
  );
}

/** `ERR_CONFIG_INVALID_PROVIDER` at `path` unless `value` is an {@link Interceptor}. */
export function checkInterceptor(value: unknown, path: string): asserts value is Interceptor {
  if (!isInterceptor(value)) {
    throw invalidProvider(
      path,
      `expected an interceptor, { name, stage: '${stages.join("' | '")}', apply }, got ${isObject(value) ? 'an object of another shape' : describeType(value)}.`,
    );
  }
}
