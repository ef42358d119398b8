/**
 * In a real headless Chromium (Debian's `chromium`, never a downloaded one): an app's page calls an IAM
 * API on another origin whose clock is an hour ahead and whose CORS, as API Gateway's "Enable CORS" writes
 * it, exposes no response header. Chromium hides the rejection's `Date`; ky-auth learns the API's time from
 * the message API Gateway sends, re-signs and is accepted. Without Chromium this fails.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type LaunchedChromium, launchChromium } from '@ky-auth/test-kit/chromium';
import { type ApiGateway, apiGateway, gatewayIamAuthorizer } from '@ky-auth/testing';
import { httpListener } from '@ky-auth/testing/node';
import { build } from 'esbuild';
import type { RequestHandler } from 'msw';
import type { SkewResult } from './skew-page.ts';

const credentials = {
  accessKeyId: 'AKIABROWSERSKEW00001',
  secretAccessKey: 'browser-skew-secret-0000000000',
};
const region = 'us-east-1';
const aheadMs = 3_600_000;

let apiServer: Server;
let pageServer: Server;
let gateway: ApiGateway;
let chromium: LaunchedChromium;
let result: SkewResult | undefined;
const pageErrors: string[] = [];

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const handlers: RequestHandler[] = [];
  apiServer = createServer(httpListener(handlers));
  const apiOrigin = await listen(apiServer);
  const page = { origin: '' };
  pageServer = createServer();
  page.origin = await listen(pageServer);
  gateway = apiGateway({
    endpoint: `${apiOrigin}/prod`,
    clock: { now: () => Date.now() + aheadMs },
    authorizer: gatewayIamAuthorizer({ credentials: [credentials], region }),
    routes: [
      { method: 'GET', path: '/items' },
      { method: 'GET', path: '/health', authorizer: null },
    ],
    // "Enable CORS": the page's origin allowed, API Gateway's default headers, nothing exposed.
    cors: { allowOrigin: page.origin },
  });
  handlers.push(...gateway.handlers);

  const bundled = await build({
    entryPoints: [new URL('./skew-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]?.text ?? '';
  const setup = { endpoint: `${apiOrigin}/prod/`, region, credentials };
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>skew</title></head><body>
<script type="application/json" id="setup">${JSON.stringify(setup)}</script><script type="module" src="/page.js"></script></body></html>`;
  pageServer.on('request', (request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });

  chromium = await launchChromium();
  const tab = await chromium.context.newPage();
  tab.on('pageerror', (error) => pageErrors.push(error.message));
  await tab.goto(`${page.origin}/`);
  await tab.waitForFunction(() => window.skewResult !== undefined, undefined, { timeout: 20_000 });
  result = await tab.evaluate(() => window.skewResult);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  for (const server of [apiServer, pageServer]) {
    server?.closeAllConnections();
    server?.close();
  }
});

it('recovers from an API clock an hour ahead although the browser hides Date: one rejection, one re-signed success', () => {
  expect(pageErrors).toEqual([]);
  // What Chromium shows a page of a cross-origin answer that exposes nothing: no Date.
  expect(result?.visibleDate).toBeNull();
  expect(result?.status).toBe(200);
  expect(Math.abs((result?.offsetMs ?? 0) - aheadMs)).toBeLessThan(10_000);
  const signed = gateway.calls.filter((call) => call.path === '/prod/items' && call.outcome !== 'preflight');
  expect(signed.map((call) => call.outcome)).toEqual(['rejected', 'accepted']);
  expect(signed[0]?.reason).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
});
