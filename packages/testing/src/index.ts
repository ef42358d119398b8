export type { ApiGateway, ApiGatewayOptions, GatewayCall, GatewayRoute, RouteInput } from './api-gateway.ts';
export { apiGateway } from './api-gateway.ts';
export type { ApiKey, GatewayApiKeyAuthorizerOptions } from './api-key-authorizer.ts';
export { gatewayApiKeyAuthorizer } from './api-key-authorizer.ts';
export type {
  CognitoIdentity,
  CognitoIdentityOptions,
  IdentityCall,
  IdentityProvider,
} from './cognito-identity.ts';
export { cognitoIdentity } from './cognito-identity.ts';
export type { GatewayCognitoUserPoolAuthorizerOptions } from './cognito-user-pool-authorizer.ts';
export { gatewayCognitoUserPoolAuthorizer } from './cognito-user-pool-authorizer.ts';
export type { TestIssuer, TestIssuerOptions, TestSignOptions } from './create-test-issuer.ts';
export { createTestIssuer } from './create-test-issuer.ts';
export type { TestTokenOptions, TestUserPool, TestUserPoolOptions } from './create-test-user-pool.ts';
export { createTestUserPool } from './create-test-user-pool.ts';
export type { TestClock } from './fixed-clock.ts';
export { fixedClock } from './fixed-clock.ts';
export type { GatewayIamAuthorizerOptions, IamCredentials } from './iam-authorizer.ts';
export { gatewayIamAuthorizer } from './iam-authorizer.ts';
export { interceptorContext } from './interceptor-context.ts';
export type { GatewayJwtAuthorizerOptions } from './jwt-authorizer.ts';
export { gatewayJwtAuthorizer } from './jwt-authorizer.ts';
export type { GatewayLambdaAuthorizerOptions, LambdaVerdict } from './lambda-authorizer.ts';
export { gatewayLambdaAuthorizer } from './lambda-authorizer.ts';
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
