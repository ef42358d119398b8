// The offline stand-in the examples run against: MSW intercepts this process's fetch and answers for the
// AWS hosts the examples name, with the authorizers of @ky-auth/testing, which check every signature and
// token for real. Not part of any example; an example imports it only when run directly.
import {
  apiGateway,
  cognitoIdentity,
  createTestIssuer,
  createTestUserPool,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
  gatewayJwtAuthorizer,
  type TestUserPool,
} from '@ky-auth/testing';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

/** The hosts and identifiers the examples' code and configuration files name. */
export const sample = {
  region: 'us-east-1',
  ordersEndpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
  catalogEndpoint: 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/prod',
  profileEndpoint: 'https://k1l2m3n4o5.execute-api.us-east-1.amazonaws.com/prod',
  statusEndpoint: 'https://p6q7r8s9t0.execute-api.us-east-1.amazonaws.com/prod',
  partnerEndpoint: 'https://api.example.com/v1',
  issuer: 'https://login.example.com',
  userPoolId: 'us-east-1_Example01',
  userPoolClientId: '4example5client6id7890abcd',
  identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
  catalogApiKey: 'da2-examplecatalogkey0000000',
} as const;

/**
 * Secrets an example reads from its environment, set here to values the stand-in accepts. These are the
 * placeholders of AWS's documentation, not real credentials.
 */
const environment = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_REGION: sample.region,
  CATALOG_API_KEY: sample.catalogApiKey,
  REPORTS_CLIENT_SECRET: 'reports-client-secret-example',
  EXAMPLE_USERNAME: 'alice@example.com',
  EXAMPLE_PASSWORD: 'Correct-Horse-9',
};

const roles = {
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
};

export interface LocalAws {
  /** The user pool's minting side, for an example that plays Amplify's sign-in. */
  readonly userPool: TestUserPool;
  close(): Promise<void>;
}

/**
 * Sets the examples' environment and starts answering for their hosts. Anything else the process fetches
 * fails, so an example cannot reach the network by mistake.
 */
export async function startLocalAws(): Promise<LocalAws> {
  Object.assign(process.env, environment);
  const userPool = await createTestUserPool({
    region: sample.region,
    poolId: sample.userPoolId,
    clientId: sample.userPoolClientId,
  });
  const issuer = await createTestIssuer({ issuer: sample.issuer, audience: sample.partnerEndpoint });
  const identity = cognitoIdentity({
    region: sample.region,
    identityPoolId: sample.identityPoolId,
    allowUnauthenticated: true,
    roles,
    userPool,
  });
  const iamCredentials = [
    { accessKeyId: environment.AWS_ACCESS_KEY_ID, secretAccessKey: environment.AWS_SECRET_ACCESS_KEY },
    roles.unauth,
    roles.auth,
  ];
  const gateways = [
    apiGateway({
      endpoint: sample.ordersEndpoint,
      authorizer: gatewayIamAuthorizer({ credentials: iamCredentials, region: sample.region }),
      routes: [
        { path: '/{proxy+}' },
        { method: 'GET', path: '/health', authorizer: null },
        {
          method: 'GET',
          path: '/orders/latest',
          handler: redirectTo(`${sample.ordersEndpoint}/orders/recent`),
        },
      ],
    }),
    apiGateway({
      endpoint: sample.catalogEndpoint,
      authorizer: gatewayApiKeyAuthorizer({ keys: [{ name: 'catalog-web', value: sample.catalogApiKey }] }),
      routes: [
        { path: '/{proxy+}' },
        { method: 'GET', path: '/items/latest', handler: redirectTo(`${sample.catalogEndpoint}/items`) },
      ],
    }),
    apiGateway({
      endpoint: sample.profileEndpoint,
      authorizer: gatewayCognitoUserPoolAuthorizer({ ...userPool, clientIds: [userPool.clientId] }),
    }),
    apiGateway({ endpoint: sample.statusEndpoint, authorizer: null }),
    apiGateway({
      endpoint: sample.partnerEndpoint,
      authorizer: gatewayJwtAuthorizer({
        issuer: sample.issuer,
        audience: sample.partnerEndpoint,
        jwks: issuer.jwks,
      }),
    }),
  ];
  const handlers: RequestHandler[] = [
    ...tokenEndpoint(issuer.sign.bind(issuer)),
    ...issuer.handlers,
    ...userPoolApi(userPool),
    ...userPool.handlers,
    ...identity.handlers,
    ...gateways.flatMap((gateway) => gateway.handlers),
  ];
  const server = setupServer(...handlers);
  server.listen({ onUnhandledFrame: 'error' });
  return {
    userPool,
    async close() {
      server.close();
    },
  };
}

/** A route handler answering with a temporary redirect (once the route's authorizer has accepted). */
function redirectTo(location: string) {
  return () => new Response(null, { status: 307, headers: { location } });
}

/** The OpenID provider's discovery document and `client_credentials` token endpoint. */
function tokenEndpoint(sign: (claims: Record<string, unknown>) => Promise<string>): RequestHandler[] {
  const clients = new Map([['reports', environment.REPORTS_CLIENT_SECRET]]);
  return [
    http.get(`${sample.issuer}/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer: sample.issuer,
        token_endpoint: `${sample.issuer}/oauth2/token`,
        jwks_uri: `${sample.issuer}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      }),
    ),
    http.post(`${sample.issuer}/oauth2/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const [clientId = '', secret] = atob(
        (request.headers.get('authorization') ?? '').replace(/^Basic /, ''),
      ).split(':');
      if (clients.get(decodeURIComponent(clientId)) !== decodeURIComponent(secret ?? '')) {
        return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
      }
      const accessToken = await sign({ sub: clientId, client_id: clientId, scope: form.get('scope') ?? '' });
      return HttpResponse.json({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    }),
  ];
}

/** Cognito's `InitiateAuth` for one user: `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH`. */
function userPoolApi(pool: TestUserPool): RequestHandler[] {
  const refreshTokens = new Set<string>();
  const fail = (type: string) =>
    HttpResponse.json({ __type: type, message: 'Incorrect username or password.' }, { status: 400 });
  return [
    http.post(`https://cognito-idp.${sample.region}.amazonaws.com/`, async ({ request }) => {
      if (request.headers.get('x-amz-target') !== 'AWSCognitoIdentityProviderService.InitiateAuth') {
        return fail('InvalidParameterException');
      }
      const body = (await request.json()) as {
        AuthFlow?: string;
        ClientId?: string;
        AuthParameters?: Record<string, string>;
      };
      const parameters = body.AuthParameters ?? {};
      if (body.ClientId !== pool.clientId) return fail('ResourceNotFoundException');
      const signedIn =
        body.AuthFlow === 'USER_PASSWORD_AUTH'
          ? parameters.USERNAME === environment.EXAMPLE_USERNAME &&
            parameters.PASSWORD === environment.EXAMPLE_PASSWORD
          : body.AuthFlow === 'REFRESH_TOKEN_AUTH' && refreshTokens.has(parameters.REFRESH_TOKEN ?? '');
      if (!signedIn) return fail('NotAuthorizedException');
      const { idToken, accessToken } = await pool.tokens({
        username: environment.EXAMPLE_USERNAME,
        email: environment.EXAMPLE_USERNAME,
      });
      const refreshToken = parameters.REFRESH_TOKEN ?? crypto.randomUUID();
      refreshTokens.add(refreshToken);
      return HttpResponse.json({
        AuthenticationResult: {
          AccessToken: accessToken,
          IdToken: idToken,
          ExpiresIn: 3600,
          TokenType: 'Bearer',
          ...(body.AuthFlow === 'USER_PASSWORD_AUTH' && { RefreshToken: refreshToken }),
        },
      });
    }),
  ];
}

/**
 * Runs an example's `main` with the local stand-in answering for the AWS hosts it calls, and stops the
 * stand-in afterwards: what `node examples/<name>/<name>.ts` does.
 */
export async function runWithLocalAws(main: () => Promise<void>): Promise<void> {
  const local = await startLocalAws();
  try {
    await main();
  } finally {
    await local.close();
  }
}
