import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import { type ConfiguredApis, fromConfig, getApi } from '@ky-auth/core';
import { type AwsCredentials, iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer, oidcClient } from '@ky-auth/oidc-token';
import { secretCollector } from '@ky-auth/test-kit';
import { createTestIssuer, createTestUserPool, fixedClock, type IamCredentials } from '@ky-auth/testing';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { accessKeyId, executeApi, gen2Config, kys, region, secrets } from './lib/fixtures.ts';

// A thousand requests arrive together when every cached token or credential is expired or about to be:
// exactly one refresh serves them all, and every request carries what it brought. Requests aborted while
// they wait leave at once with their own abort reason, and the refresh goes on for the others. The API is a
// plain recorder (the gateway stand-in's JWT and SigV4 checks would triple the time of 10,000 requests; the
// fault and loop suites use it): each request must carry exactly the refreshed token or credentials.

const concurrency = 1000;
/** Requests in the abort test, a quarter of which give up while the refresh is under way. */
const aborting = 200;
/** How long each remote refresh takes: long enough for every request to be waiting on it. */
const refreshDelayMs = 150;

const collector = secretCollector(secrets);
const clock = fixedClock(Date.now());
const pool = await createTestUserPool({ region });
const issuer = await createTestIssuer({
  issuer: 'https://login.stampede.test',
  audience: 'stampede-api',
  clock,
});
const identityPoolId = `${region}:0a1b2c3d-1111-2222-3333-444455556666`;

/** What the API saw: the credential each request carried (token, or SigV4 key id and session token). */
const seen: string[] = [];
const api = (id: string) => executeApi(id);
let apiEndpoint = '';
/**
 * The API, as ky's `fetch`: an in-process recorder, so that 1,000 requests take milliseconds rather than
 * msw's seconds. The refreshes themselves go through msw.
 */
const apiFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  if (!request.url.startsWith(apiEndpoint)) return fetch(request);
  const { headers } = request;
  const signature = /Credential=([^/]+)\//.exec(headers.get('authorization') ?? '');
  seen.push(
    signature === null
      ? (headers.get('authorization') ?? 'none')
      : `${signature[1]} ${headers.get('x-amz-security-token')}`,
  );
  return Response.json({});
};

const counts = new Map<string, number>();
const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Credentials of each generation a provider has handed out. */
const issued: IamCredentials[] = [];
const issue = (): AwsCredentials & IamCredentials => {
  const credentials = {
    accessKeyId: `${accessKeyId}${issued.length}`,
    secretAccessKey: secrets.secretAccessKey,
    sessionToken: `${secrets.sessionToken}-generation-${issued.length}`,
  };
  issued.push(credentials);
  collector.addSecret(`session token ${issued.length}`, credentials.sessionToken);
  return credentials;
};

const server = setupServer(
  ...pool.handlers,
  http.post(`https://cognito-idp.${region}.amazonaws.com/`, async () => {
    count('InitiateAuth');
    await delay(refreshDelayMs);
    const tokens = await pool.tokens({ username: 'stampede' });
    lastToken = tokens.accessToken;
    collector.addSecret('refreshed access token', tokens.accessToken);
    return HttpResponse.json({
      AuthenticationResult: { AccessToken: tokens.accessToken, IdToken: tokens.idToken, ExpiresIn: 3600 },
    });
  }),
  http.get(`${issuer.issuer}/.well-known/openid-configuration`, () =>
    HttpResponse.json({ issuer: issuer.issuer, token_endpoint: `${issuer.issuer}/token` }),
  ),
  http.post(`${issuer.issuer}/token`, async () => {
    count('token endpoint');
    await delay(refreshDelayMs);
    const token = await issuer.sign({ sub: 'service', client_id: 'stampede' });
    lastToken = `Bearer ${token}`;
    collector.addSecret('OIDC access token', token);
    return HttpResponse.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
  }),
  http.post(`https://cognito-identity.${region}.amazonaws.com/`, async ({ request }) => {
    const operation = (request.headers.get('x-amz-target') ?? '').split('.').at(-1) ?? '';
    count(operation);
    await delay(refreshDelayMs / 2);
    const IdentityId = `${region}:11111111-2222-3333-4444-555555555555`;
    if (operation === 'GetId') return HttpResponse.json({ IdentityId });
    const credentials = issue();
    return HttpResponse.json({
      IdentityId,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: Math.floor(Date.now() / 1000) + 3600,
      },
    });
  }),
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

interface Scenario {
  readonly name: string;
  /** The remote calls that refresh, by the names the handlers count them under, and how many each. */
  readonly refreshes: Readonly<Record<string, number>>;
  /** Builds the client and brings its cache to the point where every request needs the refresh. */
  prepare(): Promise<ConfiguredApis>;
  /** What every request must carry once the refresh is done. */
  fresh(): string;
}

const installed = (endpoint: string) => {
  apiEndpoint = endpoint;
  return endpoint;
};
let lastToken = '';
const lastCredentials = () => {
  const credentials = issued.at(-1) as IamCredentials;
  return `${credentials.accessKeyId} ${credentials.sessionToken}`;
};

const scenarios: Scenario[] = [
  {
    name: 'Cognito tokens that expired (userPoolSession, InitiateAuth)',
    refreshes: { InitiateAuth: 1 },
    fresh: () => lastToken,
    async prepare() {
      const endpoint = installed(api('stampedeUp'));
      const expired = await pool.tokens({ username: 'stampede', expiresIn: -60 });
      const session = userPoolSession({
        userPoolId: pool.poolId,
        clientId: pool.clientId,
        tokens: { ...expired, refreshToken: secrets.refreshToken },
      });
      const apis = fromConfig(
        gen2Config(
          { api: { endpoint: endpoint, authorizationType: 'AMAZON_COGNITO_USER_POOLS' } },
          { userPoolId: pool.poolId, userPoolClientId: pool.clientId },
        ),
        { authorizers: { AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }) } },
      );
      return apis;
    },
  },
  {
    name: 'no OIDC token yet (oidcClient, client_credentials)',
    refreshes: { 'token endpoint': 1 },
    fresh: () => lastToken,
    async prepare() {
      const endpoint = installed(api('stampedeOidc'));
      const client = oidcClient({
        issuer: issuer.issuer,
        clientId: 'stampede',
        clientSecret: secrets.clientSecret,
        now: clock.now,
      });
      const apis = fromConfig(
        gen2Config({ api: { endpoint: endpoint, authorizationType: 'OPENID_CONNECT' } }),
        {
          authorizers: {
            OPENID_CONNECT: oidcAuthorizer({
              getLatestAuthToken: client.getLatestAuthToken,
              scheme: 'Bearer',
              now: clock.now,
            }),
          },
        },
      );
      return apis;
    },
  },
  {
    name: "an app's token function (caching as fetchAuthSession does) whose JWT expired",
    refreshes: { 'token function': 1 },
    fresh: () => lastToken,
    async prepare() {
      const endpoint = installed(api('stampedeFn'));
      // ky-auth asks the app's function on every request (latestTokenSource); the function keeps its JWT
      // until it expires and mints one at a time, as an app's session library does.
      let held: { token: Promise<string>; expiresAt: number } | undefined;
      const mint = async () => {
        count('token function');
        await delay(refreshDelayMs);
        const token = await issuer.sign({ sub: 'user' }, { expiresIn: 600 });
        lastToken = token;
        collector.addSecret('token function JWT', token);
        return token;
      };
      const getLatestAuthToken = ({ forceRefresh }: { forceRefresh: boolean }) => {
        if (forceRefresh || held === undefined || clock.now() >= held.expiresAt) {
          const minting = { token: mint(), expiresAt: Number.POSITIVE_INFINITY };
          held = minting;
          minting.token
            .then(() => (minting.expiresAt = clock.now() + 600_000))
            .catch(() => (held = undefined));
        }
        return held.token;
      };
      const apis = fromConfig(
        gen2Config({ api: { endpoint: endpoint, authorizationType: 'OPENID_CONNECT' } }),
        { authorizers: { OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken, now: clock.now }) } },
      );
      // One request caches a token; then the clock passes its expiry.
      await apis.client('api', ky2.create({ fetch: apiFetch })).get('warm-up');
      counts.delete('token function');
      clock.advance(601_000);
      return apis;
    },
  },
  {
    name: "a credentials provider's credentials about to expire",
    refreshes: { 'credentials provider': 1 },
    fresh: lastCredentials,
    async prepare() {
      const endpoint = installed(api('stampedeCreds'));
      let lifetimeMs = 200;
      const provider = async () => {
        count('credentials provider');
        await delay(refreshDelayMs);
        const credentials = { ...issue(), expiration: new Date(Date.now() + lifetimeMs) };
        lifetimeMs = 3600_000;
        return credentials;
      };
      const apis = fromConfig(gen2Config({ api: { endpoint: endpoint, authorizationType: 'AWS_IAM' } }), {
        authorizers: { AWS_IAM: iamAuthorizer({ credentials: provider }) },
      });
      // The first credentials live 200 ms: they are due for refresh by the time the stampede starts.
      await apis.client('api', ky2.create({ fetch: apiFetch })).get('warm-up');
      counts.delete('credentials provider');
      await delay(120);
      return apis;
    },
  },
  {
    name: 'no identity-pool credentials yet (fromCognitoIdentityPool)',
    refreshes: { GetId: 1, GetCredentialsForIdentity: 1 },
    fresh: lastCredentials,
    async prepare() {
      const endpoint = installed(api('stampedeIdp'));
      const apis = fromConfig(
        gen2Config({ api: { endpoint: endpoint, authorizationType: 'AWS_IAM' } }, { identityPoolId }),
        { authorizers: { AWS_IAM: iamAuthorizer() } },
      );
      return apis;
    },
  },
];

const refreshCounts = (scenario: Scenario) =>
  Object.fromEntries(Object.keys(scenario.refreshes).map((name) => [name, counts.get(name) ?? 0]));

/**
 * Half the requests through ky 1, half through ky 2, all on one configuration's caches: fromConfig's
 * options are for one ky major, so each major gets options of its own over the same interceptors.
 * Each client sends `get(path)` to the API's endpoint.
 */
const clientsOf = (apis: ConfiguredApis) => {
  const { endpoint } = getApi(apis.config, 'api');
  return kys.map(({ base, install }) => {
    const client = base.create({
      ...install(apis.interceptors('api'), { endpoint, apiName: 'api', fetch: apiFetch }),
    });
    return {
      get: (path: string, options: { retry: 0; signal?: AbortSignal }) =>
        client.get(new URL(path, endpoint), options),
    };
  });
};

/** Starts the refreshes afresh: the counts, and what the API saw. */
const reset = (scenario: Scenario) => {
  for (const name of Object.keys(scenario.refreshes)) counts.delete(name);
  seen.length = 0;
};

describe.each(scenarios)('$name', (scenario) => {
  it(`${concurrency} concurrent requests (ky 1 and 2) cause one refresh, and all carry its result`, async () => {
    const apis = await scenario.prepare();
    reset(scenario);
    const clients = clientsOf(apis);

    const responses = await Promise.all(
      Array.from({ length: concurrency }, (_, index) =>
        (clients[index % 2] as (typeof clients)[number]).get(`items/${index}`, { retry: 0 }),
      ),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(refreshCounts(scenario)).toEqual(scenario.refreshes);
    expect(seen).toHaveLength(concurrency);
    expect(new Set(seen)).toEqual(new Set([scenario.fresh()]));
  });

  it('requests aborted while waiting reject at once with their reason; the refresh goes on for the rest', async () => {
    const apis = await scenario.prepare();
    reset(scenario);
    const clients = clientsOf(apis);

    const controllers = Array.from({ length: aborting }, () => new AbortController());
    const aborted = new Set(controllers.filter((_, index) => index % 4 === 0));
    const settled = controllers.map((controller, index) =>
      (clients[index % 2] as (typeof clients)[number])
        .get(`items/${index}`, { retry: 0, signal: controller.signal })
        .then(
          (response) => ({ ok: true as const, status: response.status, at: performance.now() }),
          (error: unknown) => ({ ok: false as const, error, at: performance.now() }),
        ),
    );
    await delay(refreshDelayMs / 3);
    const abortedAt = performance.now();
    for (const controller of aborted)
      controller.abort(new Error(`gave up ${controllers.indexOf(controller)}`));
    const outcomes = await Promise.all(settled);

    outcomes.forEach((outcome, index) => {
      const controller = controllers[index] as AbortController;
      if (aborted.has(controller)) {
        expect(outcome.ok ? undefined : outcome.error).toBe(controller.signal.reason);
        // At once: well before the refresh it was waiting for could have ended.
        expect(outcome.at - abortedAt).toBeLessThan(refreshDelayMs / 2);
      } else {
        expect(outcome).toMatchObject({ ok: true, status: 200 });
      }
    });
    expect(refreshCounts(scenario)).toEqual(scenario.refreshes);
    expect(seen).toHaveLength(aborting - aborted.size);
    expect(new Set(seen)).toEqual(new Set([scenario.fresh()]));
    for (const outcome of outcomes) if (!outcome.ok) collector.collect(outcome.error);
  });
});

it('leaks no secret in anything thrown or logged', () => {
  expect(collector.size).toBeGreaterThan(4 * aborting);
  expect(collector.leaks()).toEqual([]);
});
