import dc from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { userPoolSession } from '@ky-auth/cognito-token';
import { CredentialsError, RequestPolicyError, TokenError } from '@ky-auth/core';
import { fromCognitoIdentityPool } from '@ky-auth/iam-signer';
import { oidcClient } from '@ky-auth/oidc-token';
import { caught, expectNoSecrets, jwt } from '@ky-auth/test-kit';

// ky-auth's own clients (userPoolSession, fromCognitoIdentityPool, oidcClient) send passwords, refresh
// tokens, the client secret and login tokens. Against real HTTP servers on 127.0.0.1: a redirect of any
// kind sends nothing to its target (not to another origin, not to plain http), and fails with
// ERR_AUTH_SERVER_REDIRECT; an answer that never ends, or that trickles in a byte at a time, fails with the
// client's typed error instead of filling memory or holding the call; no error shows a secret.

const secrets = {
  password: 'Own-Clients-Password-do-not-leak-0001',
  refreshToken: 'RT.own-clients-refresh-token.do-not-leak-0001',
  clientSecret: 'own-clients-client-secret-do-not-leak-0001',
  loginToken: 'own-clients-login-token-do-not-leak-0001',
} as const;

/** Small enough that a trickling answer fails fast; nothing here measures time. */
const timeoutMs = 400;

/** One request a server received. */
interface Received {
  readonly method: string;
  readonly path: string;
  readonly target: string | undefined;
  readonly body: string;
}

/** How the service under test answers one request. */
type Behaviour =
  | { readonly kind: 'json'; readonly body: unknown }
  | { readonly kind: 'redirect'; readonly status: number; readonly location: string }
  /** 300 MiB advertised, sent until the client hangs up. */
  | { readonly kind: 'endless' }
  /** One byte every 20 ms, for ever. */
  | { readonly kind: 'trickle' };

interface Listener {
  readonly origin: string;
  readonly port: number;
  readonly received: Received[];
  /** Answers that ended because the client hung up, not because they were sent in full. */
  readonly cut: Promise<void>[];
  behave: (request: Received) => Behaviour;
  close(): Promise<void>;
}

async function listen(): Promise<Listener> {
  const listener: Listener = {
    origin: '',
    port: 0,
    received: [],
    cut: [],
    behave: () => ({ kind: 'json', body: {} }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: Received = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        target: request.headers['x-amz-target'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      listener.received.push(received);
      answer(listener.behave(received), response, listener);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(listener, { origin: `http://127.0.0.1:${port}`, port });
}

function answer(behaviour: Behaviour, response: ServerResponse, listener: Listener): void {
  switch (behaviour.kind) {
    case 'json':
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(behaviour.body));
      return;
    case 'redirect':
      response.writeHead(behaviour.status, { location: behaviour.location }).end();
      return;
    case 'endless': {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(300 * 1024 ** 2),
      });
      // A token-shaped secret in the answer: it must not reach an error either.
      const chunk = Buffer.from(`{"AccessToken":"${secrets.refreshToken}",${' '.repeat(64 * 1024)}`);
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) {
          // Until the socket's buffer is full; 'drain' goes on.
        }
      };
      response.on('drain', pump);
      listener.cut.push(new Promise((resolve) => response.on('close', () => resolve())));
      pump();
      return;
    }
    case 'trickle': {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 20);
      listener.cut.push(
        new Promise((resolve) =>
          response.on('close', () => {
            clearInterval(timer);
            resolve();
          }),
        ),
      );
      response.write('{');
      return;
    }
  }
}

/** Every request Node's fetch creates (followed redirects included), by origin and path. */
const created: string[] = [];
const onCreate = (message: unknown) => {
  const { request } = message as { request: { origin: string; path: string; method: string } };
  created.push(`${request.method} ${request.origin}${request.path}`);
};

let service: Listener;
let target: Listener;

beforeAll(async () => {
  dc.subscribe('undici:request:create', onCreate);
  service = await listen();
  target = await listen();
});
afterAll(async () => {
  dc.unsubscribe('undici:request:create', onCreate);
  await Promise.all([service.close(), target.close()]);
});
afterEach(() => {
  service.received.length = 0;
  target.received.length = 0;
  service.cut.length = 0;
  created.length = 0;
});

const statuses = [301, 302, 303, 307, 308] as const;
/** Where the redirects point: another local origin (which records what it gets), and plain http to a host that is not loopback. */
const locations = () => [
  `${target.origin}/collect`,
  `http://insecure.own-clients.test:${target.port}/collect`,
];
const redirectCases = statuses.flatMap((status) => [
  { status, to: 'another origin' as const },
  { status, to: 'plain http' as const },
]);
const locationOf = (to: 'another origin' | 'plain http') => locations()[to === 'another origin' ? 0 : 1]!;

/** Asserts the redirect was refused as ky-auth promises: one request, to the service only; none elsewhere. */
function expectRefusedRedirect(error: Error, status: number, requests: number): void {
  expect(error).toBeInstanceOf(RequestPolicyError);
  expect(error).toMatchObject({ code: 'ERR_AUTH_SERVER_REDIRECT' });
  expect(error.message).toContain(`answered with a redirect (HTTP ${status})`);
  expect(error.message).toContain('Configure the endpoint');
  expect(target.received).toEqual([]);
  expect(created.filter((line) => !line.includes(service.origin))).toEqual([]);
  expect(created).toHaveLength(requests);
  expect(service.received).toHaveLength(requests);
  expectNoSecrets(error, secrets);
}

describe('the harness', () => {
  it.each([307, 308])(
    "would see a leak: fetch's default redirect: 'follow' re-POSTs the body of a %i to the target",
    async (status) => {
      service.behave = () => ({ kind: 'redirect', status, location: `${target.origin}/collect` });
      await fetch(`${service.origin}/`, { method: 'POST', body: secrets.password });
      expect(target.received).toEqual([
        { method: 'POST', path: '/collect', target: undefined, body: secrets.password },
      ]);
      expect(created).toHaveLength(2);
    },
  );
});

// --- Cognito user pools -------------------------------------------------------------------------------

const tokens = async () => ({
  AccessToken: await jwt(3600, Date.now(), { token_use: 'access', username: 'alice' }),
  IdToken: await jwt(3600, Date.now(), { token_use: 'id', 'cognito:username': 'alice' }),
  RefreshToken: secrets.refreshToken,
});

const session = (extra: { clientSecret?: string; signedIn?: boolean } = {}) =>
  userPoolSession({
    userPoolId: 'us-east-1_AbC123',
    clientId: 'own-clients-app',
    endpoint: service.origin,
    timeoutMs,
    ...(extra.clientSecret !== undefined && { clientSecret: extra.clientSecret }),
    ...(extra.signedIn === true && { tokens: { refreshToken: secrets.refreshToken } }),
  });

/** The three calls of a session, each sending one secret. */
const sessionCalls = {
  'sign-in (InitiateAuth USER_PASSWORD_AUTH)': {
    call: () =>
      session({ clientSecret: secrets.clientSecret }).signIn({
        username: 'alice',
        password: secrets.password,
      }),
    failure: 'ERR_SIGN_IN_FAILED',
  },
  'refresh (InitiateAuth REFRESH_TOKEN_AUTH)': {
    call: () => session({ signedIn: true }).getTokens(),
    failure: 'ERR_TOKEN_REFRESH_FAILED',
  },
  'sign-out (RevokeToken)': {
    call: () => session({ signedIn: true, clientSecret: secrets.clientSecret }).signOut(),
    failure: 'ERR_TOKEN_REVOKE_FAILED',
  },
} as const;

describe('userPoolSession', () => {
  it('works through the bounded client when Cognito answers well', async () => {
    const issued = await tokens();
    service.behave = () => ({ kind: 'json', body: { AuthenticationResult: issued } });
    const signedIn = await session().signIn({ username: 'alice', password: secrets.password });
    expect(signedIn.refreshToken).toBe(secrets.refreshToken);
    expect(service.received[0]?.target).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
  });

  describe.each(Object.entries(sessionCalls))('%s', (_name, { call, failure }) => {
    it.each(redirectCases)(
      'refuses an HTTP $status to $to, sending nothing there',
      async ({ status, to }) => {
        service.behave = () => ({ kind: 'redirect', status, location: locationOf(to) });
        expectRefusedRedirect(await caught(call), status, 1);
      },
    );

    it(`fails with ${failure} on an endless answer (300 MiB advertised), hanging up after 256 KiB`, async () => {
      service.behave = () => ({ kind: 'endless' });
      const error = await caught(call);
      expect(error).toBeInstanceOf(TokenError);
      expect(error).toMatchObject({ code: failure });
      expect(String((error.cause as Error).message)).toContain('more than 256 KiB');
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });

    it(`fails with ${failure} on an answer that trickles in a byte at a time, at timeoutMs`, async () => {
      service.behave = () => ({ kind: 'trickle' });
      const error = await caught(call);
      expect(error).toBeInstanceOf(TokenError);
      expect(error).toMatchObject({ code: failure });
      expect((error.cause as Error).name).toBe('TimeoutError');
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });
  });
});

// --- Cognito Identity ---------------------------------------------------------------------------------

const identityId = 'us-east-1:11111111-2222-3333-4444-555555555555';
const identityCredentials = () => ({
  IdentityId: identityId,
  Credentials: {
    AccessKeyId: 'ASIAOWNCLIENTS000001',
    SecretKey: 'own-clients-secret-access-key-0001',
    SessionToken: 'own-clients-session-token-0001',
    Expiration: Math.floor(Date.now() / 1000) + 3600,
  },
});
const identityPool = () =>
  fromCognitoIdentityPool({
    identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
    endpoint: service.origin,
    logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123': secrets.loginToken },
    timeoutMs,
  });

/** Each operation misbehaves in turn; the one before it (GetId before GetCredentialsForIdentity) answers well. */
const operations = [
  { operation: 'GetId', before: 0 },
  { operation: 'GetCredentialsForIdentity', before: 1 },
] as const;

describe('fromCognitoIdentityPool', () => {
  const misbehaving = (operation: string, behaviour: Behaviour) => (request: Received) =>
    request.target === `AWSCognitoIdentityService.${operation}`
      ? behaviour
      : {
          kind: 'json' as const,
          body: request.target?.endsWith('GetId') ? { IdentityId: identityId } : identityCredentials(),
        };

  it('works through the bounded client when Cognito Identity answers well', async () => {
    service.behave = misbehaving('none', { kind: 'endless' });
    expect((await identityPool()()).accessKeyId).toBe('ASIAOWNCLIENTS000001');
    expect(service.received.map(({ target }) => target)).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
    ]);
  });

  describe.each(operations)('$operation', ({ operation, before }) => {
    it.each(redirectCases)(
      'refuses an HTTP $status to $to, sending nothing there',
      async ({ status, to }) => {
        service.behave = misbehaving(operation, { kind: 'redirect', status, location: locationOf(to) });
        expectRefusedRedirect(await caught(identityPool()), status, before + 1);
      },
    );

    it('fails with ERR_COGNITO_IDENTITY_INVALID_RESPONSE on an endless answer, hanging up after 256 KiB', async () => {
      service.behave = misbehaving(operation, { kind: 'endless' });
      const error = await caught(identityPool());
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_INVALID_RESPONSE' });
      expect(error.message).toContain(`answered ${operation} with more than 256 KiB`);
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });

    it('fails with ERR_COGNITO_IDENTITY_UNREACHABLE on an answer that trickles in, at timeoutMs', async () => {
      service.behave = misbehaving(operation, { kind: 'trickle' });
      const error = await caught(identityPool());
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error).toMatchObject({ code: 'ERR_COGNITO_IDENTITY_UNREACHABLE' });
      expect((error.cause as Error).name).toBe('TimeoutError');
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });
  });
});

// --- OpenID Connect -----------------------------------------------------------------------------------

const discovery = () => ({ issuer: `${service.origin}/`, token_endpoint: `${service.origin}/token` });
const tokenResponse = {
  access_token: 'own-clients-access-token-0001',
  token_type: 'Bearer',
  expires_in: 3600,
};

/** Each step misbehaves in turn; discovery answers well before a token request does. */
const oidcSteps = {
  discovery: { path: '/.well-known/openid-configuration', before: 0, limit: '1024 KiB' },
  'token exchange (client_credentials)': { path: '/token', before: 1, limit: '256 KiB' },
  'refresh (refresh_token)': { path: '/token', before: 1, limit: '256 KiB' },
} as const;

const oidc = (step: keyof typeof oidcSteps) =>
  oidcClient({
    issuer: service.origin,
    clientId: 'own-clients-app',
    clientSecret: secrets.clientSecret,
    timeoutMs,
    ...(step === 'refresh (refresh_token)' && { refreshToken: secrets.refreshToken }),
  });

describe('oidcClient', () => {
  const misbehaving = (path: string, behaviour: Behaviour) => (request: Received) =>
    request.path === path
      ? behaviour
      : { kind: 'json' as const, body: request.path === '/token' ? tokenResponse : discovery() };

  it('works through the bounded client when the provider answers well', async () => {
    service.behave = misbehaving('none', { kind: 'endless' });
    expect(await oidc('refresh (refresh_token)').getLatestAuthToken()).toBe(tokenResponse.access_token);
    expect(service.received.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /.well-known/openid-configuration',
      'POST /token',
    ]);
  });

  describe.each(Object.entries(oidcSteps))('%s', (step, { path, before, limit }) => {
    const client = () => oidc(step as keyof typeof oidcSteps).getLatestAuthToken();

    it.each(redirectCases)(
      'refuses an HTTP $status to $to, sending nothing there',
      async ({ status, to }) => {
        service.behave = misbehaving(path, { kind: 'redirect', status, location: locationOf(to) });
        expectRefusedRedirect(await caught(client), status, before + 1);
      },
    );

    it(`fails with ERR_TOKEN_REFRESH_FAILED on an endless answer, hanging up after ${limit}`, async () => {
      service.behave = misbehaving(path, { kind: 'endless' });
      const error = await caught(client);
      expect(error).toBeInstanceOf(TokenError);
      expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
      expect(error.message).toContain(`answered ${path} with more than ${limit}`);
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });

    it('fails with ERR_TOKEN_REFRESH_FAILED on an answer that trickles in, at timeoutMs', async () => {
      service.behave = misbehaving(path, { kind: 'trickle' });
      const error = await caught(client);
      expect(error).toBeInstanceOf(TokenError);
      expect(error).toMatchObject({ code: 'ERR_TOKEN_REFRESH_FAILED' });
      expect((error.cause as Error).name).toBe('TimeoutError');
      await Promise.all(service.cut);
      expectNoSecrets(error, secrets);
    });
  });
});
