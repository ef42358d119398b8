// The two origins of the browser test: the API Gateway stand-in (with Cognito Identity) on one loopback
// port, answering CORS preflights as "Enable CORS" configures them, and the app's page on another.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiGateway,
  apiGateway,
  type CognitoIdentity,
  cognitoIdentity,
  createTestUserPool,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
} from '@ky-auth/testing';
import { build } from 'esbuild';
import { listenLocal } from '../support/local-server.ts';
import type { PageSetup } from './page.ts';

export const guestRole = {
  accessKeyId: 'ASIABROWSERGUEST0000',
  secretAccessKey: 'browser-guest-secret-000000000000000000',
  sessionToken: 'browser-guest-session-token',
};
export const catalogKey = { name: 'browser-catalog', value: 'da2-browser0catalog0key000000' };
export const username = 'browser-user';
const identityPoolId = 'us-east-1:b0b0b0b0-0000-4000-8000-00000000b0b0';

export interface BrowserServers {
  readonly pageUrl: string;
  readonly gateways: Readonly<Record<'ordersApi' | 'catalogApi' | 'profileApi' | 'narrowApi', ApiGateway>>;
  readonly identity: CognitoIdentity;
  close(): Promise<void>;
}

/** Bundles page.ts for the browser, as an app's build would. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

const style = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
  #report { display: inline-block; padding: 16px; }
  table { border-collapse: collapse; max-width: 1100px; }
  caption { text-align: left; font-weight: 600; font-size: 16px; padding-bottom: 8px; }
  th, td { border: 1px solid #d0d7de; padding: 6px 10px; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  tr.ok td:nth-child(3) { color: #1a7f37; font-weight: 600; }
  tr.failed td:nth-child(3) { color: #cf222e; font-weight: 600; }
  td:nth-child(4) { max-width: 640px; word-break: break-word; }
`;

export async function startBrowserServers(): Promise<BrowserServers> {
  const gateway = await listenLocal();
  const pool = await createTestUserPool({ region: 'us-east-1' });
  const identity = cognitoIdentity({
    endpoint: `${gateway.origin}/identity`,
    identityPoolId,
    allowUnauthenticated: true,
    roles: { unauth: guestRole },
  });
  const gateways = {
    ordersApi: apiGateway({
      endpoint: `${gateway.origin}/orders`,
      authorizer: gatewayIamAuthorizer({ credentials: [guestRole], region: 'us-east-1' }),
    }),
    catalogApi: apiGateway({
      endpoint: `${gateway.origin}/catalog`,
      authorizer: gatewayApiKeyAuthorizer({ keys: [catalogKey] }),
    }),
    profileApi: apiGateway({
      endpoint: `${gateway.origin}/profile`,
      authorizer: gatewayCognitoUserPoolAuthorizer({
        issuer: pool.issuer,
        jwks: pool.jwks,
        clientIds: [pool.clientId],
      }),
    }),
    // Its CORS configuration forgot X-Api-Key: the browser's preflight stops the keyed request.
    narrowApi: apiGateway({
      endpoint: `${gateway.origin}/narrow`,
      authorizer: gatewayApiKeyAuthorizer({ keys: [catalogKey] }),
      cors: { allowHeaders: ['Content-Type', 'Authorization'] },
    }),
  };
  gateway.use(...identity.handlers, ...Object.values(gateways).flatMap((api) => api.handlers));

  const api = (path: string, extra: Record<string, string> = {}) => ({
    endpoint: `${gateway.origin}/${path}/`,
    region: 'us-east-1',
    ...extra,
  });
  const setup: PageSetup = {
    identityPoolEndpoint: `${gateway.origin}/identity/`,
    outputs: {
      version: '1.3',
      auth: {
        aws_region: 'us-east-1',
        user_pool_id: pool.poolId,
        user_pool_client_id: pool.clientId,
        identity_pool_id: identityPoolId,
      },
      custom: {
        API: {
          ordersApi: api('orders'),
          catalogApi: api('catalog', { authorizationType: 'API_KEY', apiKey: catalogKey.value }),
          profileApi: api('profile', { authorizationType: 'AMAZON_COGNITO_USER_POOLS' }),
          narrowApi: api('narrow', { authorizationType: 'API_KEY', apiKey: catalogKey.value }),
        },
      },
    },
  };
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>ky-auth browser test</title><style>${style}</style></head><body>
<script type="application/json" id="setup">${JSON.stringify(setup).replaceAll('<', '\\u003c')}</script>
<main id="report"></main><script type="module" src="/page.js"></script></body></html>`;
  const script = await bundlePage();

  const page = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (path === '/session') {
      const tokens = await pool.tokens({ username });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(tokens));
    } else {
      response.writeHead(404).end();
    }
  });
  page.listen(0, '127.0.0.1');
  await once(page, 'listening');

  return {
    pageUrl: `http://127.0.0.1:${(page.address() as AddressInfo).port}/`,
    gateways,
    identity,
    async close() {
      page.closeAllConnections();
      page.close();
      await once(page, 'close');
      await gateway.close();
    },
  };
}
