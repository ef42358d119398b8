import { beforeAll, describe, expect, it } from '@jest/globals';
import { type NodeRun, runNode } from './support/run-node.ts';

// Each example runs as a user runs it (`node examples/<name>/<name>.ts`) against the offline stand-in,
// whose authorizers verify every signature, key and token independently; a line is printed only for a
// request the stand-in accepted, naming the caller it established.
const expected: Record<string, readonly string[]> = {
  'existing-client/existing-client.ts': [
    'orders  GET /prod/orders/recent -> signed by AKIDEXAMPLE',
    'catalog GET /prod/items -> API key "catalog-web"',
    'partner POST /v1/reports -> token of reports',
  ],
  'amplifyconfiguration/amplifyconfiguration.ts': [
    'statusApi  GET /prod/health -> no authorizer',
    'catalogApi GET /prod/items -> API key "catalog-web"',
    'ordersApi  GET /prod/orders/recent -> IAM ASIAGUESTEXAMPLE',
    'profileApi GET /prod/me -> user alice@example.com',
    'ordersApi  GET /prod/orders/recent -> IAM ASIAUSEREXAMPLE',
  ],
  'amplify-outputs/amplify-outputs.ts': [
    'ordersApi  GET /prod/orders/recent -> IAM ASIAGUESTEXAMPLE, x-app-version 2.4.0',
    'ordersApi  GET /prod/health -> authorization: none',
    'catalogApi GET /prod/items -> API key "catalog-web"',
    'profileApi GET /prod/me -> id token of alice@example.com',
  ],
  'amplify-custom/amplify-custom.ts': [
    'statusApi  GET /prod/health -> headerkey headerValue, no authorizer',
    'partnerApi POST /v1/reports -> token of reports',
    'ordersApi  GET /prod/orders/recent -> IAM ASIAGUESTEXAMPLE',
    'ordersApi  GET /prod/orders/recent -> IAM ASIAUSEREXAMPLE (signed in)',
    'ordersApi  GET /prod/orders/recent -> IAM ASIAGUESTEXAMPLE (signed out)',
  ],
  'fetch-auth-session/fetch-auth-session.ts': [
    'profile GET /prod/me -> access token of alice@example.com',
    'orders  GET /prod/orders/recent -> IAM ASIAUSEREXAMPLE',
  ],
  'node-service/node-service.ts': [
    'POST /prod/orders (32 bytes) -> IAM AKIDEXAMPLE',
    'GET /prod/orders {"status":["open","held"],"q":"blue & green"} -> IAM AKIDEXAMPLE',
    'GET /prod/customers/Zo%C3%AB%20O%E2%80%99Brien/orders -> IAM AKIDEXAMPLE',
  ],
  'ky1-client/ky1-client.ts': [
    'orders  GET /prod/orders/latest -> /prod/orders/recent, signed by AKIDEXAMPLE',
    'catalog GET /prod/items -> API key "catalog-web"',
    'catalog GET /prod/items/latest -> ERR_REDIRECT_WITH_CREDENTIALS, not followed',
  ],
  'plain-fetch/plain-fetch.ts': [
    'fetch   POST /prod/orders -> 200, IAM AKIDEXAMPLE',
    'presign GET /prod/reports/2024-05.csv -> 200, presigned (X-Amz-Expires=300)',
    'tampered GET -> 403 InvalidSignatureException',
  ],
};

describe('examples', () => {
  const runs = new Map<string, NodeRun>();

  beforeAll(async () => {
    // Two at a time: each is a Node process of its own.
    const files = Object.keys(expected);
    for (let index = 0; index < files.length; index += 2) {
      await Promise.all(
        files.slice(index, index + 2).map(async (file) => {
          runs.set(file, await runNode(`examples/${file}`));
        }),
      );
    }
  }, 60_000);

  it.each(Object.keys(expected))('node examples/%s prints what the stand-in accepted and exits 0', (file) => {
    const run = runs.get(file);
    expect(run?.stderr).toBe('');
    expect(run?.stdout.trimEnd().split('\n')).toEqual(expected[file]);
    expect(run?.code).toBe(0);
  });
});
