// An app still on ky 1.14: the same interceptors and fromConfig, with `authOptions` from
// `@ky-auth/core/ky1`: the ky 1 hooks and the fetch that authorizes each request, spread into ky together
// (a fetch of your own goes in authOptions' `fetch` option, not ky's). The hooks of `@ky-auth/core` are for
// ky 2; handed to ky 1 they fail every request with ERR_KY_MAJOR. It also shows redirects: by default a redirect of a request that carries credentials
// fails with ERR_REDIRECT_WITH_CREDENTIALS and is not followed; with `followRedirects()` a same-origin
// one is followed, signed afresh for its new URL.
//
// Run it: node examples/ky1-client/ky1-client.ts (a local stand-in answers for the hosts below).
import { apiKey } from '@ky-auth/api-key';
import { fromConfig, RequestPolicyError } from '@ky-auth/core';
import { followRedirects } from '@ky-auth/core/follow-redirects';
import { authOptions } from '@ky-auth/core/ky1';
import { fromEnv, iamAuthorizer } from '@ky-auth/iam-signer';
// In your app on ky 1.14: import ky from 'ky';
import ky from 'ky1';

interface Echo {
  readonly path: string;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  const http = ky.create({ timeout: 10_000, headers: { accept: 'application/json' } });

  // 1. fromConfig on ky 1: pass ky 1's authOptions. This app lets same-origin redirects be followed.
  const ordersEndpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';
  const apis = fromConfig(
    { API: { REST: { ordersApi: { endpoint: ordersEndpoint, region: 'us-east-1' } } } },
    {
      authOptions,
      authorizers: { AWS_IAM: iamAuthorizer({ credentials: fromEnv() }) },
      redirects: followRedirects(),
    },
  );
  // client() extends your ky 1 instance (and is typed as one): its prefixUrl is the API's endpoint.
  const orders = apis.client('ordersApi', http);

  // 2. Hand-built ky 1 options (hooks and fetch), with the default redirect policy: never follow with
  // credentials.
  const catalogEndpoint = 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/prod/';
  const catalog = http.extend({
    prefixUrl: catalogEndpoint,
    ...authOptions([apiKey(process.env.CATALOG_API_KEY ?? '')], { endpoint: catalogEndpoint }),
  });

  const moved = await orders.get('orders/latest').json<Echo>();
  console.log(`orders  GET /prod/orders/latest -> ${moved.path}, signed by ${moved.principal?.accessKeyId}`);

  const listed = await catalog.get('items').json<Echo>();
  console.log(`catalog GET ${listed.path} -> API key "${listed.principal?.name}"`);

  try {
    await catalog.get('items/latest');
  } catch (error) {
    if (!(error instanceof RequestPolicyError)) throw error;
    console.log(`catalog GET /prod/items/latest -> ${error.code}, not followed`);
  }
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
