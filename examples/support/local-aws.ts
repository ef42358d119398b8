// The offline stand-in the examples run against: MSW intercepts this process's fetch and answers for the
// AWS hosts the examples name, with the authorizers of @ky-auth/testing, which check every signature and
// token for real. Not part of any example; an example imports it only when run directly.

import { identityPoolRoles, oidcTokenEndpoint, userPoolSignIn } from '@ky-auth/test-kit/sign-in-stand-ins';
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
import type { RequestHandler } from 'msw';
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
    roles: identityPoolRoles,
    userPool,
  });
  const iamCredentials = [
    { accessKeyId: environment.AWS_ACCESS_KEY_ID, secretAccessKey: environment.AWS_SECRET_ACCESS_KEY },
    identityPoolRoles.unauth,
    identityPoolRoles.auth,
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
    ...oidcTokenEndpoint({
      issuer: sample.issuer,
      sign: (claims) => issuer.sign(claims),
      clients: { reports: environment.REPORTS_CLIENT_SECRET },
    }),
    ...issuer.handlers,
    userPoolSignIn({
      region: sample.region,
      pool: userPool,
      user: { username: environment.EXAMPLE_USERNAME, password: environment.EXAMPLE_PASSWORD },
      clients: { [userPool.clientId]: undefined },
    }),
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
