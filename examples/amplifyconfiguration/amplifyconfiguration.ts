// Per-endpoint ky hooks from a native-style `amplifyconfiguration.json` (as Amplify's Swift, Android and
// Flutter libraries read it), whose APIs use different authorization types: IAM through the identity
// pool (guest, then the signed-in user's role), an API key from the file, the user pool's tokens, NONE.
//
// Run it: node examples/amplifyconfiguration/amplifyconfiguration.ts (a local stand-in answers).
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import { fromConfig, TokenError } from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import ky from 'ky';
import config from './amplifyconfiguration.json' with { type: 'json' };

interface Echo {
  readonly path: string;
  readonly principal: { readonly type: string; readonly [claim: string]: unknown } | null;
}

export async function main(): Promise<void> {
  // The user pool the file names; userPoolSession signs in with USER_PASSWORD_AUTH (for scripts and
  // servers; a mobile or web app passes the tokens of its own sign-in instead).
  const pool = config.auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default;
  const session = userPoolSession({ userPoolId: pool.PoolId, clientId: pool.AppClientId });

  // The identity pool hands out guest credentials, or the user's once the session has tokens.
  const logins = async () => {
    try {
      const { idToken } = await session.getTokens();
      return { [`cognito-idp.${pool.Region}.amazonaws.com/${pool.PoolId}`]: idToken };
    } catch (error) {
      if (error instanceof TokenError && error.code === 'ERR_NOT_SIGNED_IN') return undefined;
      throw error;
    }
  };

  // Every API of the file, checked now: a missing key or provider fails here, not at the first request.
  const apis = fromConfig(config, {
    authorizers: {
      AWS_IAM: iamAuthorizer({ logins }),
      API_KEY: apiKeyAuthorizer(),
      AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }),
    },
  });

  // Drop each API's hooks into the ky instance you already have…
  const http = ky.create({ timeout: 10_000, headers: { accept: 'application/json' } });
  const orders = http.extend({
    prefix: config.api.plugins.awsAPIPlugin.ordersApi.endpoint,
    hooks: apis.hooks('ordersApi'),
  });
  // …or let fromConfig build a client on top of it, prefixed with the API's endpoint.
  const catalog = apis.client('catalogApi', http);
  const profile = apis.client('profileApi', http);
  const status = apis.client('statusApi', http);

  const show = (api: string, echo: Echo) => {
    const who = echo.principal;
    const caller =
      who === null
        ? 'no authorizer'
        : who.type === 'iam'
          ? `IAM ${who.accessKeyId}`
          : who.type === 'apiKey'
            ? `API key "${who.name}"`
            : `user ${(who.claims as { username?: string }).username}`;
    console.log(`${api.padEnd(10)} GET ${echo.path} -> ${caller}`);
  };

  show('statusApi', await status.get('health').json<Echo>());
  show('catalogApi', await catalog.get('items').json<Echo>());
  show('ordersApi', await orders.get('orders/recent').json<Echo>());

  await session.signIn({
    username: process.env.EXAMPLE_USERNAME ?? '',
    password: process.env.EXAMPLE_PASSWORD ?? '',
  });
  show('profileApi', await profile.get('me').json<Echo>());
  show('ordersApi', await orders.get('orders/recent').json<Echo>());
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
