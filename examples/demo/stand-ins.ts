// Everything the demo calls, started on 127.0.0.1: the API Gateway stand-in of @ky-auth/testing (one
// API per authorization type, over real HTTP) with a Cognito Identity stand-in, cognito-local as the
// user pool, oidc-provider as the OpenID provider, and an unrelated origin that records what reaches it.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCognitoLocal } from '@ky-auth/test-kit/cognito-local';
import { type OidcServer, startOidcServer } from '@ky-auth/test-kit/oidc-server';
import {
  type ApiGateway,
  type Authorizer,
  apiGateway,
  cognitoIdentity,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
  gatewayJwtAuthorizer,
  gatewayLambdaAuthorizer,
} from '@ky-auth/testing';
import { decodeJwt } from 'jose';
import { listenLocal } from '../support/local-server.ts';

/** How far AWS's clock is ahead of this machine's in the demo: a signature must be re-made with it. */
export const awsClockAheadMs = 60 * 60 * 1000;
/** Lifetime of the user pool's tokens, so that one expires between two calls. */
export const userPoolTokenSeconds = 2;

export const identityPoolId = 'us-east-1:7d3c2b1a-0000-4000-8000-00000000d3e0';
export const catalogKey = { name: 'demo-catalog', value: 'da2-demo0catalog0key0000000000' };
export const user = { username: 'alice@example.com', password: 'Demo-Passw0rd!' };

export type ApiName = 'ordersApi' | 'catalogApi' | 'profileApi' | 'partnerApi' | 'ledgerApi' | 'statusApi';

export interface StandIns {
  readonly gatewayPort: number;
  readonly gateways: Readonly<Record<ApiName, ApiGateway>>;
  readonly identityEndpoint: string;
  readonly cognito: { readonly endpoint: string; readonly userPoolId: string; readonly clientId: string };
  readonly oidc: OidcServer;
  /** The Lambda authorizer's token service: it accepts only its current token. */
  readonly ledgerTokens: { current(): string; rotate(): void };
  /** Makes the partner API refuse a token it accepted before, as after a revocation. */
  revokePartnerToken(jti: string): void;
  /** An unrelated origin, and the request headers of every request that reached it. */
  readonly foreign: { readonly origin: string; readonly received: readonly IncomingHttpHeaders[] };
  close(): Promise<void>;
}

/** Starts every stand-in; on failure, stops those already started. */
export async function startStandIns(): Promise<StandIns> {
  const started: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };
  try {
    const cognitoLocal = await startCognitoLocal();
    started.push(() => cognitoLocal.stop());
    const pool = await cognitoLocal.createUserPool('ky-auth-demo');
    const { clientId } = await pool.createClient({ accessTokenValidity: userPoolTokenSeconds });
    await pool.createUser(user.username, user.password);

    const oidc = await startOidcServer();
    started.push(() => oidc.close());

    const foreign = await recordingServer();
    started.push(foreign.close);

    const server = await listenLocal();
    started.push(() => server.close());
    const awsClock = { now: () => Date.now() + awsClockAheadMs };
    const guestRole = {
      accessKeyId: 'ASIADEMOGUEST0000000',
      secretAccessKey: 'demo-guest-secret-0000000000000000000000',
      sessionToken: 'demo-guest-session-token',
    };
    const identity = cognitoIdentity({
      endpoint: `${server.origin}/identity`,
      identityPoolId,
      allowUnauthenticated: true,
      roles: { unauth: guestRole },
      clock: awsClock,
    });

    const revokedPartnerTokens = new Set<string>();
    const partnerJwt = gatewayJwtAuthorizer({
      issuer: oidc.issuer,
      audience: oidc.resource,
      jwks: oidc.jwksUri,
    });
    const partnerAuthorizer: Authorizer = {
      type: partnerJwt.type,
      async authorize(request, input) {
        const token = (request.headers.get('authorization') ?? '').replace(/^Bearer\s+/i, '');
        const jti = token === '' ? undefined : safeJti(token);
        if (jti !== undefined && revokedPartnerTokens.has(jti)) {
          return {
            allow: false,
            denial: {
              status: 401,
              body: { message: 'Unauthorized' },
              errorType: 'UnauthorizedException',
              reason: 'token revoked',
            },
          };
        }
        return partnerJwt.authorize(request, input);
      },
    };

    let ledgerVersion = 1;
    const ledgerTokens = {
      current: () => `ledger-token-v${ledgerVersion}`,
      rotate: () => {
        ledgerVersion += 1;
      },
    };

    const gateway = (path: string, authorizer: Authorizer | null, clock?: { now(): number }) =>
      apiGateway({ endpoint: `${server.origin}/${path}`, authorizer, ...(clock !== undefined && { clock }) });
    const gateways = {
      ordersApi: gateway(
        'orders',
        gatewayIamAuthorizer({ credentials: [guestRole], region: 'us-east-1' }),
        awsClock,
      ),
      catalogApi: gateway('catalog', gatewayApiKeyAuthorizer({ keys: [catalogKey] })),
      profileApi: gateway(
        'profile',
        gatewayCognitoUserPoolAuthorizer({ issuer: pool.issuer, jwks: pool.jwksUri, clientIds: [clientId] }),
      ),
      partnerApi: gateway('partner', partnerAuthorizer),
      ledgerApi: gateway(
        'ledger',
        gatewayLambdaAuthorizer({
          authorize: (token) =>
            token === ledgerTokens.current() ? { principalId: 'ledger-client' } : 'unauthorized',
        }),
      ),
      statusApi: gateway('status', null),
    };
    server.use(...identity.handlers, ...Object.values(gateways).flatMap((api) => api.handlers));

    return {
      gatewayPort: Number(new URL(server.origin).port),
      gateways,
      identityEndpoint: `${server.origin}/identity/`,
      cognito: { endpoint: cognitoLocal.endpoint, userPoolId: pool.userPoolId, clientId },
      oidc,
      ledgerTokens,
      revokePartnerToken: (jti) => {
        revokedPartnerTokens.add(jti);
      },
      foreign,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function safeJti(token: string): string | undefined {
  try {
    const { jti } = decodeJwt(token);
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}

/** A server on another origin that answers 200 and keeps the headers of every request. */
async function recordingServer() {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
