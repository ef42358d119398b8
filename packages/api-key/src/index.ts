export type { ApiKeyOptions, ApiKeyProvider, ApiKeyProviderInput } from './api-key.ts';
export { apiKey } from './api-key.ts';
export type { ApiKeyAuthorizerOptions } from './api-key-authorizer.ts';
export { apiKeyAuthorizer } from './api-key-authorizer.ts';
