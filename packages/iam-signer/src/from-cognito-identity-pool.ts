import {
  assertSecureTransport,
  type CachedSource,
  ConfigError,
  CredentialsError,
  cachedSource,
  isAwsRegion,
} from '@ky-auth/core';
import { BoundedMap } from './lib/bounded-map.ts';
import { CognitoIdentityError, cognitoIdentityClient } from './lib/cognito-identity-client.ts';
import { forgetters, refreshBeforeMs, selfCachingProviders } from './lib/credentials-source.ts';
import { currentLogins, type Logins, type LoginsSource, loginsKey } from './lib/logins.ts';
import type { AwsCredentials, CredentialsProvider } from './types.ts';

export type { Logins, LoginsSource } from './lib/logins.ts';

/**
 * Options of {@link fromCognitoIdentityPool}.
 *
 * @example
 * ```ts
 * import type { CognitoIdentityPoolOptions } from '@ky-auth/iam-signer';
 *
 * const options: CognitoIdentityPoolOptions = {
 *   identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
 *   logins: async () => {
 *     const idToken = await currentIdToken(); // from your sign-in library; undefined when signed out
 *     return idToken ? { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken } : undefined;
 *   },
 * };
 * ```
 */
export interface CognitoIdentityPoolOptions {
  /** `<region>:<uuid>`, from the Cognito console or `amplify_outputs.json`'s `identity_pool_id`. */
  readonly identityPoolId: string;
  /** The pool's region. Default: the region `identityPoolId` starts with. */
  readonly region?: string | undefined;
  /**
   * Tokens of the signed-in user, keyed by provider (`cognito-idp.<region>.amazonaws.com/<userPoolId>` for
   * a user pool's ID token), or a function returning them (`undefined` for a guest), called per request.
   * Without logins, the pool's unauthenticated (guest) role is used.
   */
  readonly logins?: LoginsSource | undefined;
  /**
   * The Cognito Identity endpoint. Default `https://cognito-identity.<region>.amazonaws.com/`. It receives
   * the users' login tokens: `https:`, or plain `http:` to `localhost`, `127.0.0.0/8` or `[::1]` (a local
   * stand-in), as core's `isSecureTransport` decides; anything else throws `RequestPolicyError`
   * `ERR_INSECURE_TRANSPORT` at once.
   */
  readonly endpoint?: string | URL | undefined;
  /** Allows an `endpoint` over plain `http:` to hosts other than loopback: a trusted test network only. */
  readonly allowInsecureHttp?: boolean | undefined;
  /** The `fetch` that calls Cognito Identity. Default: `globalThis.fetch` at the time of the call. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * How long one Cognito Identity call may take, answer included, in ms. Default 10 000 (ky's own
   * default). One that runs out of time fails with `ERR_COGNITO_IDENTITY_UNREACHABLE`; the next request
   * tries again. An answer is read up to 256 KiB; a larger one fails with
   * `ERR_COGNITO_IDENTITY_INVALID_RESPONSE`.
   */
  readonly timeoutMs?: number | undefined;
}

/** Logins (guest, or each user) whose identity ID is kept; credentials are kept for the current one only. */
const keptIdentities = 16;
/** `<region>:<uuid>`; the region is checked by core's one rule, {@link isAwsRegion}. */
const poolId = /^([^:]{1,32}):[0-9a-f-]+$/;

/**
 * Credentials from a Cognito identity pool, as Amplify's `AWS_IAM` mode gets them: the guest role
 * without logins, the authenticated role with a signed-in user's tokens. Calls Cognito Identity's
 * `GetId` and `GetCredentialsForIdentity` with `fetch` (no AWS SDK), keeps the identity ID of each user
 * (and of the guest) for reuse, caches the credentials until 5 minutes before they expire and refreshes
 * them with one call however many requests wait. The logins are read for every request and key the
 * credentials by the user their token stands for (a JWT's `sub`, else the token itself): a sign-in, a
 * sign-out or another user's sign-in drops the credentials of the previous one before any request is
 * signed with them, and a request that was waiting for them fails with `ERR_COGNITO_LOGINS_CHANGED`.
 *
 * A refusal fails the request with `CredentialsError` `ERR_COGNITO_IDENTITY_REJECTED`, whose message names
 * the service's error (`NotAuthorizedException`, `ResourceNotFoundException`, …); also
 * `ERR_COGNITO_IDENTITY_UNREACHABLE`, `ERR_COGNITO_IDENTITY_INVALID_RESPONSE`, `ERR_LOGINS_PROVIDER_FAILED`,
 * `ERR_COGNITO_LOGINS_CHANGED`. A redirect is never followed (the login tokens would go with it): it fails
 * with `RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`. An invalid `identityPoolId` throws `ConfigError` `ERR_CONFIG_INVALID_IDENTITY_POOL`
 * at once, an endpoint that is not secure `ERR_INSECURE_TRANSPORT`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { fromCognitoIdentityPool, iamSigner } from '@ky-auth/iam-signer';
 *
 * const credentials = fromCognitoIdentityPool({
 *   identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
 *   logins: async () => {
 *     const idToken = await currentIdToken(); // undefined when nobody is signed in
 *     return idToken ? { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123': idToken } : undefined;
 *   },
 * });
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([iamSigner({ credentials })], { endpoint }),
 * });
 * ```
 */
export function fromCognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsProvider {
  const { identityPoolId } = options;
  const prefix = typeof identityPoolId === 'string' ? poolId.exec(identityPoolId)?.[1] : undefined;
  const region = prefix !== undefined && isAwsRegion(prefix) ? prefix : undefined;
  if (region === undefined) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID_IDENTITY_POOL',
      'fromCognitoIdentityPool.identityPoolId',
      'The identityPoolId must look like "us-east-1:<uuid>": copy it from the Cognito console or your Amplify configuration.',
    );
  }
  const poolRegion = options.region ?? region;
  const endpoint = checkedEndpoint(
    options.endpoint ??
      `https://cognito-identity.${poolRegion}.amazonaws.com${poolRegion.startsWith('cn-') ? '.cn' : ''}/`,
  );
  assertSecureTransport(endpoint, 'credentials', options);
  const client = cognitoIdentityClient(endpoint, options.fetch, options.timeoutMs ?? 10_000);
  const identityIds = new BoundedMap<string, string>(keptIdentities);
  /** The credentials of whoever the logins named last: a change of user drops them. */
  let current:
    | { readonly key: string; logins: Logins | undefined; readonly credentials: CachedSource<AwsCredentials> }
    | undefined;

  const identityId = async (key: string, logins: Logins | undefined): Promise<string> => {
    const known = identityIds.get(key);
    if (known !== undefined) return known;
    const id = await client.getId(identityPoolId, logins);
    identityIds.set(key, id);
    return id;
  };

  const load = async (key: string, logins: Logins | undefined): Promise<AwsCredentials> => {
    const reused = identityIds.get(key) !== undefined;
    try {
      return await client.getCredentialsForIdentity(await identityId(key, logins), logins);
    } catch (error) {
      // A kept identity ID can go stale (deleted identity, another user's token): get a fresh one, once.
      const stale =
        error instanceof CognitoIdentityError &&
        (error.serviceErrorType === 'NotAuthorizedException' ||
          error.serviceErrorType === 'ResourceNotFoundException');
      if (!reused || !stale) throw error;
      identityIds.delete(key);
      return client.getCredentialsForIdentity(await identityId(key, logins), logins);
    }
  };

  const credentialsOf = (
    logins: Logins | undefined,
    signal: AbortSignal | undefined,
  ): AwsCredentials | Promise<AwsCredentials> => {
    const key = loginsKey(logins);
    let session = current;
    if (session === undefined || session.key !== key) {
      // Another user (or the guest): the previous one's credentials are dropped, never used again.
      const created = {
        key,
        logins,
        credentials: cachedSource<AwsCredentials>({
          refreshBeforeMs,
          load: async () => {
            const credentials = await load(key, created.logins);
            // The user changed while this load ran: its waiting requests are not signed as the previous one.
            if (current !== created) {
              throw new CredentialsError(
                'ERR_COGNITO_LOGINS_CHANGED',
                'The user changed while this request waited; it was not sent.',
              );
            }
            return { value: credentials, expiresAt: credentials.expiration?.getTime() };
          },
        }),
      };
      session = created;
      current = session;
    } else {
      // The freshest token of this user is the one the next refresh presents.
      session.logins = logins;
    }
    return session.credentials.read({ signal });
  };

  const get = (signal: AbortSignal | undefined): AwsCredentials | Promise<AwsCredentials> => {
    const logins = currentLogins(options.logins);
    return logins instanceof Promise
      ? logins.then((current) => credentialsOf(current, signal))
      : credentialsOf(logins, signal);
  };

  const provider: CredentialsProvider = async () => get(undefined);
  selfCachingProviders.set(provider, get);
  // A request still waiting for the forgotten session's credentials fails (ERR_COGNITO_LOGINS_CHANGED).
  forgetters.set(provider, () => {
    current = undefined;
  });
  return provider;
}

/** The endpoint as a URL; one that is not, or that holds user-info, is refused without being quoted. */
function checkedEndpoint(endpoint: string | URL): URL {
  try {
    const url = new URL(endpoint);
    if (url.username === '' && url.password === '') return url;
  } catch {
    // URL's own error quotes what it was given, which may hold a password: it is not kept.
  }
  throw new ConfigError(
    'ERR_CONFIG_INVALID',
    'fromCognitoIdentityPool.endpoint',
    'Pass an absolute URL without user-info.',
  );
}
