export { forgetCredentials } from './forget-credentials.ts';
export type { CognitoIdentityPoolOptions, Logins, LoginsSource } from './from-cognito-identity-pool.ts';
export { fromCognitoIdentityPool } from './from-cognito-identity-pool.ts';
export { fromEnv } from './from-env.ts';
export type { IamAuthorizerOptions, UserPoolTokensResult, UserPoolTokensSource } from './iam-authorizer.ts';
export { iamAuthorizer } from './iam-authorizer.ts';
export { iamSigner } from './iam-signer.ts';
export type { PresignUrlOptions } from './presign-url.ts';
export { presignUrl } from './presign-url.ts';
export type { SignRequestOptions } from './sign-request.ts';
export { signRequest } from './sign-request.ts';
export type {
  AwsCredentials,
  CredentialsProvider,
  IamSignerOptions,
  SigningOptions,
  TimeSource,
} from './types.ts';
