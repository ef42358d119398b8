import { CredentialsError, KyAuthError } from '@ky-auth/core';

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
 * The current logins, `undefined` for a guest; a failing function becomes `ERR_COGNITO_LOGINS_FAILED`.
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
  if (error instanceof KyAuthError) throw error;
  throw new CredentialsError(
    'ERR_COGNITO_LOGINS_FAILED',
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
        'ERR_COGNITO_LOGINS_FAILED',
        `The logins for ${provider} have no token (an empty or non-string value); the request was not sent.`,
      );
    }
  }
  return entries.length === 0 ? undefined : logins;
}

/**
 * Who the logins identify, to key the identity ID and credentials they get: each provider with its JWT's
 * `sub` (a refreshed token of the same user keeps the key; another user gets another). Tokens that are
 * not JWTs key by provider only. `''` for a guest.
 */
export function loginsKey(logins: Logins | undefined): string {
  if (logins === undefined) return '';
  return Object.keys(logins)
    .sort()
    .map((provider) => `${provider}#${jwtSubject(logins[provider]!) ?? ''}`)
    .join('\n');
}

// The logins function runs for every request, usually returning the same token: decode it once.
let lastToken: string | undefined;
let lastSubject: string | undefined;

function jwtSubject(token: string): string | undefined {
  if (token === lastToken) return lastSubject;
  const payload = token.split('.')[1];
  let subject: string | undefined;
  try {
    const claims = JSON.parse(atob((payload ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      sub?: unknown;
    };
    subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    subject = undefined;
  }
  lastToken = token;
  lastSubject = subject;
  return subject;
}
