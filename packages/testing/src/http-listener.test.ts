import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import aws4 from 'aws4';
import { apiGateway } from './api-gateway.ts';
import { httpListener } from './http-listener.ts';
import { gatewayIamAuthorizer } from './iam-authorizer.ts';
import type { EchoBody } from './lib/echo.ts';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local/secret' };
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gateway = apiGateway({
    endpoint: `${origin}/prod`,
    authorizer: gatewayIamAuthorizer({ credentials: [credentials], region: 'us-east-1' }),
    // A browser reads x-amzn-ErrorType only when the API exposes it.
    cors: { enforce: true, exposeHeaders: ['x-amzn-ErrorType'] },
  });
  server.on('request', httpListener(gateway.handlers));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// aws4 signs Host and Content-Length, which a real connection carries: the gateway sees them as sent.
function signed(method: string, path: string, body?: string) {
  const url = new URL(`${origin}${path}`);
  const options: aws4.Request = {
    host: url.host,
    path: `${url.pathname}${url.search}`,
    method,
    service: 'execute-api',
    region: 'us-east-1',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  };
  aws4.sign(options, credentials);
  const headers = Object.entries(options.headers ?? {})
    .filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))
    .map(([name, value]) => [name, String(value)] as [string, string]);
  return fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
}

describe('httpListener', () => {
  it('serves the gateway over real HTTP, signed Host and Content-Length included', async () => {
    const response = await signed('POST', '/prod/items/a%20b?x=1', '{"n":1}');
    expect(response.status).toBe(200);
    const echo = (await response.json()) as EchoBody;
    expect(echo).toMatchObject({
      path: '/prod/items/a%20b',
      bodyLength: 7,
      principal: { type: 'iam', signedHeaders: ['content-length', 'content-type', 'host', 'x-amz-date'] },
    });
  });

  it('answers rejections with API Gateway’s status and headers', async () => {
    const response = await fetch(`${origin}/prod/items`);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('answers a browser preflight', async () => {
    const response = await fetch(`${origin}/prod/items`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('drops the connection where a browser’s CORS check would fail', async () => {
    await expect(fetch(`${origin}/prod/items`, { headers: { 'x-not-allowed': '1' } })).rejects.toMatchObject({
      name: 'TypeError',
    });
  });

  it('answers 404 outside every handler', async () => {
    expect((await fetch(`${origin}/elsewhere`)).status).toBe(404);
  });
});
