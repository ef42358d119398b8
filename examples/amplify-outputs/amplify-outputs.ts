// ky clients from a Gen2 `amplify_outputs.json` whose REST APIs are under `custom.API` (where
// `backend.addOutput` puts them). Without an authorizationType an API is AWS_IAM, signed with the
// identity pool's credentials, as in Amplify; Gen2's library options (`API.REST.headers`) and the
// per-request `authMode: 'none'` work as they do there.
//
// Run it: node examples/amplify-outputs/amplify-outputs.ts (a local stand-in answers).
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import { fromConfig } from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import outputs from './amplify_outputs.json' with { type: 'json' };

interface Echo {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  const session = userPoolSession({
    userPoolId: outputs.auth.user_pool_id,
    clientId: outputs.auth.user_pool_client_id,
  });

  const apis = fromConfig(outputs, {
    authorizers: {
      AWS_IAM: iamAuthorizer(),
      // The key is not in amplify_outputs.json: give it here (from your build's environment).
      API_KEY: apiKeyAuthorizer({ key: process.env.CATALOG_API_KEY }),
      AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session, use: 'id' }),
    },
    // The second argument of Amplify.configure: headers for every REST request (signed by SigV4 too).
    libraryOptions: { API: { REST: { headers: async () => ({ 'x-app-version': '2.4.0' }) } } },
    customHeaders,
  });
  const orders = apis.client('ordersApi');
  const catalog = apis.client('catalogApi');
  const profile = apis.client('profileApi');

  const recent = await orders.get('orders/recent').json<Echo>();
  console.log(
    `ordersApi  GET ${recent.path} -> IAM ${recent.principal?.accessKeyId}, x-app-version ${recent.headers['x-app-version']}`,
  );

  // A public resource of the IAM API: this one request goes out without any authorization.
  const health = await orders.get('health', { context: { authMode: 'none' } }).json<Echo>();
  console.log(`ordersApi  GET ${health.path} -> authorization: ${health.headers.authorization ?? 'none'}`);

  const items = await catalog.get('items').json<Echo>();
  console.log(`catalogApi GET ${items.path} -> API key "${items.principal?.name}"`);

  await session.signIn({
    username: process.env.EXAMPLE_USERNAME ?? '',
    password: process.env.EXAMPLE_PASSWORD ?? '',
  });
  const me = await profile.get('me').json<Echo>();
  const claims = me.principal?.claims as { email?: string; token_use?: string };
  console.log(`profileApi GET ${me.path} -> ${claims.token_use} token of ${claims.email}`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
