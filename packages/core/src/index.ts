export { defineAuthorizer } from './config/define-authorizer.ts';
export type { ConfigErrorCode } from './config/error-codes.ts';
export { configErrorCodes } from './config/error-codes.ts';
export type { ConfiguredApis, FromConfigProviders, KyLike } from './config/from-config.ts';
export { fromConfig } from './config/from-config.ts';
export { getApi } from './config/get-api.ts';
export type { ParseConfigOptions } from './config/parse-config.ts';
export { parseConfig } from './config/parse-config.ts';
export type {
  ApiNameOf,
  AuthorizationType,
  AuthorizationTypeSpelling,
  AuthorizerFactory,
  AuthorizerInput,
  Authorizers,
  CheckedAuthorizers,
  CustomAuthorizationType,
  HeadersSource,
  IdentityPoolConfig,
  NormalizedApi,
  NormalizedConfig,
  UserPoolConfig,
} from './config/types.ts';
export type { AuthHooks, AuthHooksOptions, AuthHooksOptionsWithEndpoint } from './engine/auth-hooks.ts';
export { authHooks } from './engine/auth-hooks.ts';
export type {
  AuthEvent,
  AuthEventListener,
  AuthEventRequest,
  AuthorizeEvent,
  ClockOffsetEvent,
  RedirectEvent,
  RejectionEvent,
  RetryEvent,
  SkipReason,
  WaitEvent,
} from './engine/events.ts';
export type {
  Clock,
  Interceptor,
  InterceptorContext,
  RedirectContext,
  RedirectPolicy,
  Rejection,
  RequestAuthOptions,
  Stage,
} from './engine/types.ts';
export { stages } from './engine/types.ts';
export type { KyAuthErrorCode } from './errors/codes.ts';
export { errorCodes } from './errors/codes.ts';
export {
  ConfigError,
  CredentialsError,
  KyAuthError,
  RequestPolicyError,
  SigningError,
  TokenError,
} from './errors.ts';
export { abortable } from './helpers/abortable.ts';
export type { AwsJsonAnswer, AwsJsonCallOptions } from './helpers/aws-json-call.ts';
export { awsJsonCall } from './helpers/aws-json-call.ts';
export { isAwsRegion } from './helpers/aws-region.ts';
export type {
  CachedSource,
  CachedSourceOptions,
  Expiring,
  GetOptions,
  LoadReason,
} from './helpers/cached-source.ts';
export { cachedSource } from './helpers/cached-source.ts';
export { createClock } from './helpers/clock.ts';
export { isKyAuthErrorOrAbort } from './helpers/is-ky-auth-error-or-abort.ts';
export { isLoopbackHost } from './helpers/is-loopback-host.ts';
export type { RedactedCauseOptions } from './helpers/redacted-cause.ts';
export { redactedCause } from './helpers/redacted-cause.ts';
export type { TransportOptions } from './helpers/secure-transport.ts';
export { assertSecureTransport, isSecureTransport } from './helpers/secure-transport.ts';
export { isHeaderName, isHeaderValue, validateHeader } from './helpers/validate-header.ts';
