import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KnownCredentials, receivedRequest, verifySignature } from '@ky-auth/test-kit/aws4-verifier';
import { identityPoolRoles, oidcTokenEndpoint, userPoolSignIn } from '@ky-auth/test-kit/sign-in-stand-ins';
import { cognitoIdentity, createTestIssuer, createTestUserPool } from '@ky-auth/testing';
import { httpListener } from '@ky-auth/testing/node';
import aws4 from 'aws4';

/** The hosts and secrets the React Native programs use (programs/react-native/scenarios.js names them too). */
export const names = {
  region: 'us-east-1',
  api: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
  elsewhere: 'elsewhere.example.net',
  issuer: 'https://login.example.com',
  userPoolId: 'us-east-1_Example01',
  clientId: '4example5client6id7890abcd',
  secretClientId: '7secret8client9id0123456',
  clientSecret: 'the-app-client-secret-0123456789abcdef',
  identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
  apiKey: 'da2-examplecatalogkey0000000',
  username: 'alice@example.com',
  password: 'Correct-Horse-9',
  oidcClientId: 'reports',
  oidcClientSecret: 'reports-client-secret-example',
  /** A public client (no secret) holding a user's refresh token from its sign-in. */
  oidcAppClientId: 'mobile-app',
  oidcRefreshToken: 'mobile-app-refresh-token-example',
  /** What the API's Lambda authorizer accepts, in `x-partner-token`. */
  partnerToken: 'partner-token-example',
} as const;

/** Long-lived keys the app signs with directly (the verifier also knows the identity pool's roles'). */
export const staticCredentials: KnownCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** How far ahead of the device the `/prod/skewed` route's clock runs. */
const skew = 60 * 60_000;

export interface AwsStandIn {
  readonly port: number;
  /** A user-pool access token the pool issued (for `cognitoUserPoolToken` with fixed tokens). */
  readonly accessToken: string;
  /** The API's verdict on each request it received: who it was authorized as, or why not. */
  readonly verdicts: string[];
  close(): Promise<void>;
}

/**
 * One loopback server for every host the programs call, told apart by the Host header (the device's
 * networking stand-in sends every name here): the API on `names.api`, which checks each credential
 * itself (SigV4 recomputed by `aws4`, the API key, tokens the pool or the issuer issued); a foreign origin
 * the API redirects to; Cognito's user-pool API (`InitiateAuth`, checking `SECRET_HASH` with node:crypto);
 * Cognito Identity and an OpenID provider from @ky-auth/testing.
 */
export async function startAwsStandIn(): Promise<AwsStandIn> {
  const pool = await createTestUserPool({
    region: names.region,
    poolId: names.userPoolId,
    clientId: names.clientId,
  });
  const issuer = await createTestIssuer({ issuer: names.issuer, audience: `https://${names.api}/prod` });
  const identity = cognitoIdentity({
    region: names.region,
    identityPoolId: names.identityPoolId,
    allowUnauthenticated: true,
    roles: identityPoolRoles,
    userPool: pool,
  });
  const userTokens = new Set<string>();
  const idTokens = new Set<string>();
  const bearerTokens = new Set<string>();
  const verdicts: string[] = [];
  const credentials = [staticCredentials, identityPoolRoles.unauth, identityPoolRoles.auth];

  const userPoolApi = userPoolSignIn({
    region: names.region,
    pool,
    user: { username: names.username, password: names.password },
    clients: { [names.clientId]: undefined, [names.secretClientId]: names.clientSecret },
    onTokens: ({ idToken, accessToken }) => {
      userTokens.add(idToken).add(accessToken);
      idTokens.add(idToken);
    },
  });
  const openIdProvider = oidcTokenEndpoint({
    issuer: names.issuer,
    sign: (claims) => issuer.sign(claims),
    clients: { [names.oidcClientId]: names.oidcClientSecret },
    refresh: { clientId: names.oidcAppClientId, refreshToken: names.oidcRefreshToken, subject: 'alice' },
    onAccessToken: (token) => bearerTokens.add(token),
  });
  const aws = httpListener([userPoolApi, ...openIdProvider, ...issuer.handlers, ...identity.handlers], {
    protocol: 'https',
  });

  const server = createServer(async (incoming: IncomingMessage, response: ServerResponse) => {
    const host = incoming.headers.host ?? '';
    if (host === names.elsewhere) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"landed":"elsewhere"}');
      return;
    }
    if (host !== names.api) return void aws(incoming, response);
    const request = await receivedRequest(incoming);
    const [path = '', query = ''] = request.target.split('?');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      verdicts.push(
        `${request.method} ${path} -> ${status === 200 ? (body as { authorizedBy: string }).authorizedBy : status}`,
      );
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body));
    };
    const sigv4 = (now = Date.now()) =>
      verifySignature(request, { credentials, region: names.region, service: 'execute-api', now: () => now });
    const principal = () => /Credential=([^/]+)/.exec(request.headers.authorization ?? '')?.[1];
    switch (`${request.method} ${path}`) {
      case 'GET /prod/catalog':
        return request.headers['x-api-key'] === names.apiKey
          ? answer(200, { authorizedBy: 'API key' })
          : answer(403, { message: 'Forbidden' });
      case 'GET /prod/profile':
        return userTokens.has(request.headers.authorization ?? '')
          ? answer(200, { authorizedBy: 'user-pool token' })
          : answer(401, { message: 'Unauthorized' });
      case 'GET /prod/id-only':
        // A user-pool authorizer with no OAuth scopes on the method: ID tokens only, as API Gateway.
        return idTokens.has(request.headers.authorization ?? '')
          ? answer(200, { authorizedBy: 'ID token' })
          : answer(401, { message: 'Unauthorized' }, { 'x-amzn-errortype': 'UnauthorizedException' });
      case 'GET /prod/lambda-partner':
        return request.headers['x-partner-token'] === names.partnerToken
          ? answer(200, { authorizedBy: 'Lambda authorizer' })
          : answer(401, { message: 'Unauthorized' });
      case 'GET /prod/public':
        // No authorizer: what the API got, that the app sent no credential it did not mean to.
        return answer(200, {
          authorizedBy: 'none',
          tenant: request.headers['x-tenant'] ?? null,
          credentialHeaders: ['authorization', 'x-api-key', 'x-amz-date', 'x-amz-security-token'].filter(
            (name) => request.headers[name] !== undefined,
          ),
        });
      case 'GET /prod/partner':
        return bearerTokens.has((request.headers.authorization ?? '').replace(/^Bearer /, ''))
          ? answer(200, { authorizedBy: 'OIDC access token' })
          : answer(401, { message: 'Unauthorized' });
      case 'GET /prod/orders':
      case 'POST /prod/orders': {
        const verdict = sigv4();
        return verdict.ok
          ? answer(200, {
              authorizedBy: `SigV4 ${principal()}`,
              ...(request.body.length > 0 && { order: JSON.parse(request.body.toString('utf8')) }),
            })
          : answer(403, { message: verdict.reason });
      }
      case 'GET /prod/presigned':
        return presignedOk(request.method, request.target, credentials)
          ? answer(200, { authorizedBy: 'presigned URL' })
          : answer(403, { message: 'presigned signature mismatch' });
      case 'GET /prod/skewed': {
        // A server whose clock runs an hour ahead of the device's: the first signature is refused with
        // API Gateway's words and the server's Date.
        const now = Date.now() + skew;
        const verdict = sigv4(now);
        return verdict.ok
          ? answer(200, { authorizedBy: `SigV4 ${principal()}, re-signed at the server's time` })
          : answer(403, { message: verdict.reason }, { date: new Date(now).toUTCString() });
      }
      case 'GET /prod/denied':
        return sigv4().ok
          ? answer(
              403,
              {
                Message: `User: arn:aws:sts::123456789012:assumed-role/guest/${principal()} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/denied`,
              },
              { 'x-amzn-errortype': 'AccessDeniedException' },
            )
          : answer(403, { message: 'bad signature' });
      case 'GET /prod/moved': {
        if (request.headers['x-api-key'] !== names.apiKey && !sigv4().ok)
          return answer(403, { message: 'Forbidden' });
        verdicts.push(`GET /prod/moved -> 307 to ${names.elsewhere}`);
        response.writeHead(307, {
          location: `https://${names.elsewhere}/landing${query ? `?${query}` : ''}`,
        });
        return void response.end();
      }
      default:
        return answer(404, { message: `no route ${request.method} ${path}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { accessToken } = await pool.tokens({ username: names.username, email: names.username });
  userTokens.add(accessToken);
  return {
    port: (server.address() as AddressInfo).port,
    accessToken,
    verdicts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Recomputes a presigned URL's `X-Amz-Signature` with `aws4` (query signing) and compares. */
function presignedOk(method: string, target: string, credentials: readonly KnownCredentials[]): boolean {
  const url = new URL(target, `https://${names.api}`);
  const signature = url.searchParams.get('X-Amz-Signature');
  const accessKeyId = url.searchParams.get('X-Amz-Credential')?.split('/')[0];
  const known = credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (signature === null || known === undefined) return false;
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams)
    if (
      ![
        'X-Amz-Signature',
        'X-Amz-Algorithm',
        'X-Amz-Credential',
        'X-Amz-SignedHeaders',
        'X-Amz-Security-Token',
      ].includes(name)
    )
      kept.append(name, value);
  const signed = aws4.sign(
    {
      method,
      host: names.api,
      path: `${url.pathname}?${kept}`,
      region: names.region,
      service: 'execute-api',
      signQuery: true,
    },
    {
      accessKeyId: known.accessKeyId,
      secretAccessKey: known.secretAccessKey,
      ...(known.sessionToken !== undefined && { sessionToken: known.sessionToken }),
    },
  );
  return (
    new URL(String(signed.path), `https://${names.api}`).searchParams.get('X-Amz-Signature') === signature
  );
}
