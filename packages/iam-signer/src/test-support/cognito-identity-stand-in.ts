import { HttpResponse, http, type RequestHandler } from 'msw';

/** Credentials the stand-in issued, by access key ID, for a verifier to accept. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export interface StandInOptions {
  readonly endpoint: string;
  readonly identityPoolId: string;
  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>` */
  readonly providerName: string;
  /** ID tokens it accepts, with the user (`sub`) each stands for. */
  readonly validTokens: Map<string, string>;
  readonly allowGuests: boolean;
  /** How long issued credentials last. */
  readonly lifetimeMs: number;
}

export interface CognitoIdentityStandIn {
  readonly handler: RequestHandler;
  readonly calls: { operation: string; body: Record<string, unknown> }[];
  readonly issued: IssuedCredentials[];
  /** Forgets an identity, as deleting it in the console does. */
  forget(identityId: string): void;
  options: StandInOptions;
}

/**
 * A stand-in for Cognito Identity's JSON 1.1 API (GetId, GetCredentialsForIdentity), answering like the
 * service: `__type` and `message` in a 400 body for errors, a new identity per guest GetId, one identity
 * per user, credentials with `Expiration` in epoch seconds.
 */
export function cognitoIdentityStandIn(options: StandInOptions): CognitoIdentityStandIn {
  const calls: CognitoIdentityStandIn['calls'] = [];
  const issued: IssuedCredentials[] = [];
  /** identity ID → the user it belongs to (`undefined` for a guest). */
  const identities = new Map<string, string | undefined>();
  let guests = 0;

  const fail = (type: string, message: string) =>
    HttpResponse.json(
      { __type: type, message },
      {
        status: 400,
        headers: {
          'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.cognito.identity.model/`,
        },
      },
    );

  /** The user the logins name, `undefined` for none, or an error response. */
  const userOf = (logins: unknown): string | undefined | Response => {
    if (
      logins === undefined ||
      (typeof logins === 'object' && logins !== null && Object.keys(logins).length === 0)
    )
      return undefined;
    const token = (logins as Record<string, unknown>)[standIn.options.providerName];
    const user = typeof token === 'string' ? standIn.options.validTokens.get(token) : undefined;
    if (user === undefined)
      return fail(
        'NotAuthorizedException',
        `Invalid login token. Token is not from a supported provider of identity pool or is invalid: ${String(token)}`,
      );
    return user;
  };

  const standIn: CognitoIdentityStandIn = {
    calls,
    issued,
    options,
    forget: (identityId) => identities.delete(identityId),
    handler: http.post(options.endpoint, async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? '';
      if (
        request.headers.get('content-type') !== 'application/x-amz-json-1.1' ||
        !target.startsWith('AWSCognitoIdentityService.')
      )
        return fail('UnknownOperationException', 'Unknown operation');
      const operation = target.slice('AWSCognitoIdentityService.'.length);
      const body = (await request.json()) as Record<string, unknown>;
      calls.push({ operation, body });
      const user = userOf(body.Logins);
      if (user instanceof Response) return user;

      if (operation === 'GetId') {
        if (body.IdentityPoolId !== standIn.options.identityPoolId)
          return fail(
            'ResourceNotFoundException',
            `IdentityPool '${String(body.IdentityPoolId)}' not found.`,
          );
        if (user === undefined && !standIn.options.allowGuests)
          return fail(
            'NotAuthorizedException',
            'Unauthenticated access is not supported for this identity pool.',
          );
        const id = user === undefined ? `us-east-1:guest-${++guests}` : `us-east-1:user-${user}`;
        identities.set(id, user);
        return HttpResponse.json({ IdentityId: id });
      }
      if (operation === 'GetCredentialsForIdentity') {
        const id = String(body.IdentityId);
        if (!identities.has(id)) return fail('ResourceNotFoundException', `Identity '${id}' not found.`);
        if (identities.get(id) !== user)
          return fail(
            'NotAuthorizedException',
            "Logins don't match. Please include at least one valid login for this identity or identity pool.",
          );
        const credentials = {
          accessKeyId: `ASIA${user === undefined ? 'GUEST' : `USER${user.toUpperCase()}`}${issued.length}`,
          secretAccessKey: `secret-${issued.length}`,
          sessionToken: `session-${issued.length}`,
        };
        issued.push(credentials);
        return HttpResponse.json({
          IdentityId: id,
          Credentials: {
            AccessKeyId: credentials.accessKeyId,
            SecretKey: credentials.secretAccessKey,
            SessionToken: credentials.sessionToken,
            Expiration: (Date.now() + standIn.options.lifetimeMs) / 1000,
          },
        });
      }
      return fail('UnknownOperationException', `Unknown operation ${operation}`);
    }),
  };
  return standIn;
}

/** An unsigned JWT-shaped ID token for `sub` (the stand-in checks it is one it issued, not a signature). */
export function idToken(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub, token_use: 'id', nonce: Math.random() })}.`;
}
