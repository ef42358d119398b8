// The sign-in services the examples' local AWS and the React Native harness stand in for: Cognito's
// user-pool `InitiateAuth` and an OpenID provider's token endpoint, as MSW handlers. The identity pool's
// roles are shared too, so the credentials each verifier knows are the ones the stand-ins hand out.
import { createHmac, randomUUID } from 'node:crypto';
import { HttpResponse, http, type RequestHandler } from 'msw';

/** The roles of the identity pool both stand-ins run (`cognitoIdentity` from @ky-auth/testing). */
export const identityPoolRoles = {
  unauth: {
    accessKeyId: 'ASIAGUESTEXAMPLE',
    secretAccessKey: 'guest-secret-example',
    sessionToken: 'guest-session',
  },
  auth: {
    accessKeyId: 'ASIAUSEREXAMPLE',
    secretAccessKey: 'user-secret-example',
    sessionToken: 'user-session',
  },
} as const;

/** The user pool that mints the tokens: `createTestUserPool` from @ky-auth/testing. */
interface TokenMinter {
  tokens(claims: { username: string; email: string }): Promise<{ idToken: string; accessToken: string }>;
}

export interface UserPoolSignInOptions {
  readonly region: string;
  readonly pool: TokenMinter;
  /** The one user who can sign in. */
  readonly user: { readonly username: string; readonly password: string };
  /** App client id → its secret, or `undefined` for a client without one (no `SECRET_HASH`). */
  readonly clients: Readonly<Record<string, string | undefined>>;
  /** Told the tokens of every sign-in and refresh, for an API that accepts only tokens the pool issued. */
  readonly onTokens?: ((tokens: { idToken: string; accessToken: string }) => void) | undefined;
}

/**
 * Cognito's `InitiateAuth` for one user: `USER_PASSWORD_AUTH` (which gives a refresh token) and
 * `REFRESH_TOKEN_AUTH`, with `SECRET_HASH` checked (HMAC-SHA256 by node:crypto) for a client with a secret.
 */
export function userPoolSignIn(options: UserPoolSignInOptions): RequestHandler {
  const { region, pool, user, clients } = options;
  const refreshTokens = new Set<string>();
  const fail = (type: string, message: string) =>
    HttpResponse.json({ __type: type, message }, { status: 400 });
  return http.post(`https://cognito-idp.${region}.amazonaws.com/`, async ({ request }) => {
    if (request.headers.get('x-amz-target') !== 'AWSCognitoIdentityProviderService.InitiateAuth')
      return fail('InvalidParameterException', 'Only InitiateAuth is served here.');
    const body = (await request.json()) as {
      AuthFlow?: string;
      ClientId?: string;
      AuthParameters?: Record<string, string>;
    };
    const parameters = body.AuthParameters ?? {};
    const clientId = body.ClientId ?? '';
    if (!Object.hasOwn(clients, clientId))
      return fail('ResourceNotFoundException', 'User pool client does not exist.');
    const secret = clients[clientId];
    if (
      secret !== undefined &&
      parameters.SECRET_HASH !==
        createHmac('sha256', secret)
          .update(user.username + clientId)
          .digest('base64')
    ) {
      return fail(
        'NotAuthorizedException',
        `Client ${clientId} is configured with secret but SECRET_HASH was not received or is wrong`,
      );
    }
    const signedIn =
      body.AuthFlow === 'USER_PASSWORD_AUTH'
        ? parameters.USERNAME === user.username && parameters.PASSWORD === user.password
        : body.AuthFlow === 'REFRESH_TOKEN_AUTH' && refreshTokens.has(parameters.REFRESH_TOKEN ?? '');
    if (!signedIn) return fail('NotAuthorizedException', 'Incorrect username or password.');
    const tokens = await pool.tokens({ username: user.username, email: user.username });
    options.onTokens?.(tokens);
    const refreshToken = parameters.REFRESH_TOKEN ?? randomUUID();
    refreshTokens.add(refreshToken);
    return HttpResponse.json({
      AuthenticationResult: {
        AccessToken: tokens.accessToken,
        IdToken: tokens.idToken,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        ...(body.AuthFlow === 'USER_PASSWORD_AUTH' && { RefreshToken: refreshToken }),
      },
    });
  });
}

export interface OidcTokenEndpointOptions {
  readonly issuer: string;
  /** Signs a JWT with the issuer's key (`createTestIssuer(…).sign`). */
  readonly sign: (claims: Record<string, unknown>) => Promise<string>;
  /** Confidential clients (`client_secret_basic`) and their secrets, for `client_credentials`. */
  readonly clients: Readonly<Record<string, string>>;
  /** A public client holding a user's refresh token, for `refresh_token`. */
  readonly refresh?:
    | { readonly clientId: string; readonly refreshToken: string; readonly subject: string }
    | undefined;
  /** Told every access token issued, for an API that accepts only those. */
  readonly onAccessToken?: ((token: string) => void) | undefined;
}

/**
 * An OpenID provider's discovery document and token endpoint: `client_credentials` for the confidential
 * clients, and `refresh_token` for the public one, answered with an ID token whose claims are not all
 * ASCII (a client must decode UTF-8 to check it).
 */
export function oidcTokenEndpoint(options: OidcTokenEndpointOptions): RequestHandler[] {
  const { issuer, sign, clients, refresh } = options;
  const issued = (token: string) => {
    options.onAccessToken?.(token);
    return token;
  };
  return [
    http.get(`${issuer}/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer,
        token_endpoint: `${issuer}/oauth2/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials', ...(refresh ? ['refresh_token'] : [])],
        token_endpoint_auth_methods_supported: ['client_secret_basic', ...(refresh ? ['none'] : [])],
      }),
    ),
    http.post(`${issuer}/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (refresh !== undefined && form.get('grant_type') === 'refresh_token') {
        if (form.get('client_id') !== refresh.clientId || form.get('refresh_token') !== refresh.refreshToken)
          return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
        const [accessToken, idToken] = await Promise.all([
          sign({ sub: refresh.subject, client_id: refresh.clientId, scope: 'openid' }),
          sign({ sub: refresh.subject, aud: refresh.clientId, name: 'Zoë Ångström ✓' }),
        ]);
        return HttpResponse.json({
          access_token: issued(accessToken),
          id_token: idToken,
          refresh_token: refresh.refreshToken,
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }
      const [clientId = '', secret = ''] = Buffer.from(
        (request.headers.get('authorization') ?? '').replace(/^Basic /, ''),
        'base64',
      )
        .toString('utf8')
        .split(':')
        .map(decodeURIComponent);
      if (!Object.hasOwn(clients, clientId) || clients[clientId] !== secret)
        return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
      if (form.get('grant_type') !== 'client_credentials')
        return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
      const accessToken = await sign({ sub: clientId, client_id: clientId, scope: form.get('scope') ?? '' });
      return HttpResponse.json({ access_token: issued(accessToken), token_type: 'Bearer', expires_in: 3600 });
    }),
  ];
}
