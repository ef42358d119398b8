export { oidcAuthorizer } from './oidc-authorizer.ts';
export type { OidcClient, OidcClientOptions } from './oidc-client.ts';
export { oidcClient } from './oidc-client.ts';
export type { OidcTokenOptions } from './oidc-token.ts';
export { oidcToken } from './oidc-token.ts';
