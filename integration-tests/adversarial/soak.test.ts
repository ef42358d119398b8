import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer } from '@ky-auth/oidc-token';
import { gatewayIamAuthorizer, type IamCredentials } from '@ky-auth/testing';
import { lambdaAuthorizer } from '@ky-auth/token';
import { type AuthOptionsOf, kys, secrets } from './lib/fixtures.ts';

// 20,000 requests through fromConfig client sets (six APIs, every authorization type, ky 1 and 2)
// against a real HTTP server on loopback, while credentials expire every few hundred milliseconds and
// tokens rotate. Every request must arrive authorized, and after a forced GC the heap must be within a
// few MB of where it was after the warm-up: signing keys, identity ids, sent tokens and per-call state
// are bounded, whatever the number of requests.

const total = 20_000;
/** About 300 requests for each of the 14 clients (7 APIs × 2 ky majors): their caches fill here. */
const warmUp = 4_000;
const concurrency = 32;
/** Credentials live this long: about fifty generations over the run. */
const credentialsLifetimeMs = 400;
/** Every this many requests, the server checks a SigV4 signature in full (with the gateway's verifier). */
const verifyEvery = 97;
/** Growth from the warm-up to the end: a few MB (what settles in the first thousands of requests). */
const heapGrowthLimitBytes = 8 * 1024 * 1024;
/** Growth over the last 16,000 requests, once settled: 125 bytes a request would exceed it. */
const lateHeapGrowthLimitBytes = 2 * 1024 * 1024;

const forceGc = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
const heapAfterGc = () => {
  for (let round = 0; round < 3; round++) forceGc();
  return process.memoryUsage().heapUsed;
};

// ---------------------------------------------------------------------------------------------------
// Rotating credentials and tokens

const issued = new Map<string, IamCredentials>();
let credentialsCalls = 0;
const credentialsProvider = async () => {
  credentialsCalls += 1;
  const credentials = {
    accessKeyId: `ASIASOAK${credentialsCalls}`,
    secretAccessKey: `${secrets.secretAccessKey}${credentialsCalls}`,
    sessionToken: `${secrets.sessionToken}${credentialsCalls}`,
  };
  issued.set(credentials.accessKeyId, credentials);
  // The server checks a sample of signatures against the last few generations only: no growth here either.
  if (issued.size > 8) issued.delete(issued.keys().next().value as string);
  return { ...credentials, expiration: new Date(Date.now() + credentialsLifetimeMs) };
};

let tokenCalls = 0;
const rotatingToken = (prefix: string) => () => {
  tokenCalls += 1;
  return `${prefix}.${Math.floor(Date.now() / 50)}`;
};

// ---------------------------------------------------------------------------------------------------
// The API: counts what arrived without the credentials its path needs.

const unauthenticated: string[] = [];
let served = 0;
let verified = 0;
const verifier = gatewayIamAuthorizer({ credentials: () => [...issued.values()], region: 'us-east-1' });

function authorized(path: string, headers: IncomingMessage['headers']): boolean {
  const authorization = headers.authorization ?? '';
  if (path.startsWith('/iam')) {
    return (
      /^AWS4-HMAC-SHA256 Credential=ASIASOAK\d+\/\d{8}\/(us-east-1|eu-west-1)\/execute-api\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.test(
        authorization,
      ) && /^IQoJ/.test(String(headers['x-amz-security-token']))
    );
  }
  if (path.startsWith('/key')) return headers['x-api-key'] === secrets.apiKey;
  if (path.startsWith('/oidc')) return authorization.startsWith('Bearer oidc.');
  if (path.startsWith('/lambda')) return headers['x-lambda-token']?.toString().startsWith('lambda.') === true;
  if (path.startsWith('/cognito')) return authorization.startsWith('cognito.');
  return path.startsWith('/none') && authorization === '' && headers['x-tenant'] === 'soak';
}

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      served += 1;
      const path = request.url ?? '/';
      let ok = authorized(path, request.headers);
      if (ok && path.startsWith('/iam') && served % verifyEvery === 0) {
        const body = new Uint8Array(Buffer.concat(chunks));
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers))
          if (typeof value === 'string') headers.set(name, value);
        const signed = new Request(`${origin}${path}`, {
          method: request.method ?? 'GET',
          headers,
          ...(body.byteLength > 0 ? { body } : {}),
        });
        const region = path.startsWith('/iam-eu') ? 'eu-west-1' : 'us-east-1';
        const decision = await (region === 'us-east-1'
          ? verifier
          : gatewayIamAuthorizer({ credentials: () => [...issued.values()], region })
        ).authorize(signed, { clock: Date, body });
        ok = decision.allow;
        verified += 1;
      }
      if (!ok) unauthenticated.push(`${request.method} ${path}`);
      response.writeHead(ok ? 200 : 403, { 'content-type': 'application/json', connection: 'keep-alive' });
      response.end(ok ? '{"ok":true}' : '{"message":"Forbidden"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// ---------------------------------------------------------------------------------------------------

const apiNames = ['iam', 'iam-eu', 'key', 'oidc', 'lambda', 'cognito', 'none'] as const;

/** Every API through ky 1 and through ky 2: one configuration per major, as an app on that major has. */
function clients() {
  return kys.flatMap(({ base, authOptions }) => {
    const apis = configured(authOptions);
    return apiNames.map((name) => apis.client(name, base.create({ retry: 0, timeout: 10_000 })));
  });
}

function configured(authOptions: AuthOptionsOf) {
  const entry = (path: string, authorizationType: string, region = 'us-east-1') => ({
    endpoint: `${origin}/${path}`,
    region,
    authorizationType,
  });
  return fromConfig(
    {
      API: {
        REST: {
          iam: entry('iam', 'AWS_IAM'),
          'iam-eu': entry('iam-eu', 'AWS_IAM', 'eu-west-1'),
          key: { ...entry('key', 'API_KEY'), apiKey: secrets.apiKey },
          oidc: entry('oidc', 'OPENID_CONNECT'),
          lambda: entry('lambda', 'AWS_LAMBDA'),
          cognito: entry('cognito', 'AMAZON_COGNITO_USER_POOLS'),
          none: entry('none', 'NONE'),
        },
      },
    },
    {
      authOptions,
      authorizers: {
        AWS_IAM: iamAuthorizer({ credentials: credentialsProvider }),
        API_KEY: apiKeyAuthorizer(),
        OPENID_CONNECT: oidcAuthorizer({
          getLatestAuthToken: rotatingToken('oidc'),
          scheme: 'Bearer',
        }),
        AWS_LAMBDA: lambdaAuthorizer({ getToken: rotatingToken('lambda'), header: 'x-lambda-token' }),
        AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: rotatingToken('cognito') }),
      },
      headers: ({ apiName }) => (apiName === 'none' ? { 'x-tenant': 'soak' } : {}),
      customHeaders,
    },
  );
}

/** Sends `count` requests, `concurrency` at a time, round-robin over the clients; GETs and signed POSTs. */
async function drive(list: ReturnType<typeof clients>, count: number): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const client = list[index % list.length] as (typeof list)[number];
      const response =
        index % 5 === 0
          ? await client.post(`items/${index}`, { json: { index, note: 'soak ✓' } })
          : await client.get(`items/${index}`, { searchParams: { page: index % 7, q: 'a b' } });
      await response.arrayBuffer();
      if (response.status === 200) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ok;
}

/** Heap after a forced GC is measured at the start and after each of these many requests. */
const checkpoints = 5;

it(`${total.toLocaleString('en')} requests with rotating credentials and tokens: all authorized, heap bounded`, async () => {
  const list = clients();
  const warmUpOk = await drive(list, warmUp);
  expect(warmUpOk).toBe(warmUp);
  const heaps = [heapAfterGc()];
  const credentialsBefore = credentialsCalls;
  const started = performance.now();

  let ok = 0;
  for (let checkpoint = 0; checkpoint < checkpoints; checkpoint++) {
    ok += await drive(list, total / checkpoints);
    heaps.push(heapAfterGc());
  }

  const elapsedMs = performance.now() - started;
  // A leak raises every later measurement; the minimum of the last two keeps one stray measurement
  // (other work of the jest worker) from deciding.
  const end = Math.min(...heaps.slice(-2));
  const growth = end - (heaps[0] as number);
  const lateGrowth = end - (heaps[1] as number);
  const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.info(
    `soak: ${total} requests in ${Math.round(elapsedMs)} ms (${Math.round((total / elapsedMs) * 1000)}/s), ` +
      `${credentialsCalls - credentialsBefore} credential refreshes, ${tokenCalls} token calls, ${verified} signatures verified, ` +
      `heap after GC ${heaps.map(megabytes).join(' → ')} MB (growth ${megabytes(growth)} MB, ${megabytes(lateGrowth)} MB after the first ${total / checkpoints})`,
  );

  expect(ok).toBe(total);
  expect(unauthenticated).toEqual([]);
  expect(served).toBe(warmUp + total);
  expect(verified).toBeGreaterThan(20);
  // The credentials really rotated, once per lifetime, not per request.
  expect(credentialsCalls - credentialsBefore).toBeGreaterThan(2);
  expect(credentialsCalls - credentialsBefore).toBeLessThan(elapsedMs / (credentialsLifetimeMs / 4));
  expect(growth).toBeLessThan(heapGrowthLimitBytes);
  expect(lateGrowth).toBeLessThan(lateHeapGrowthLimitBytes);
}, 90_000);
