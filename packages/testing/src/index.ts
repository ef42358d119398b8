export type { ApiGateway, ApiGatewayOptions, GatewayCall, GatewayRoute, RouteInput } from './api-gateway.ts';
export { apiGateway } from './api-gateway.ts';
export type { ApiKey, ApiKeyAuthorizerOptions } from './api-key-authorizer.ts';
export { apiKeyAuthorizer } from './api-key-authorizer.ts';
export type {
  CognitoIdentity,
  CognitoIdentityOptions,
  IdentityCall,
  IdentityProvider,
} from './cognito-identity.ts';
export { cognitoIdentity } from './cognito-identity.ts';
export type { CognitoUserPoolAuthorizerOptions } from './cognito-user-pool-authorizer.ts';
export { cognitoUserPoolAuthorizer } from './cognito-user-pool-authorizer.ts';
export type { TestIssuer, TestIssuerOptions, TestSignOptions } from './create-test-issuer.ts';
export { createTestIssuer } from './create-test-issuer.ts';
export type { TestTokenOptions, TestUserPool, TestUserPoolOptions } from './create-test-user-pool.ts';
export { createTestUserPool } from './create-test-user-pool.ts';
export type { TestClock } from './fixed-clock.ts';
export { fixedClock } from './fixed-clock.ts';
export type { IamAuthorizerOptions, IamCredentials } from './iam-authorizer.ts';
export { iamAuthorizer } from './iam-authorizer.ts';
export { interceptorContext } from './interceptor-context.ts';
export type { JwtAuthorizerOptions } from './jwt-authorizer.ts';
export { jwtAuthorizer } from './jwt-authorizer.ts';
export type { LambdaAuthorizerOptions, LambdaVerdict } from './lambda-authorizer.ts';
export { lambdaAuthorizer } from './lambda-authorizer.ts';
export type { CorsOptions } from './lib/cors.ts';
export type { EchoBody } from './lib/echo.ts';
export type { JwksSource } from './lib/jwt.ts';
export type { CallFilter } from './lib/recorder.ts';
export type {
  ApiKeyPrincipal,
  AuthorizeInput,
  Authorizer,
  AuthorizerDecision,
  Denial,
  IamPrincipal,
  JwtPrincipal,
  LambdaPrincipal,
  NowClock,
  Principal,
} from './types.ts';
