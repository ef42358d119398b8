export { abortable } from './abortable.ts';
export type { AuthHooks, AuthHooksOptions } from './auth-hooks.ts';
export { authHooks } from './auth-hooks.ts';
export type { CachedSource, CachedSourceOptions, Expiring, GetOptions, LoadReason } from './cached-source.ts';
export { cachedSource } from './cached-source.ts';
export { createClock } from './clock.ts';
export type { ConfigErrorCode } from './config/error-codes.ts';
export { configErrorCodes } from './config/error-codes.ts';
export { getApi } from './config/get-api.ts';
export type { ParseConfigOptions } from './config/parse-config.ts';
export { parseConfig } from './config/parse-config.ts';
export type {
  AuthorizationType,
  AuthorizerFactory,
  AuthorizerInput,
  Authorizers,
  HeadersSource,
  IdentityPoolConfig,
  NormalizedApi,
  NormalizedConfig,
  UserPoolConfig,
} from './config/types.ts';
export {
  ConfigError,
  CredentialsError,
  KyAuthError,
  RequestPolicyError,
  SigningError,
  TokenError,
} from './errors.ts';
export type { ConfiguredApis, FromConfigProviders, KyLike } from './from-config.ts';
export { fromConfig } from './from-config.ts';
export { isLoopbackHost } from './is-loopback-host.ts';
export type {
  Clock,
  Interceptor,
  InterceptorContext,
  RedirectContext,
  RedirectPolicy,
  RequestAuthOptions,
  Stage,
} from './types.ts';
export { stages } from './types.ts';
export { isHeaderName, isHeaderValue, validateHeader } from './validate-header.ts';
