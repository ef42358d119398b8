import type { NormalizedConfig } from '@ky-auth/core';
import { CredentialsError } from '@ky-auth/core';
import type { CognitoIdentityPoolOptions } from '../from-cognito-identity-pool.ts';
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
        'context.logins must be { [identityProvider]: token }; the request was not sent.',
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

/** Per options of an iamAuthorizer, per configuration: each user's credentials source. */
const pools = new WeakMap<object, WeakMap<NormalizedConfig, (logins: unknown) => CredentialsProvider>>();

/**
 * The identity-pool credentials of the user whose logins a call gives (iamAuthorizer's, with its
 * endpoint and timeout); a call that gives logins to a configuration without an identity pool fails,
 * unsent.
 */
export function userPoolCredentials(
  config: NormalizedConfig,
  logins: unknown,
  options: {
    readonly identityPoolEndpoint?: string | URL | undefined;
    readonly identityPoolTimeoutMs?: number | undefined;
  },
  // Given by iamAuthorizer, which has it at hand: this module, loaded on demand, imports none of it.
  fromCognitoIdentityPool: (options: CognitoIdentityPoolOptions) => CredentialsProvider,
): CredentialsProvider {
  const pool = config.identityPool;
  if (pool === undefined) {
    throw new CredentialsError(
      'ERR_CREDENTIALS_INVALID',
      "context.logins needs the configuration's identity pool, and it has none; the request was not sent. Give the call context.credentials instead.",
    );
  }
  let byConfig = pools.get(options);
  if (byConfig === undefined) {
    byConfig = new WeakMap();
    pools.set(options, byConfig);
  }
  let forUser = byConfig.get(config);
  if (forUser === undefined) {
    forUser = perUserCredentials((latest) =>
      fromCognitoIdentityPool({
        identityPoolId: pool.poolId,
        region: pool.region,
        logins: latest,
        endpoint: options.identityPoolEndpoint,
        timeoutMs: options.identityPoolTimeoutMs,
      }),
    );
    byConfig.set(config, forUser);
  }
  return forUser(logins);
}
