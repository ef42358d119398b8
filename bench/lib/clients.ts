/**
 * The ky 2 clients the overhead bench compares, built against any origin: a loopback server, or a stubbed
 * `fetch` that answers at once (to see the client's own cost without a network).
 */
import { apiKey, apiKeyAuthorizer } from '@ky-auth/api-key';
import { cognitoUserPoolToken, userPoolAuthorizer } from '@ky-auth/cognito-token';
import { type AuthHooks, authHooks, fromConfig, type Interceptor } from '@ky-auth/core';
import { iamAuthorizer, iamSigner } from '@ky-auth/iam-signer';
import { SignJWT } from 'jose';
import ky, { type KyInstance } from 'ky';
import { origin as awsOrigin, credentials, region, service } from './fixtures.ts';

export const requestPath = 'items/search?limit=25&sort=-created';

/** The fetch ky 2 calls: always with its own Request. */
type FloorFetch = (request: Request, init?: RequestInit) => Promise<Response>;
/** A user-pool access token that expires in ten years: the token source is asked once, then cached. */
export function farFutureJwt(): Promise<string> {
  return new SignJWT({ token_use: 'access', client_id: 'bench-client', username: 'bench' })
    .setProtectedHeader({ alg: 'HS256', kid: 'bench' })
    .setIssuer(`https://cognito-idp.${region}.amazonaws.com/${region}_bench`)
    .setSubject('00000000-0000-4000-8000-000000000000')
    .setIssuedAt()
    .setExpirationTime('10y')
    .sign(new TextEncoder().encode('bench-secret-bench-secret-bench-secret'));
}

export interface Client {
  readonly name: string;
  readonly client: KyInstance;
}

export interface ClientSet {
  readonly clients: readonly Client[];
  /** How often the user-pool token source was called. */
  tokenCalls(): number;
}

/** The auth headers a ky 2 client with `hooks` sends for one request (caught by a fetch that answers at once). */
async function headersSentBy(hooks: AuthHooks, names: readonly string[]): Promise<Record<string, string>> {
  let sent: Record<string, string> = {};
  const capture = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent = Object.fromEntries([...request.headers].filter(([name]) => names.some((n) => name.startsWith(n))));
    return new Response('{}');
  };
  await ky.create({ prefix: `${awsOrigin}/prod/`, hooks, fetch: capture }).get(requestPath);
  return sent;
}

/**
 * bare ky; (a) API key; (b) a cached user-pool token; (c) IAM signing; (d) the AWS_IAM API of a
 * `fromConfig` client with four APIs. With `eliminations`, also the steps between bare ky and (a): the
 * hooks with no interceptor, and a no-op interceptor without and with `onResponse`. With `controls`, also
 * ky sending the very headers of (a), (b) and (c) through its own `headers` option: what those bytes cost
 * on the wire and at the server, which any client sending them pays.
 */
export async function clientSet(
  origin: string,
  options: { fetch?: typeof globalThis.fetch; eliminations?: boolean; controls?: boolean } = {},
): Promise<ClientSet> {
  const jwt = await farFutureJwt();
  let tokenCalls = 0;
  const tokens = () => {
    tokenCalls += 1;
    return jwt;
  };
  const base = options.fetch === undefined ? ky : ky.create({ fetch: options.fetch });
  const prefix = `${origin}/prod/`;
  const withHooks = (hooks?: AuthHooks) => base.extend({ prefix, ...(hooks === undefined ? {} : { hooks }) });
  const withFloorHook = (init: (options: { fetch?: FloorFetch }) => void) =>
    base.extend({ prefix, hooks: { init: [init] } } as never);
  const endpoint = (name: string) => ({ endpointType: 'REST', endpoint: `${origin}/${name}`, region });
  const apis = fromConfig(
    {
      api: {
        plugins: {
          awsAPIPlugin: {
            iam: { ...endpoint('iam'), authorizationType: 'AWS_IAM' },
            keyed: { ...endpoint('keyed'), authorizationType: 'API_KEY', apiKey: 'bench-key' },
            pool: { ...endpoint('pool'), authorizationType: 'AMAZON_COGNITO_USER_POOLS' },
            open: { ...endpoint('open'), authorizationType: 'NONE' },
          },
        },
      },
      auth: {
        plugins: {
          awsCognitoAuthPlugin: {
            CognitoUserPool: {
              Default: { PoolId: `${region}_bench`, AppClientId: 'bench-client', Region: region },
            },
          },
        },
      },
    },
    {
      authorizers: {
        AWS_IAM: iamAuthorizer({ credentials }),
        API_KEY: apiKeyAuthorizer(),
        AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens }),
      },
    },
  );
  const noop: Interceptor = { name: 'no-op', stage: 'auth', apply() {} };
  const signing = (endpoint = prefix) =>
    authHooks([iamSigner({ credentials, region, service })], { endpoint });
  const controls: Client[] = [];
  if (options.controls) {
    const same = (headers: Record<string, string>) => base.extend({ prefix, headers });
    controls.push(
      { name: '(a) control: ky sending the same header', client: same({ 'x-api-key': 'bench-key' }) },
      { name: '(b) control: ky sending the same header', client: same({ authorization: jwt }) },
      {
        name: '(c) control: ky sending the same headers (one signature, replayed)',
        client: same(await headersSentBy(signing(`${awsOrigin}/prod/`), ['authorization', 'x-amz-'])),
      },
    );
  }
  const clients: Client[] = [
    { name: 'bare ky', client: withHooks() },
    ...(options.eliminations
      ? [
          // The floors of ky 2's hook model, no ky-auth in them: what any init hook costs, what reaching
          // fetch from one costs, and what a copy of each request for the wire adds to that.
          { name: 'floor: an init hook that does nothing', client: withFloorHook(() => undefined) },
          {
            name: 'floor: an init hook that wraps fetch',
            client: withFloorHook((options) => {
              const inner = options.fetch ?? globalThis.fetch;
              options.fetch = (request, init) => inner(request, init);
            }),
          },
          {
            name: "floor: an init hook that wraps fetch and sends a copy of ky's request",
            client: withFloorHook((options) => {
              const inner = options.fetch ?? globalThis.fetch;
              options.fetch = (request, init) => inner(new Request(request, { redirect: 'manual' }), init);
            }),
          },
          {
            name: 'authHooks([], { endpoint: prefix }) (no interceptor)',
            client: withHooks(authHooks([], { endpoint: prefix })),
          },
          {
            name: 'authHooks([no-op interceptor], { endpoint: prefix })',
            client: withHooks(authHooks([noop], { endpoint: prefix })),
          },
          {
            name: 'authHooks([no-op with onResponse], { endpoint: prefix })',
            client: withHooks(authHooks([{ ...noop, onResponse: () => false }], { endpoint: prefix })),
          },
        ]
      : []),
    { name: '(a) API key', client: withHooks(authHooks([apiKey('bench-key')], { endpoint: prefix })) },
    {
      name: '(b) user-pool token (cached)',
      client: withHooks(authHooks([cognitoUserPoolToken({ tokens })], { endpoint: prefix })),
    },
    { name: '(c) IAM signing', client: withHooks(signing()) },
    { name: '(d) fromConfig (4 APIs), its AWS_IAM API', client: apis.client('iam', base) },
    ...controls,
  ];
  return { clients, tokenCalls: () => tokenCalls };
}
