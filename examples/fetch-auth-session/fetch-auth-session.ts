// An Amplify app that keeps Amplify Auth for sign-in and uses ky for its REST calls: `fetchAuthSession`
// stays the one source of tokens and credentials, and ky-auth sends them. Amplify refreshes them; a 401
// from a user-pool API makes ky-auth ask it again with `forceRefresh: true` and retry once.
//
// Run it: node examples/fetch-auth-session/fetch-auth-session.ts (a local stand-in answers).
import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
import { authHooks, CredentialsError } from '@ky-auth/core';
import { iamSigner } from '@ky-auth/iam-signer';
import ky from 'ky';
// In your app: import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { fetchAuthSession, signIn } from './amplify-auth-stand-in.ts';

interface Echo {
  readonly path: string;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  // A user-pool API: the access token of Amplify's session (raw in Authorization, as Amplify sends it).
  const profileEndpoint = 'https://k1l2m3n4o5.execute-api.us-east-1.amazonaws.com/prod/';
  const profile = ky.create({
    prefix: profileEndpoint,
    hooks: authHooks([cognitoUserPoolToken({ tokens: fetchAuthSession })], { endpoint: profileEndpoint }),
  });

  // An IAM API: the identity pool credentials of Amplify's session, signed with SigV4.
  const ordersEndpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
  const orders = ky.create({
    prefix: ordersEndpoint,
    hooks: authHooks(
      [
        iamSigner({
          credentials: async () => {
            const { credentials } = await fetchAuthSession();
            if (credentials === undefined) {
              throw new CredentialsError(
                'ERR_CREDENTIALS_PROVIDER_FAILED',
                'Amplify has no AWS credentials for this session.',
              );
            }
            return credentials;
          },
        }),
      ],
      { endpoint: ordersEndpoint },
    ),
  });

  await signIn({
    username: process.env.EXAMPLE_USERNAME ?? '',
    password: process.env.EXAMPLE_PASSWORD ?? '',
  });

  const me = await profile.get('me').json<Echo>();
  const claims = me.principal?.claims as { username?: string; token_use?: string };
  console.log(`profile GET ${me.path} -> ${claims.token_use} token of ${claims.username}`);

  const recent = await orders.get('orders/recent').json<Echo>();
  console.log(`orders  GET ${recent.path} -> IAM ${recent.principal?.accessKeyId}`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
