// Adds ky-auth to the ky client an app already has, one API at a time, with `authHooks`:
// an IAM-protected API (SigV4), then one that wants an API key, then one that wants a bearer token.
// This is ky 2; on ky 1.14, spread `authOptions` from '@ky-auth/core/ky1' instead (see ../ky1-client).
//
// Run it: node examples/existing-client/existing-client.ts (a local stand-in answers for the hosts below).
import { apiKey } from '@ky-auth/api-key';
import { authHooks } from '@ky-auth/core';
import { fromEnv, iamSigner } from '@ky-auth/iam-signer';
import { oidcClient, oidcToken } from '@ky-auth/oidc-token';
import ky from 'ky';

/** What the stand-in's echo route answers: who its authorizer says called. */
interface Echo {
  readonly path: string;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  // The client your app already has: its timeout, retries and headers stay as they are.
  const http = ky.create({
    timeout: 10_000,
    retry: { limit: 2 },
    headers: { accept: 'application/json' },
  });

  // 1. An API Gateway API with AWS_IAM authorization: every request is signed with SigV4, with the
  //    credentials of the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
  const ordersEndpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
  const orders = http.extend({
    prefix: ordersEndpoint,
    hooks: authHooks([iamSigner({ credentials: fromEnv() })], { endpoint: ordersEndpoint }),
  });

  // 2. An API whose methods require an API key: sent as `x-api-key`.
  const catalogEndpoint = 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/prod/';
  const catalog = http.extend({
    prefix: catalogEndpoint,
    hooks: authHooks([apiKey(process.env.CATALOG_API_KEY ?? '')], { endpoint: catalogEndpoint }),
  });

  // 3. An API behind a JWT authorizer: an access token from your OpenID provider, cached until shortly
  //    before it expires, and refreshed once (then retried) if the API answers 401.
  const login = oidcClient({
    issuer: 'https://login.example.com',
    clientId: 'reports',
    clientSecret: process.env.REPORTS_CLIENT_SECRET,
    scope: 'reports:read',
  });
  const partnerEndpoint = 'https://api.example.com/v1/';
  const partner = http.extend({
    prefix: partnerEndpoint,
    hooks: authHooks([oidcToken({ getLatestAuthToken: login.getLatestAuthToken, scheme: 'Bearer' })], {
      endpoint: partnerEndpoint,
    }),
  });

  const signed = await orders.get('orders/recent').json<Echo>();
  console.log(`orders  GET ${signed.path} -> signed by ${signed.principal?.accessKeyId}`);

  const listed = await catalog.get('items', { searchParams: { page: 1 } }).json<Echo>();
  console.log(`catalog GET ${listed.path} -> API key "${listed.principal?.name}"`);

  const report = await partner.post('reports', { json: { month: '2024-05' } }).json<Echo>();
  const claims = report.principal?.claims as { sub?: string } | undefined;
  console.log(`partner POST ${report.path} -> token of ${claims?.sub}`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
