import type { NormalizedConfig } from '@ky-auth/core';
import { CredentialsError } from '@ky-auth/core';
import { fromCognitoIdentityPool } from '../from-cognito-identity-pool.ts';
import type { CredentialsProvider } from '../types.ts';
import { BoundedMap } from './bounded-map.ts';
import { currentLogins, type Logins, loginsKey } from './logins.ts';

interface User {
  latest: Logins | undefined;
  readonly provider: CredentialsProvider;
}

/** Users whose identity-pool credentials a server keeps at once; the least recently seen go first. */
const keptUsers = 1024;

/**
 * Identity-pool credentials per user, for calls that carry their user's logins (ky's
 * `context: { logins }`): one provider per user (`create`, given a function returning that user's latest
 * logins), keyed by who the logins stand for (a JWT's `sub`). Each user's credentials are cached, fetched
 * and refreshed on their own: a call never waits on another user's, nor is signed with them.
 */
function perUserCredentials(
  create: (logins: () => Logins | undefined) => CredentialsProvider,
): (logins: unknown) => CredentialsProvider {
  const users = new BoundedMap<string, User>(keptUsers);
  return (given) => {
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      throw new CredentialsError(
        'ERR_LOGINS_PROVIDER_FAILED',
        "The call's context.logins is not a record of identity providers and tokens, such as { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken }; the request was not sent.",
      );
    }
    const logins = currentLogins(given as Logins) as Logins | undefined;
    const key = loginsKey(logins);
    let user = users.get(key);
    if (user === undefined) {
      const holder: { latest: Logins | undefined } = { latest: logins };
      const created: User = Object.assign(holder, { provider: create(() => holder.latest) });
      user = created;
      users.set(key, created);
    } else {
      // The same user with a refreshed token: the next refresh of their credentials presents it.
      user.latest = logins;
    }
    return user.provider;
  };
}

/**
 * Per-user credentials from the configuration's identity pool (`iamAuthorizer`'s, with its endpoint and
 * timeout); a call that gives logins to a configuration without one fails, unsent.
 */
export function perUserPool(
  pool: NormalizedConfig['identityPool'],
  options: {
    readonly identityPoolEndpoint?: string | URL | undefined;
    readonly identityPoolTimeoutMs?: number | undefined;
  },
): (logins: unknown) => CredentialsProvider {
  if (pool === undefined) {
    return () => {
      throw new CredentialsError(
        'ERR_CREDENTIALS_INVALID',
        "This call gives its user's logins (context.logins), but the configuration has no identity pool to present them to; it was not sent. Give the call its credentials (context.credentials) instead.",
      );
    };
  }
  return perUserCredentials((latest) =>
    fromCognitoIdentityPool({
      identityPoolId: pool.poolId,
      region: pool.region,
      logins: latest,
      endpoint: options.identityPoolEndpoint,
      timeoutMs: options.identityPoolTimeoutMs,
    }),
  );
}
