import { CredentialsError, isKyAuthErrorOrAbort } from '@ky-auth/core';
import { hashBackend } from '#hash';
import { toHex } from './hex.ts';

/**
 * Identity provider names (`cognito-idp.<region>.amazonaws.com/<userPoolId>` for a user pool) and their
 * tokens (the user pool's ID token).
 *
 * @example
 * ```ts
 * import type { Logins } from '@ky-auth/iam-signer';
 *
 * const logins: Logins = { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken };
 * ```
 */
export type Logins = Readonly<Record<string, string>>;

/**
 * The logins to present to Cognito Identity: a record, or a function returning one (or `undefined` when
 * nobody is signed in), called for every request so a sign-in or sign-out is picked up at once.
 *
 * @example
 * ```ts
 * import type { LoginsSource } from '@ky-auth/iam-signer';
 *
 * const logins: LoginsSource = async () => {
 *   const idToken = await currentIdToken(); // from your sign-in library
 *   return idToken ? { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken } : undefined;
 * };
 * ```
 */
export type LoginsSource = Logins | (() => Logins | undefined | Promise<Logins | undefined>);

/**
 * The current logins, `undefined` for a guest; a failing function becomes `ERR_LOGINS_PROVIDER_FAILED`.
 * Without a promise when the source is a record or a function that answers at once.
 */
export function currentLogins(
  source: LoginsSource | undefined,
): Logins | undefined | Promise<Logins | undefined> {
  let logins: Logins | undefined | Promise<Logins | undefined>;
  try {
    logins = typeof source === 'function' ? source() : source;
  } catch (error) {
    return loginsFailure(error);
  }
  return logins instanceof Promise ? logins.then(checkedLogins, loginsFailure) : checkedLogins(logins);
}

function loginsFailure(error: unknown): never {
  if (isKyAuthErrorOrAbort(error)) throw error;
  throw new CredentialsError(
    'ERR_LOGINS_PROVIDER_FAILED',
    'The logins function given to fromCognitoIdentityPool failed; the request was not sent. See `cause`.',
    { cause: error },
  );
}

function checkedLogins(logins: Logins | undefined | null): Logins | undefined {
  if (logins === undefined || logins === null) return undefined;
  const entries = Object.entries(logins);
  for (const [provider, token] of entries) {
    if (typeof token !== 'string' || token === '') {
      throw new CredentialsError(
        'ERR_LOGINS_PROVIDER_FAILED',
        `The logins for ${provider} have no token (an empty or non-string value); the request was not sent.`,
      );
    }
  }
  return entries.length === 0 ? undefined : logins;
}

/**
 * Who the logins identify, to key the identity ID and credentials they get: each provider with the user
 * its token stands for. For a JWT with a `sub` (a user pool's or an OpenID provider's ID token) that is
 * the `sub`, so a refreshed token of the same user keeps the key and another user gets another. A token
 * that is not one (Facebook, Login with Amazon, SAML, Twitter) says nothing readable about its user: it
 * keys by itself, as its SHA-256 digest (the token is never kept as a key, nor shown). `''` for a guest.
 */
export function loginsKey(logins: Logins | undefined): string {
  if (logins === undefined) return '';
  return Object.keys(logins)
    .sort()
    .map((provider) => `${provider}#${userOf(logins[provider]!)}`)
    .join('\n');
}

// The logins function runs for every request, usually returning the same token: its user is found once.
let lastToken: string | undefined;
let lastUser = '';

function userOf(token: string): string {
  if (token === lastToken) return lastUser;
  const subject = jwtSubject(token);
  const user = subject === undefined ? `token:${toHex(hashBackend.sha256(token))}` : `sub:${subject}`;
  lastToken = token;
  lastUser = user;
  return user;
}

function jwtSubject(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(atob((parts[1] as string).replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: unknown;
    };
    return typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
