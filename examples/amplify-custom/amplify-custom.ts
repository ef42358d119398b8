// What the native Amplify pages do with code of your own, from a native-style amplifyconfiguration.json:
// an API whose authorizationType is `custom`, served by an authorizer the app registers under that name
// ("set it custom and create your own interceptor"); an interceptor added to one API only (Swift's
// `apiPlugin.add(interceptor: CustomInterceptor(), for: "yourApiName")`); and the IAM role that follows
// the user pool's sign-in, with no identity-provider name to write.
//
// Run it: node examples/amplify-custom/amplify-custom.ts (a local stand-in answers).
import { userPoolSession } from '@ky-auth/cognito-token';
import { defineAuthorizer, fromConfig, type Interceptor } from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcClient } from '@ky-auth/oidc-token';
import config from './amplifyconfiguration.json' with { type: 'json' };

interface Echo {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  // A token from another provider, for the `custom` API.
  const partnerLogin = oidcClient({
    issuer: 'https://login.example.com',
    clientId: 'reports',
    clientSecret: process.env.REPORTS_CLIENT_SECRET,
    scope: 'reports:read',
  });
  const partnerToken = defineAuthorizer('custom', () => ({
    name: 'partner-token',
    stage: 'auth',
    headerNames: ['authorization'],
    async apply(request) {
      request.headers.set('authorization', `Bearer ${await partnerLogin.getLatestAuthToken()}`);
    },
  }));

  // Swift's CustomInterceptor: sets a header on every request of one API.
  const customInterceptor: Interceptor = {
    name: 'custom-interceptor',
    stage: 'headers',
    headerNames: ['headerkey'],
    apply(request) {
      request.headers.set('headerKey', 'headerValue');
    },
  };

  // The user pool the file names; the identity pool gives its guest role until someone signs in.
  const pool = config.auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default;
  const session = userPoolSession({ userPoolId: pool.PoolId, clientId: pool.AppClientId });

  const apis = fromConfig(config, {
    // The keys are spelled as the file spells its types (IAM), or name the file's custom type.
    authorizers: { IAM: iamAuthorizer({ userPoolTokens: session }), custom: partnerToken },
    interceptors: { statusApi: [customInterceptor] },
  });
  const orders = apis.client('ordersApi');

  const health = await apis.client('statusApi').get('health').json<Echo>();
  console.log(`statusApi  GET ${health.path} -> headerkey ${health.headers.headerkey}, no authorizer`);
  const report = await apis
    .client('partnerApi')
    .post('reports', { json: { month: '2024-05' } })
    .json<Echo>();
  console.log(
    `partnerApi POST ${report.path} -> token of ${(report.principal?.claims as { sub?: string } | undefined)?.sub}`,
  );

  const iamRole = async () => (await orders.get('orders/recent').json<Echo>()).principal?.accessKeyId;
  console.log(`ordersApi  GET /prod/orders/recent -> IAM ${await iamRole()}`);
  await session.signIn({
    username: process.env.EXAMPLE_USERNAME ?? '',
    password: process.env.EXAMPLE_PASSWORD ?? '',
  });
  console.log(`ordersApi  GET /prod/orders/recent -> IAM ${await iamRole()} (signed in)`);
  await session.signOut({ revoke: false });
  console.log(`ordersApi  GET /prod/orders/recent -> IAM ${await iamRole()} (signed out)`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
