// The error family, one class per file in errors/; this module gathers them for core's own imports.
export { ConfigError } from './errors/config-error.ts';
export { CredentialsError } from './errors/credentials-error.ts';
export { KyAuthError } from './errors/ky-auth-error.ts';
export { RequestPolicyError } from './errors/request-policy-error.ts';
export { SigningError } from './errors/signing-error.ts';
export { TokenError } from './errors/token-error.ts';
