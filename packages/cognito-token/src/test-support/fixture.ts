// What the cognito-token tests share: cognito-local with one pool, a confirmed user, app clients with and
// without a secret, and two APIs that verify the pool's tokens for real (one for access tokens, one for
// ID tokens), as API Gateway's Cognito authorizer does.
import { type JwtApi, startJwtApi } from '@ky-auth/test-kit';
import {
  type CognitoLocal,
  startCognitoLocal,
  type TestUserPool,
  type TestUserPoolClient,
  type TestUserPoolClientOptions,
} from '@ky-auth/test-kit/cognito-local';

export interface UserPoolFixture {
  readonly cognito: CognitoLocal;
  readonly pool: TestUserPool;
  /** Tokens valid for an hour unless changed with `setTokenValidity`. */
  readonly client: TestUserPoolClient;
  /** The same, with a client secret. */
  readonly secretClient: TestUserPoolClient;
  readonly username: string;
  readonly password: string;
  /** Creates another app client (see `TestUserPool.createClient`) whose tokens `accessApi` accepts. */
  createClient(options?: TestUserPoolClientOptions): Promise<TestUserPoolClient>;
  /** Accepts access tokens of this fixture's clients (`token_use: access`, `client_id`). */
  readonly accessApi: JwtApi;
  /** Accepts ID tokens of `client` (`token_use: id`, `aud`). */
  readonly idApi: JwtApi;
  /** Everything a message must never show. */
  readonly secrets: () => string[];
  close(): Promise<void>;
}

export async function userPoolFixture(): Promise<UserPoolFixture> {
  const cognito = await startCognitoLocal();
  const pool = await cognito.createUserPool();
  const client = await pool.createClient();
  const secretClient = await pool.createClient({ generateSecret: true });
  const username = 'alice@example.com';
  const password = 'Corr3ct-Horse-Battery!';
  await pool.createUser(username, password);
  const clientIds = [client.clientId, secretClient.clientId];
  const accessApi = await startJwtApi({
    issuer: pool.issuer,
    jwksUri: pool.jwksUri,
    check: (claims) =>
      claims.token_use !== 'access'
        ? `token_use ${String(claims.token_use)}`
        : clientIds.includes(String(claims.client_id))
          ? undefined
          : 'unknown client_id',
  });
  const idApi = await startJwtApi({
    issuer: pool.issuer,
    jwksUri: pool.jwksUri,
    audience: client.clientId,
    check: (claims) => (claims.token_use === 'id' ? undefined : `token_use ${String(claims.token_use)}`),
  });
  return {
    cognito,
    pool,
    client,
    secretClient,
    username,
    password,
    accessApi,
    idApi,
    secrets: () => [password, secretClient.clientSecret as string],
    async createClient(options) {
      const created = await pool.createClient(options);
      clientIds.push(created.clientId);
      return created;
    },
    async close() {
      await accessApi.close();
      await idApi.close();
      await cognito.stop();
    },
  };
}

/** A fetch (over the global one when it is made) that records the Cognito actions sent through it. */
export function recordingFetch(): {
  fetch: typeof globalThis.fetch;
  actions: { action: string; body: Record<string, unknown> }[];
  refreshes: () => number;
} {
  const actions: { action: string; body: Record<string, unknown> }[] = [];
  const send = globalThis.fetch;
  return {
    actions,
    refreshes: () => actions.filter(({ body }) => body.AuthFlow === 'REFRESH_TOKEN_AUTH').length,
    fetch: async (input, init) => {
      const target = new Headers(init?.headers).get('x-amz-target') ?? '';
      actions.push({
        action: target.split('.').pop() ?? '',
        body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      });
      return send(input, init);
    },
  };
}
