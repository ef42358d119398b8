import { apiKeyAuthorizer } from '@ky-auth/api-key';
import {
  type ApiNameOf,
  type AuthorizerFactory,
  ConfigError,
  type ConfigErrorCode,
  defineAuthorizer,
  fromConfig,
  type Interceptor,
  KyAuthError,
  type RequestAuthOptions,
} from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import ky from 'ky';
import outputs from '../examples/amplify-outputs/amplify_outputs.json' with { type: 'json' };
import config from '../examples/amplifyconfiguration/amplifyconfiguration.json' with { type: 'json' };

// Type tests, compiled by `pnpm typecheck` and never run: each `@ts-expect-error` line is a mistake that
// ky-auth refuses at run time and that must not compile either (an expected error that goes away fails).

/** `true` only when the two types are the same. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(verdict: Equal<A, B>) => verdict;

const build = (): Interceptor => ({ name: 'partner', stage: 'auth', apply: () => {} });
declare const error: unknown;

export function apiNames() {
  // amplifyconfiguration.json, imported as a JSON module: its API names, a union.
  const apis = fromConfig(config, { authorizers: { IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer() } });
  same<ApiNameOf<typeof config>, 'ordersApi' | 'catalogApi' | 'profileApi' | 'statusApi'>(true);
  same<(typeof apis.names)[number], 'ordersApi' | 'catalogApi' | 'profileApi' | 'statusApi'>(true);
  apis.client('ordersApi');
  apis.hooks('catalogApi');
  apis.client('ordersApi', ky.create({}));
  // @ts-expect-error a misspelt API name (at run time: ERR_CONFIG_UNKNOWN_API)
  apis.client('orderzApi');
  // @ts-expect-error the same for the hooks and the interceptors
  apis.interceptors('orderzApi');

  // amplify_outputs.json: the APIs under custom.API.
  same<ApiNameOf<typeof outputs>, 'ordersApi' | 'catalogApi' | 'profileApi'>(true);
  // @ts-expect-error
  fromConfig(outputs).client('myRestApi');

  // Object literals of every style.
  same<ApiNameOf<{ awsAPIPlugin: { orders: object } }>, 'orders'>(true);
  same<ApiNameOf<{ API: { REST: { orders: object; users: object } } }>, 'orders' | 'users'>(true);
  same<ApiNameOf<{ custom: { API: { orders: object } } }>, 'orders'>(true);
  same<ApiNameOf<{ readonly aws_cloud_logic_custom: readonly [{ readonly name: 'orders' }] }>, 'orders'>(
    true,
  );
  same<ApiNameOf<{ API: { endpoints: readonly [{ name: 'a' }, { name: 'b' }] } }>, 'a' | 'b'>(true);
  const literal = fromConfig({
    aws_project_region: 'us-east-1',
    aws_cloud_logic_custom: [
      {
        name: 'orders',
        endpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
        region: 'us-east-1',
      },
    ],
  });
  literal.client('orders');
  // @ts-expect-error
  literal.client('order');

  // A configuration whose type does not tell: any name, as before.
  same<ApiNameOf<unknown>, string>(true);
  // biome-ignore lint/suspicious/noExplicitAny: what JSON.parse returns
  same<ApiNameOf<any>, string>(true);
  same<ApiNameOf<Record<string, unknown>>, string>(true);
  same<ApiNameOf<{ aws_cloud_logic_custom: { name: string }[] }>, string>(true);
  fromConfig(JSON.parse('{}') as unknown).client('anything');
  fromConfig(JSON.parse('{}')).client('anything');

  // The per-API interceptors are keyed by the names too.
  fromConfig(config, { authorizers: { IAM: iamAuthorizer() }, interceptors: { statusApi: build() } });
  // @ts-expect-error (at run time: ERR_CONFIG_UNKNOWN_API)
  fromConfig(config, { authorizers: { IAM: iamAuthorizer() }, interceptors: { statusAPI: build() } });
}

export function authorizerKeys() {
  fromConfig(config, {
    authorizers: { AWS_IAM: iamAuthorizer(), IAM: iamAuthorizer(), API_KEY: apiKeyAuthorizer() },
  });
  // @ts-expect-error a misspelt type (at run time: ERR_CONFIG_UNKNOWN_KEY)
  fromConfig(config, { authorizers: { AWS_IAMM: iamAuthorizer() } });
  // @ts-expect-error
  fromConfig(config, { authorizers: { API_KEYS: apiKeyAuthorizer() } });
  // @ts-expect-error NONE takes no authorizer
  fromConfig(config, { authorizers: { NONE: apiKeyAuthorizer() } });
  // A custom type: any authorizer may serve one; one spelt like a built-in type must be made for it.
  fromConfig(config, { authorizers: { custom: defineAuthorizer('custom', build) } });
  fromConfig(config, { authorizers: { partner: apiKeyAuthorizer({ key: 'k' }) } });
  fromConfig(config, { authorizers: { PARTNER_TOKEN: defineAuthorizer('PARTNER_TOKEN', build) } });
  const custom: AuthorizerFactory<'custom'> = defineAuthorizer('custom', build);
  same<typeof custom.authorizationType, 'custom'>(true);
  // @ts-expect-error made for another type
  fromConfig(config, { authorizers: { PARTNER_TOKEN: defineAuthorizer('OTHER_TOKEN', build) } });
}

export async function requestContext() {
  const api = fromConfig(config, { authorizers: { IAM: iamAuthorizer() } }).client('ordersApi');
  await api.get('health', { context: { authMode: 'none' } satisfies RequestAuthOptions });
  await api.get('health', {
    context: { defaultAuthMode: 'none', traceId: 't1' } satisfies RequestAuthOptions,
  });
  // @ts-expect-error a misspelt mode (at run time: ERR_CONFIG_INVALID)
  await api.get('health', { context: { authMode: 'nonee' } satisfies RequestAuthOptions });
}

export function errorCodes() {
  if (error instanceof ConfigError) {
    same<typeof error.code, ConfigErrorCode>(true);
    if (error.code === 'ERR_CONFIG_UNKNOWN_API') console.error(error.path);
    // @ts-expect-error a ConfigError never has a token code
    if (error.code === 'ERR_TOKEN_EXPIRED') console.error(error.path);
  }
  if (error instanceof KyAuthError) {
    if (error.code === 'ERR_TOKEN_EXPIRED') console.error(error.message);
    // @ts-expect-error a misspelt code
    if (error.code === 'ERR_TOKEN_EXPIRD') console.error(error.message);
  }
  // @ts-expect-error ConfigError takes the config codes only
  new ConfigError('ERR_TOKEN_EXPIRED', '$', 'no.');
}
