import { jwtVerify } from 'jose';
import { http } from 'msw';
import type { IamCredentials } from './iam-authorizer.ts';
import { failureReason, type JwksSource, keyResolver } from './lib/jwt.ts';
import { type CallFilter, createRecorder } from './lib/recorder.ts';
import { gatewayHeaders, requestId } from './lib/request-id.ts';
import type { NowClock } from './types.ts';

/**
 * An identity provider of the identity pool: its tokens are accepted in `Logins` under the key
 * `<issuer without https://>` (for a user pool: `cognito-idp.<region>.amazonaws.com/<poolId>`).
 *
 * @example
 * ```ts
 * const provider: IdentityProvider = {
 *   issuer: 'https://login.example.com',
 *   jwks: 'https://login.example.com/.well-known/jwks.json',
 *   clientIds: ['my-app'],
 * };
 * ```
 */
export interface IdentityProvider {
  readonly issuer: string;
  readonly jwks: JwksSource;
  /** Accepted `aud` values. */
  readonly clientIds?: readonly string[];
  /** A single accepted `aud` (what a {@link TestUserPool} has). */
  readonly clientId?: string;
}

/**
 * Options of {@link cognitoIdentity}.
 *
 * @example
 * ```ts
 * const options: CognitoIdentityOptions = {
 *   region: 'us-east-1',
 *   identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
 *   allowUnauthenticated: true,
 *   roles: { unauth: { accessKeyId: 'ASIAGUEST', secretAccessKey: 'guest-secret', sessionToken: 'guest-token' } },
 * };
 * ```
 */
export interface CognitoIdentityOptions {
  /** Default `us-east-1`. */
  readonly region?: string;
  readonly identityPoolId: string;
  /** Default `https://cognito-identity.<region>.amazonaws.com`. */
  readonly endpoint?: string;
  /** Guest access. Default false, as on a new identity pool. */
  readonly allowUnauthenticated?: boolean;
  /** The credentials each role hands out (give the same ones to `gatewayIamAuthorizer`). */
  readonly roles: { readonly unauth?: IamCredentials; readonly auth?: IamCredentials };
  /** The user pool whose ID tokens sign users in (a {@link TestUserPool} fits). */
  readonly userPool?: IdentityProvider;
  /** Other OpenID Connect providers. */
  readonly providers?: readonly IdentityProvider[];
  /** Lifetime of the credentials handed out. Default 3600 s. */
  readonly credentialsLifetimeSeconds?: number;
  readonly clock?: NowClock;
}

/**
 * One Cognito Identity call and its outcome.
 *
 * @example
 * ```ts
 * const call: IdentityCall = identity.calls[0]!;
 * call.operation; // 'GetId'
 * ```
 */
export interface IdentityCall {
  readonly requestId: string;
  readonly time: number;
  /** `GetId`, `GetCredentialsForIdentity`, or what the `X-Amz-Target` named. */
  readonly operation: string;
  readonly outcome: 'accepted' | 'rejected';
  readonly status: number;
  /** The `__type` of an error. */
  readonly errorType: string | undefined;
  readonly reason: string | undefined;
  readonly identityId: string | undefined;
  /** Whether the call was made with a valid login. */
  readonly authenticated: boolean;
}

/**
 * The Cognito Identity stand-in: handlers and the record of its calls.
 *
 * @example
 * ```ts
 * setupServer(...identity.handlers).listen();
 * identity.count({ operation: 'GetCredentialsForIdentity', outcome: 'accepted' });
 * identity.deleteIdentity(identity.calls[0]!.identityId!);
 * ```
 */
export interface CognitoIdentity {
  readonly endpoint: string;
  readonly identityPoolId: string;
  readonly handlers: ReturnType<typeof http.post>[];
  readonly calls: readonly IdentityCall[];
  count(filter?: CallFilter<IdentityCall>): number;
  reset(): void;
  /**
   * Deletes an identity, as `DeleteIdentities` or the console does: asking for its credentials then fails
   * with `ResourceNotFoundException`, and its logins get a new identity from `GetId`. False when unknown.
   */
  deleteIdentity(identityId: string): boolean;
}

interface Identity {
  authenticated: boolean;
}

class IdentityError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

const notAuthorized = (message: string) => new IdentityError('NotAuthorizedException', message);

/**
 * A Cognito Identity (identity pool) stand-in answering `GetId` and `GetCredentialsForIdentity`
 * (`POST /`, `X-Amz-Target: AWSCognitoIdentityService.<operation>`, `application/x-amz-json-1.1`) with the
 * service's JSON, errors as `400 {"__type": "NotAuthorizedException", "message": …}`. Unauthenticated
 * identities get the `unauth` role's credentials when guest access is allowed; `Logins` tokens are verified
 * with jose against the provider's keys, issuer and client ids, and a user keeps the same identity id.
 *
 * @example
 * ```ts
 * import { cognitoIdentity, createTestUserPool } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const pool = await createTestUserPool();
 * const identity = cognitoIdentity({
 *   identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
 *   roles: { auth: { accessKeyId: 'ASIAUSER', secretAccessKey: 'user-secret', sessionToken: 'user-token' } },
 *   userPool: pool,
 * });
 * setupServer(...identity.handlers).listen();
 * ```
 */
export function cognitoIdentity(options: CognitoIdentityOptions): CognitoIdentity {
  const region = options.region ?? 'us-east-1';
  const endpoint = (options.endpoint ?? `https://cognito-identity.${region}.amazonaws.com`).replace(
    /\/+$/,
    '',
  );
  const clock = options.clock ?? Date;
  const lifetime = options.credentialsLifetimeSeconds ?? 3600;
  const providers = new Map(
    [...(options.userPool ? [options.userPool] : []), ...(options.providers ?? [])].map((provider) => [
      provider.issuer.replace(/^https:\/\//, '').replace(/\/+$/, ''),
      {
        provider,
        getKey: keyResolver(provider.jwks),
        userPool: provider === options.userPool,
        audiences: provider.clientIds ?? (provider.clientId ? [provider.clientId] : undefined),
      },
    ]),
  );
  const identities = new Map<string, Identity>();
  const identityByLogin = new Map<string, string>();
  const recorder = createRecorder<IdentityCall>();

  async function verifyLogins(logins: unknown): Promise<string[]> {
    if (logins === undefined || logins === null) return [];
    if (typeof logins !== 'object') throw new IdentityError('ValidationException', 'Logins must be a map.');
    const verified: string[] = [];
    for (const [name, token] of Object.entries(logins as Record<string, unknown>)) {
      const entry = providers.get(name);
      if (!entry) throw notAuthorized('Token is not from a supported provider of this identity pool.');
      if (typeof token !== 'string')
        throw notAuthorized('Invalid login token. Not a valid OpenId Connect identity token.');
      const now = clock.now();
      try {
        const { payload } = await jwtVerify(token, entry.getKey, { currentDate: new Date(now) });
        if (payload.iss !== entry.provider.issuer)
          throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
        if (
          entry.audiences &&
          ![payload.aud].flat().some((aud) => aud !== undefined && entry.audiences!.includes(aud))
        ) {
          throw notAuthorized('Invalid login token. Incorrect token audience.');
        }
        if (entry.userPool && payload.token_use !== 'id') {
          throw notAuthorized('Invalid login token. Not a valid OpenId Connect identity token.');
        }
        verified.push(`${name}:${payload.sub}`);
      } catch (error) {
        if (error instanceof IdentityError) throw error;
        const code = (error as { code?: unknown }).code;
        if (code === 'ERR_JWT_EXPIRED') {
          const exp = (error as { payload?: { exp?: number } }).payload?.exp;
          throw notAuthorized(`Invalid login token. Token expired: ${Math.floor(now / 1000)} >= ${exp}`);
        }
        throw notAuthorized(`Invalid login token. Couldn't verify signed token. (${failureReason(error)})`);
      }
    }
    return verified;
  }

  function checkPool(body: Record<string, unknown>): void {
    if (body.IdentityPoolId !== options.identityPoolId) {
      throw new IdentityError(
        'ResourceNotFoundException',
        `IdentityPool '${String(body.IdentityPoolId)}' not found.`,
      );
    }
  }

  function newIdentity(authenticated: boolean): string {
    const id = `${region}:${crypto.randomUUID()}`;
    identities.set(id, { authenticated });
    return id;
  }

  async function getId(body: Record<string, unknown>) {
    checkPool(body);
    const logins = await verifyLogins(body.Logins);
    const login = logins[0];
    if (login === undefined) {
      if (!options.allowUnauthenticated) {
        throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
      }
      return { result: { IdentityId: newIdentity(false) }, authenticated: false };
    }
    let id = identityByLogin.get(login);
    if (id === undefined) {
      id = newIdentity(true);
      identityByLogin.set(login, id);
    }
    return { result: { IdentityId: id }, authenticated: true };
  }

  async function getCredentialsForIdentity(body: Record<string, unknown>) {
    const id = body.IdentityId;
    const identity = typeof id === 'string' ? identities.get(id) : undefined;
    if (typeof id !== 'string' || !identity) {
      throw new IdentityError('ResourceNotFoundException', `Identity '${String(id)}' not found.`);
    }
    const logins = await verifyLogins(body.Logins);
    if (logins.length > 0) {
      const linked = logins.map((login) => identityByLogin.get(login));
      if (linked.some((other) => other !== undefined && other !== id)) {
        throw notAuthorized(
          "Logins don't match. Please include at least one valid login for this identity or identity pool.",
        );
      }
      for (const login of logins) identityByLogin.set(login, id);
      identity.authenticated = true;
    } else if (identity.authenticated) {
      throw notAuthorized(`Access to Identity '${id}' is forbidden.`);
    } else if (!options.allowUnauthenticated) {
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    }
    const authenticated = logins.length > 0;
    const role = authenticated ? options.roles.auth : options.roles.unauth;
    if (!role) {
      throw new IdentityError(
        'InvalidIdentityPoolConfigurationException',
        'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
      );
    }
    return {
      result: {
        IdentityId: id,
        Credentials: {
          AccessKeyId: role.accessKeyId,
          SecretKey: role.secretAccessKey,
          ...(role.sessionToken === undefined ? {} : { SessionToken: role.sessionToken }),
          Expiration: Math.floor(clock.now() / 1000) + lifetime,
        },
      },
      authenticated,
    };
  }

  const corsHeaders = (headers: Headers) => {
    headers.set('access-control-allow-origin', '*');
    headers.set(
      'access-control-expose-headers',
      'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
    );
  };

  const post = http.post(`${endpoint}/`, async ({ request }) => {
    const id = requestId();
    const now = clock.now();
    const target = request.headers.get('x-amz-target') ?? '';
    const operation = target.replace(/^AWSCognitoIdentityService\./, '');
    const headers = gatewayHeaders(id, now);
    headers.set('content-type', 'application/x-amz-json-1.1');
    corsHeaders(headers);
    let identityId: string | undefined;
    try {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse((await request.text()) || '{}') as Record<string, unknown>;
      } catch {
        throw new IdentityError(
          'SerializationException',
          'Start of structure or map found where not expected.',
        );
      }
      identityId = typeof body.IdentityId === 'string' ? body.IdentityId : undefined;
      const answer =
        operation === 'GetId'
          ? await getId(body)
          : operation === 'GetCredentialsForIdentity'
            ? await getCredentialsForIdentity(body)
            : undefined;
      if (!answer) throw new IdentityError('UnknownOperationException', `Unknown operation ${target}`);
      recorder.record({
        requestId: id,
        time: now,
        operation,
        outcome: 'accepted',
        status: 200,
        errorType: undefined,
        reason: undefined,
        identityId: answer.result.IdentityId,
        authenticated: answer.authenticated,
      });
      return new Response(JSON.stringify(answer.result), { status: 200, headers });
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      recorder.record({
        requestId: id,
        time: now,
        operation,
        outcome: 'rejected',
        status: 400,
        errorType: error.type,
        reason: error.message,
        identityId,
        authenticated: false,
      });
      headers.set('x-amzn-ErrorType', error.type);
      headers.set('x-amzn-ErrorMessage', error.message);
      return new Response(JSON.stringify({ __type: error.type, message: error.message }), {
        status: 400,
        headers,
      });
    }
  });

  const preflight = http.options(`${endpoint}/`, ({ request }) => {
    const headers = new Headers({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? '*',
      'access-control-max-age': '172800',
    });
    return new Response(null, { status: 200, headers });
  });

  return {
    endpoint,
    identityPoolId: options.identityPoolId,
    handlers: [post, preflight],
    calls: recorder.calls,
    count: recorder.count,
    reset: recorder.reset,
    deleteIdentity(identityId) {
      for (const [login, linked] of identityByLogin) {
        if (linked === identityId) identityByLogin.delete(login);
      }
      return identities.delete(identityId);
    },
  };
}
