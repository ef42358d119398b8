import { CredentialsError } from '@ky-auth/core';
import type { CredentialsProvider } from './types.ts';

/**
 * Credentials from the environment, as the AWS CLI and SDKs read them: `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, and `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION` for temporary
 * credentials. Read when the first request is signed (then kept), for Node, Deno and Bun.
 *
 * A missing variable fails the request with `CredentialsError` `ERR_CREDENTIALS_MISSING_AWS_ACCESS_KEY_ID`
 * or `ERR_CREDENTIALS_MISSING_AWS_SECRET_ACCESS_KEY`; a runtime without `process.env` (a browser) with
 * `ERR_CREDENTIALS_ENV_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { fromEnv, iamSigner } from '@ky-auth/iam-signer';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([iamSigner({ credentials: fromEnv() })], { endpoint }),
 * });
 * ```
 */
export function fromEnv(): CredentialsProvider {
  return () => {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    if (env === undefined) {
      throw new CredentialsError(
        'ERR_CREDENTIALS_ENV_UNAVAILABLE',
        'fromEnv() reads process.env, which this runtime does not have; pass credentials (or a provider such as fromCognitoIdentityPool) instead.',
      );
    }
    const accessKeyId = required(env, 'AWS_ACCESS_KEY_ID');
    const secretAccessKey = required(env, 'AWS_SECRET_ACCESS_KEY');
    const sessionToken = env.AWS_SESSION_TOKEN || undefined;
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return { accessKeyId, secretAccessKey, sessionToken, expiration };
  };
}

// Spelt out so that each code can be found where it is thrown.
const missingCodes = {
  AWS_ACCESS_KEY_ID: 'ERR_CREDENTIALS_MISSING_AWS_ACCESS_KEY_ID',
  AWS_SECRET_ACCESS_KEY: 'ERR_CREDENTIALS_MISSING_AWS_SECRET_ACCESS_KEY',
} as const;

function required(env: Record<string, string | undefined>, name: keyof typeof missingCodes): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new CredentialsError(
      missingCodes[name],
      `The environment variable ${name} is not set, so fromEnv() has no credentials; the request was not sent. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).`,
    );
  }
  return value;
}
