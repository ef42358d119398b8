export type {
  CognitoTokens,
  CognitoTokensFunction,
  CognitoUserPoolTokenOptions,
  JwtLike,
} from './cognito-user-pool-token.ts';
export { cognitoUserPoolToken } from './cognito-user-pool-token.ts';
export { userPoolAuthorizer } from './user-pool-authorizer.ts';
export type { UserPoolSession, UserPoolSessionOptions, UserPoolTokens } from './user-pool-session.ts';
export { userPoolSession } from './user-pool-session.ts';
