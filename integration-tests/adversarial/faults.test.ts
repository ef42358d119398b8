import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import {
  type ConfiguredApis,
  CredentialsError,
  fromConfig,
  type KyAuthError,
  RequestPolicyError,
  TokenError,
} from '@ky-auth/core';
import { customHeaders } from '@ky-auth/custom-headers';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer, oidcClient } from '@ky-auth/oidc-token';
import { secretCollector } from '@ky-auth/test-kit';
import {
  type ApiGateway,
  apiGateway,
  createTestIssuer,
  createTestUserPool,
  gatewayApiKeyAuthorizer,
  gatewayCognitoUserPoolAuthorizer,
  gatewayIamAuthorizer,
  gatewayJwtAuthorizer,
  gatewayLambdaAuthorizer,
} from '@ky-auth/testing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { type Fault, faultResponse, faults, hangMs } from './lib/faults.ts';
import {
  type AuthOptionsOf,
  credentials,
  executeApi,
  gen2Config,
  kys,
  region,
  secrets,
  timed,
} from './lib/fixtures.ts';

// Every remote step ky-auth depends on, and every provider of the user's, fails in every way a network
// can fail. Each time, the request must fail with a typed error (class and code) within a bounded time,
// the API must see nothing (so nothing unauthenticated), and nothing thrown may hold a secret. After a
// transient fault, the same client must work again: a failure must not wedge a cache.

/**
 * The `timeoutMs` each remote-calling source is given here (how long one call to its service may take):
 * a hang must end in a typed error soon after. Without one it would be bounded by nothing: ky's own
 * `timeout` covers the API call (and its authorization), not a refresh shared by waiting requests.
 */
const sourceTimeoutMs = 300;
/** Any failure, hang included, must surface within this. */
const boundMs = 1500;

const collector = secretCollector(secrets);
const pool = await createTestUserPool({ region });
const issuer = await createTestIssuer({
  issuer: 'https://login.adversarial.test',
  audience: 'adversarial-api',
});
const identityPoolId = `${region}:0a1b2c3d-1111-2222-3333-444455556666`;
const idToken = await pool.idToken({ username: 'mallory' });
collector.addSecret('Cognito ID token', idToken);

let fault: Fault | 'ok' = 'ok';
const remoteCalls = new Map<string, number>();
const called = (name: string) => remoteCalls.set(name, (remoteCalls.get(name) ?? 0) + 1);

/** A remote step: answers well when `fault` is `ok`, else fails that way. */
const remote =
  (name: string, answer: () => Promise<JsonBodyType>, bodies: Parameters<typeof faultResponse>[2]) =>
  async ({ request }: { request: Request }) => {
    called(name);
    if (fault !== 'ok') return faultResponse(fault, request, bodies);
    return HttpResponse.json(await answer());
  };

const cognitoIdp = `https://cognito-idp.${region}.amazonaws.com/`;
const cognitoIdentityEndpoint = `https://cognito-identity.${region}.amazonaws.com/`;
const backend = 'https://backend.adversarial.test';

/** Where Cognito Identity fails: at GetId, or at GetCredentialsForIdentity after a good GetId. */
let identityFaultAt: 'GetId' | 'GetCredentialsForIdentity' = 'GetId';

const server = setupServer(
  ...pool.handlers,
  http.post(
    cognitoIdp,
    remote(
      'InitiateAuth',
      async () => {
        const tokens = await pool.tokens({ username: 'mallory' });
        return {
          AuthenticationResult: {
            AccessToken: tokens.accessToken,
            IdToken: tokens.idToken,
            ExpiresIn: 3600,
            TokenType: 'Bearer',
          },
        };
      },
      {
        clientError: {
          __type: 'NotAuthorizedException',
          message: `Invalid Refresh Token: ${secrets.refreshToken}`,
        },
        serverError: { __type: 'InternalErrorException', message: `failed for ${secrets.refreshToken}` },
      },
    ),
  ),
  http.get(`${issuer.issuer}/.well-known/openid-configuration`, () =>
    HttpResponse.json({
      issuer: issuer.issuer,
      token_endpoint: `${issuer.issuer}/oauth2/token`,
      jwks_uri: issuer.jwksUri,
    }),
  ),
  ...issuer.handlers,
  http.post(
    `${issuer.issuer}/oauth2/token`,
    remote(
      'token endpoint',
      async () => ({
        access_token: await issuer.sign({ sub: 'svc' }),
        token_type: 'Bearer',
        expires_in: 3600,
      }),
      {
        clientError: {
          error: 'invalid_grant',
          error_description: `refresh token ${secrets.refreshToken} was revoked (client secret ${secrets.clientSecret})`,
        },
        serverError: {
          error: 'server_error',
          error_description: `could not refresh ${secrets.refreshToken}`,
        },
      },
    ),
  ),
  http.post(cognitoIdentityEndpoint, async ({ request }) => {
    const operation = (request.headers.get('x-amz-target') ?? '').split('.').at(-1) ?? '';
    called(operation);
    if (fault !== 'ok' && operation === identityFaultAt) {
      return faultResponse(fault, request, {
        clientError: {
          __type: 'NotAuthorizedException',
          message: `Invalid login token. Token ${idToken} is expired.`,
        },
        serverError: { __type: 'InternalErrorException', message: `Internal failure for ${idToken}` },
        headers: {
          'x-amzn-ErrorType': fault === '400' ? 'NotAuthorizedException' : 'InternalErrorException',
        },
      });
    }
    if (operation === 'GetId')
      return HttpResponse.json({ IdentityId: `${region}:11111111-2222-3333-4444-555555555555` });
    return HttpResponse.json({
      IdentityId: `${region}:11111111-2222-3333-4444-555555555555`,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: Math.floor(Date.now() / 1000) + 3600,
      },
    });
  }),
  http.get(
    `${backend}/credentials`,
    remote(
      'credentials backend',
      async () => ({
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: Date.now() + 3600_000,
      }),
      {
        clientError: { __type: 'ExpiredTokenException', message: `session ${secrets.sessionToken} expired` },
        serverError: { message: `could not vend for ${secrets.secretAccessKey}` },
      },
    ),
  ),
  http.get(
    `${backend}/token`,
    remote('token backend', async () => ({ access_token: await issuer.sign({ sub: 'user' }) }), {
      clientError: { error: 'invalid_grant', error_description: `bad refresh token ${secrets.refreshToken}` },
    }),
  ),
  http.get(
    `${backend}/api-key`,
    remote('api-key backend', async () => ({ key: secrets.apiKey }), {
      clientError: { message: `key ${secrets.apiKey} is suspended` },
    }),
  ),
  http.get(
    `${backend}/tenant`,
    remote('headers backend', async () => ({ token: secrets.headerSecret }), {
      clientError: { message: `tenant token ${secrets.headerSecret} revoked` },
    }),
  ),
);

let restoreConsole: () => void = () => undefined;
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  restoreConsole = collector.captureConsole();
});
afterAll(() => {
  restoreConsole();
  server.close();
});

interface Expected {
  readonly type: typeof KyAuthError;
  readonly codes: readonly string[];
}

interface Step {
  readonly name: string;
  /** The remote calls the step makes, by the names the handlers count them under. */
  readonly remotes: readonly string[];
  /** A user provider: its hang is bounded by the request's own signal, not by a ky-auth timeout. */
  readonly userProvider: boolean;
  /** A 400 here ends the session: the next request cannot recover. */
  readonly rejectionIsFinal: boolean;
  readonly expected: Record<Exclude<Fault, 'hang'>, Expected> & { hang?: Expected };
  /** The step's client set, for the ky major under test (`authOptions` for ky 1, undefined for ky 2). */
  build(authOptions: AuthOptionsOf): { apis: ConfiguredApis; gateway: ApiGateway };
}

const iamGateway = (id: string) =>
  apiGateway({
    endpoint: executeApi(id),
    authorizer: gatewayIamAuthorizer({ credentials: [credentials], region }),
  });

const tokenFailed = (...codes: string[]): Expected => ({ type: TokenError, codes });
const credentialsFailed = (...codes: string[]): Expected => ({ type: CredentialsError, codes });

const steps: Step[] = [
  {
    name: 'Cognito InitiateAuth (userPoolSession refresh)',
    remotes: ['InitiateAuth'],
    userProvider: false,
    rejectionIsFinal: true,
    expected: {
      '500': tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      '400': tokenFailed('ERR_TOKEN_REFRESH_REJECTED'),
      malformed: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      empty: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      network: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      hang: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
    },
    build(authOptions) {
      const gateway = apiGateway({
        endpoint: executeApi('cognito'),
        authorizer: gatewayCognitoUserPoolAuthorizer(pool),
      });
      const session = userPoolSession({
        userPoolId: pool.poolId,
        clientId: pool.clientId,
        tokens: { refreshToken: secrets.refreshToken },
        timeoutMs: sourceTimeoutMs,
      });
      const apis = fromConfig(
        gen2Config(
          { api: { endpoint: gateway.endpoint, authorizationType: 'AMAZON_COGNITO_USER_POOLS' } },
          { userPoolId: pool.poolId, userPoolClientId: pool.clientId },
        ),
        { authOptions, authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }) } },
      );
      return { apis, gateway };
    },
  },
  {
    name: 'OIDC token endpoint (oidcClient, refresh_token grant)',
    remotes: ['token endpoint'],
    userProvider: false,
    rejectionIsFinal: true,
    expected: {
      '500': tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      '400': tokenFailed('ERR_TOKEN_REFRESH_REJECTED'),
      malformed: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      empty: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      network: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
      hang: tokenFailed('ERR_TOKEN_REFRESH_FAILED'),
    },
    build(authOptions) {
      const gateway = apiGateway({
        endpoint: executeApi('oidc'),
        authorizer: gatewayJwtAuthorizer({
          issuer: issuer.issuer,
          audience: ['adversarial-api'],
          jwks: issuer.jwks,
        }),
      });
      const client = oidcClient({
        issuer: issuer.issuer,
        clientId: 'adversarial-app',
        clientSecret: secrets.clientSecret,
        refreshToken: secrets.refreshToken,
        timeoutMs: sourceTimeoutMs,
      });
      const apis = fromConfig(
        gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: 'OPENID_CONNECT' } }),
        {
          authOptions,
          authorizers: {
            OPENID_CONNECT: oidcAuthorizer({
              getLatestAuthToken: client.getLatestAuthToken,
              scheme: 'Bearer',
            }),
          },
        },
      );
      return { apis, gateway };
    },
  },
  ...(['GetId', 'GetCredentialsForIdentity'] as const).map(
    (at): Step => ({
      name: `Cognito Identity ${at} (fromCognitoIdentityPool)`,
      remotes: ['GetId', 'GetCredentialsForIdentity'],
      userProvider: false,
      rejectionIsFinal: false,
      expected: {
        '500': credentialsFailed('ERR_COGNITO_IDENTITY_REJECTED', 'ERR_COGNITO_IDENTITY_UNREACHABLE'),
        '400': credentialsFailed('ERR_COGNITO_IDENTITY_REJECTED'),
        malformed: credentialsFailed('ERR_COGNITO_IDENTITY_INVALID_RESPONSE'),
        empty: credentialsFailed('ERR_COGNITO_IDENTITY_INVALID_RESPONSE'),
        network: credentialsFailed('ERR_COGNITO_IDENTITY_UNREACHABLE'),
        hang: credentialsFailed('ERR_COGNITO_IDENTITY_UNREACHABLE'),
      },
      build(authOptions) {
        identityFaultAt = at;
        const gateway = iamGateway(`identity${at.length}`);
        const apis = fromConfig(
          gen2Config(
            { api: { endpoint: gateway.endpoint, authorizationType: 'AWS_IAM' } },
            { identityPoolId },
          ),
          {
            authOptions,
            authorizers: {
              AWS_IAM: iamAuthorizer({
                logins: { [pool.providerName]: idToken },
                identityPoolTimeoutMs: sourceTimeoutMs,
              }),
            },
          },
        );
        return { apis, gateway };
      },
    }),
  ),
  {
    name: "the user's credentials provider",
    remotes: ['credentials backend'],
    userProvider: true,
    rejectionIsFinal: false,
    expected: {
      '500': credentialsFailed('ERR_CREDENTIALS_INVALID'),
      '400': credentialsFailed('ERR_CREDENTIALS_INVALID'),
      malformed: credentialsFailed('ERR_CREDENTIALS_PROVIDER_FAILED'),
      empty: credentialsFailed('ERR_CREDENTIALS_PROVIDER_FAILED'),
      network: credentialsFailed('ERR_CREDENTIALS_PROVIDER_FAILED'),
    },
    build(authOptions) {
      const gateway = iamGateway('userCreds');
      const provider = async () => {
        const body = await (await fetch(`${backend}/credentials`)).json();
        return {
          accessKeyId: body.AccessKeyId,
          secretAccessKey: body.SecretAccessKey,
          sessionToken: body.SessionToken,
          expiration: body.Expiration === undefined ? undefined : new Date(body.Expiration),
        };
      };
      const apis = fromConfig(
        gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: 'AWS_IAM' } }),
        {
          authOptions,
          authorizers: { AWS_IAM: iamAuthorizer({ credentials: provider }) },
        },
      );
      return { apis, gateway };
    },
  },
  {
    name: "the user's token function (OPENID_CONNECT)",
    remotes: ['token backend'],
    userProvider: true,
    rejectionIsFinal: false,
    expected: {
      '500': tokenFailed('ERR_TOKEN_PROVIDER_FAILED'),
      '400': tokenFailed('ERR_TOKEN_PROVIDER_FAILED'),
      malformed: tokenFailed('ERR_TOKEN_PROVIDER_FAILED'),
      empty: tokenFailed('ERR_TOKEN_PROVIDER_FAILED'),
      network: tokenFailed('ERR_TOKEN_PROVIDER_FAILED'),
    },
    build(authOptions) {
      const gateway = apiGateway({
        endpoint: executeApi('userToken'),
        authorizer: gatewayJwtAuthorizer({
          issuer: issuer.issuer,
          audience: ['adversarial-api'],
          jwks: issuer.jwks,
        }),
      });
      const getLatestAuthToken = async () => (await (await fetch(`${backend}/token`)).json()).access_token;
      const apis = fromConfig(
        gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: 'OPENID_CONNECT' } }),
        {
          authOptions,
          authorizers: { OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken, scheme: 'Bearer' }) },
        },
      );
      return { apis, gateway };
    },
  },
  {
    name: "the user's API-key provider",
    remotes: ['api-key backend'],
    userProvider: true,
    rejectionIsFinal: false,
    expected: {
      '500': credentialsFailed('ERR_API_KEY_MISSING'),
      '400': credentialsFailed('ERR_API_KEY_MISSING'),
      malformed: credentialsFailed('ERR_API_KEY_PROVIDER_FAILED'),
      empty: credentialsFailed('ERR_API_KEY_PROVIDER_FAILED'),
      network: credentialsFailed('ERR_API_KEY_PROVIDER_FAILED'),
    },
    build(authOptions) {
      const gateway = apiGateway({
        endpoint: executeApi('userKey'),
        authorizer: gatewayApiKeyAuthorizer({ keys: [secrets.apiKey] }),
      });
      const key = async ({ signal }: { signal: AbortSignal | undefined }) =>
        (await (await fetch(`${backend}/api-key`, signal === undefined ? {} : { signal })).json()).key;
      const apis = fromConfig(
        gen2Config({ api: { endpoint: gateway.endpoint, authorizationType: 'API_KEY' } }),
        {
          authOptions,
          authorizers: { API_KEY: apiKeyAuthorizer({ key }) },
        },
      );
      return { apis, gateway };
    },
  },
  {
    name: "the user's headers function",
    remotes: ['headers backend'],
    userProvider: true,
    rejectionIsFinal: false,
    expected: {
      '500': { type: RequestPolicyError, codes: ['ERR_INVALID_HEADER_VALUE'] },
      '400': { type: RequestPolicyError, codes: ['ERR_INVALID_HEADER_VALUE'] },
      malformed: { type: CredentialsError, codes: ['ERR_HEADERS_PROVIDER_FAILED'] },
      empty: { type: CredentialsError, codes: ['ERR_HEADERS_PROVIDER_FAILED'] },
      network: { type: CredentialsError, codes: ['ERR_HEADERS_PROVIDER_FAILED'] },
    },
    build(authOptions) {
      const gateway = apiGateway({
        endpoint: executeApi('userHeaders'),
        authorizer: [
          gatewayLambdaAuthorizer({
            header: 'x-tenant-token',
            authorize: (token) => token === secrets.headerSecret,
          }),
          gatewayApiKeyAuthorizer({ keys: [secrets.apiKey] }),
        ],
      });
      const headers = async ({ signal }: { request: Request; signal?: AbortSignal | undefined }) => {
        const body = await (await fetch(`${backend}/tenant`, signal === undefined ? {} : { signal })).json();
        return { 'x-tenant-token': body.token };
      };
      const apis = fromConfig(
        gen2Config({
          api: { endpoint: gateway.endpoint, authorizationType: 'API_KEY', apiKey: secrets.apiKey },
        }),
        { authOptions, authorizers: { API_KEY: apiKeyAuthorizer() }, headers, customHeaders },
      );
      return { apis, gateway };
    },
  },
];

/** A fresh client of the step, its gateway installed in front of the other handlers. */
const built = (step: Step, authOptions: AuthOptionsOf) => {
  const result = step.build(authOptions);
  server.resetHandlers();
  server.use(...result.gateway.handlers);
  return result;
};

const remoteCount = (step: Step) => step.remotes.reduce((sum, name) => sum + (remoteCalls.get(name) ?? 0), 0);

describe.each(kys)('through ky $major', ({ base, authOptions }) => {
  describe.each(steps)('$name', (step) => {
    it.each(faults.filter((each) => each !== 'hang'))(
      'answering %s: the request fails with a typed error, sends nothing, and the next one recovers',
      async (which) => {
        const { apis, gateway } = built(step, authOptions);
        const client = apis.client('api', base);
        fault = which;
        remoteCalls.clear();
        const outcome = await timed(client.get('items', { retry: 0 }).json());
        fault = 'ok';

        expect(outcome.ok).toBe(false);
        const error = collector.collect(outcome.ok ? undefined : outcome.error);
        const expected = step.expected[which];
        expect(error).toBeInstanceOf(expected.type);
        expect(expected.codes).toContain((error as KyAuthError).code);
        expect(outcome.ms).toBeLessThan(boundMs);
        expect(gateway.count()).toBe(0);
        // A failure is not retried in a loop against the remote step.
        expect(remoteCount(step)).toBeGreaterThan(0);
        expect(remoteCount(step)).toBeLessThanOrEqual(3);

        if (which === '400' && step.rejectionIsFinal) {
          // The grant was refused: the session has ended, and later requests say so without sending.
          const again = await collector.rejection(client.get('items', { retry: 0 }));
          expect(again).toBeInstanceOf(TokenError);
          expect(gateway.count()).toBe(0);
          return;
        }
        const recovered = await client.get('items', { retry: 0 });
        expect(recovered.status).toBe(200);
        expect(gateway.count({ outcome: 'accepted' })).toBe(1);
        expect(gateway.count({ outcome: 'rejected' })).toBe(0);
      },
    );

    if (step.userProvider) {
      it.each(['controller.abort()', 'AbortSignal.timeout'])(
        'hanging, bounded by the request signal (%s): rejects at once with the abort reason, sends nothing',
        async (how) => {
          const { apis, gateway } = built(step, authOptions);
          const client = apis.client('api', base);
          fault = 'hang';
          remoteCalls.clear();
          let signal: AbortSignal;
          if (how === 'AbortSignal.timeout') {
            signal = AbortSignal.timeout(sourceTimeoutMs);
          } else {
            const controller = new AbortController();
            setTimeout(() => controller.abort(), sourceTimeoutMs);
            signal = controller.signal;
          }
          const outcome = await timed(client.get('items', { retry: 0, signal }));
          fault = 'ok';
          expect(outcome.ok).toBe(false);
          const error = collector.collect(outcome.ok ? undefined : outcome.error);
          expect(error).toBe(signal.reason);
          expect(outcome.ms).toBeLessThan(boundMs);
          expect(gateway.count()).toBe(0);
        },
      );
      // Both majors run the interceptors inside the call's fetch, which ky's `timeout` covers.
      it("hanging, with only ky's own timeout option: rejects with ky's TimeoutError in time, sends nothing", async () => {
        const { apis, gateway } = built(step, authOptions);
        const client = apis.client('api', base);
        fault = 'hang';
        const outcome = await timed(client.get('items', { retry: 0, timeout: sourceTimeoutMs }));
        fault = 'ok';
        expect(outcome.ok).toBe(false);
        const error = collector.collect(outcome.ok ? undefined : outcome.error);
        expect((error as Error).name).toBe('TimeoutError');
        expect(outcome.ms).toBeLessThan(boundMs);
        expect(gateway.count()).toBe(0);
      });
    } else {
      it(`hanging past ky-auth's timeout: fails with ${step.expected.hang?.codes.join(' or ')} in bounded time, sends nothing, recovers`, async () => {
        const { apis, gateway } = built(step, authOptions);
        const client = apis.client('api', base);
        fault = 'hang';
        remoteCalls.clear();
        const outcome = await timed(client.get('items', { retry: 0 }));
        fault = 'ok';
        expect(outcome.ok).toBe(false);
        const error = collector.collect(outcome.ok ? undefined : outcome.error);
        expect(error).toBeInstanceOf(step.expected.hang?.type);
        expect(step.expected.hang?.codes).toContain((error as KyAuthError).code);
        expect(outcome.ms).toBeLessThan(boundMs);
        expect(gateway.count()).toBe(0);
        const recovered = await timed(client.get('items', { retry: 0 }));
        expect(recovered.ok).toBe(true);
        expect(recovered.ms).toBeLessThan(hangMs / 2);
      });
    }
  });
});

it('leaks no secret in anything thrown or logged', () => {
  expect(collector.size).toBeGreaterThan(100);
  expect(collector.leaks()).toEqual([]);
});
