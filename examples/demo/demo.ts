// `pnpm demo`: one API per authorization type, from examples/demo/amplifyconfiguration.json, served on
// 127.0.0.1 by the API Gateway stand-in with real token servers (cognito-local, oidc-provider), called
// through ky-auth; prints what was sent and which recoveries ran, and exits 1 if any row is wrong.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer, userPoolSession } from '@ky-auth/cognito-token';
import { type ConfiguredApis, fromConfig } from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer, oidcClient } from '@ky-auth/oidc-token';
import type { EchoBody, GatewayCall } from '@ky-auth/testing';
import { lambdaAuthorizer } from '@ky-auth/token';
import ky from 'ky';
import {
  type ApiName,
  awsClockAheadMs,
  type StandIns,
  startStandIns,
  user,
  userPoolTokenSeconds,
} from './stand-ins.ts';
import { type Row, renderTable } from './table.ts';

/** The sample configuration, with the ports and pool IDs known only once the stand-ins run. */
function loadConfig(standIns: StandIns): unknown {
  const template = readFileSync(new URL('./amplifyconfiguration.json', import.meta.url), 'utf8');
  return JSON.parse(
    template
      .replaceAll('{{gatewayPort}}', String(standIns.gatewayPort))
      .replaceAll('{{userPoolId}}', standIns.cognito.userPoolId)
      .replaceAll('{{userPoolClientId}}', standIns.cognito.clientId),
  );
}

/** The partner token as an app keeps it: read once, and read again when the API rejected it (forceRefresh). */
function heldToken(read: () => string): (request: { readonly forceRefresh: boolean }) => string {
  let held: string | undefined;
  return ({ forceRefresh }) => {
    if (forceRefresh || held === undefined) held = read();
    return held;
  };
}

/** The ky-auth side: what an app writes, given the configuration and where its token servers are. */
async function configure(standIns: StandIns): Promise<ConfiguredApis> {
  const session = userPoolSession({
    userPoolId: standIns.cognito.userPoolId,
    clientId: standIns.cognito.clientId,
    region: 'us-east-1',
    endpoint: standIns.cognito.endpoint,
  });
  await session.signIn(user);
  const partnerLogin = oidcClient({
    issuer: standIns.oidc.issuer,
    clientId: standIns.oidc.service.clientId,
    clientSecret: standIns.oidc.service.clientSecret,
    scope: standIns.oidc.scope,
    resource: standIns.oidc.resource,
  });
  return fromConfig(loadConfig(standIns), {
    authorizers: {
      AWS_IAM: iamAuthorizer({ identityPoolEndpoint: standIns.identityEndpoint }),
      API_KEY: apiKeyAuthorizer(),
      AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: session }),
      OPENID_CONNECT: oidcAuthorizer({
        getLatestAuthToken: partnerLogin.getLatestAuthToken,
        scheme: 'Bearer',
      }),
      AWS_LAMBDA: lambdaAuthorizer({ getToken: heldToken(standIns.ledgerTokens.current) }),
    },
  });
}

/** One API's scenario: the calls, then what the gateway saw of them. */
interface Scenario {
  readonly name: ApiName;
  /** The authorization headers the API must receive. */
  readonly sends: readonly string[];
  /** Makes the calls; returns the echo of the last one. */
  run(apis: ConfiguredApis, standIns: StandIns): Promise<EchoBody>;
  /** The recoveries the gateway's record shows, or the problem when it does not show them. */
  recoveries(calls: readonly GatewayCall[]): {
    readonly seen: readonly string[];
    readonly problems: readonly string[];
  };
}

const accepted = (calls: readonly GatewayCall[]) => calls.filter((call) => call.outcome === 'accepted');
const claim = (call: GatewayCall | undefined, name: string): unknown =>
  call?.principal !== null && call?.principal !== undefined && 'claims' in call.principal
    ? call.principal.claims[name]
    : undefined;

const scenarios: readonly Scenario[] = [
  {
    name: 'ordersApi',
    sends: ['authorization', 'x-amz-date', 'x-amz-security-token'],
    run: (apis) => apis.client('ordersApi').get('orders/recent').json<EchoBody>(),
    recoveries(calls) {
      const [first, second] = calls;
      const skewed = first?.status === 403 && /expired|not yet current/i.test(first.reason ?? '');
      return skewed && second?.outcome === 'accepted'
        ? {
            seen: [`clock skew (server +${awsClockAheadMs / 60_000} min): 403, re-signed, 200`],
            problems: [],
          }
        : { seen: [], problems: ['no clock-skew rejection followed by a re-signed request'] };
    },
  },
  {
    name: 'catalogApi',
    sends: ['x-api-key'],
    run: (apis) => apis.client('catalogApi').get('items').json<EchoBody>(),
    recoveries: (calls) => ({
      seen: [],
      problems:
        calls.length === 1 && calls[0]?.principal?.type === 'apiKey' ? [] : ['not a single accepted call'],
    }),
  },
  {
    name: 'profileApi',
    sends: ['authorization'],
    async run(apis) {
      const profile = apis.client('profileApi');
      await profile.get('me').json();
      await sleep(userPoolTokenSeconds * 1000 + 300);
      return profile.get('me').json<EchoBody>();
    },
    recoveries(calls) {
      const [first, second] = accepted(calls);
      const refreshed = calls.length === 2 && Number(claim(second, 'exp')) > Number(claim(first, 'exp'));
      return refreshed
        ? { seen: [`token expired (${userPoolTokenSeconds} s life): refreshed, 200`], problems: [] }
        : { seen: [], problems: ['the second call did not carry a newer token'] };
    },
  },
  {
    name: 'partnerApi',
    sends: ['authorization'],
    async run(apis, standIns) {
      const partner = apis.client('partnerApi');
      await partner.get('reports').json();
      const first = standIns.gateways.partnerApi.calls[0];
      standIns.revokePartnerToken(String(claim(first, 'jti')));
      return partner.get('reports').json<EchoBody>();
    },
    recoveries(calls) {
      const statuses = calls.map((call) => call.status).join(',');
      const renewed = claim(calls[2], 'jti') !== claim(calls[0], 'jti');
      return statuses === '200,401,200' && renewed
        ? { seen: ['token revoked: 401, new token, 200'], problems: [] }
        : { seen: [], problems: [`expected 200,401,200 with a new token, saw ${statuses}`] };
    },
  },
  {
    name: 'ledgerApi',
    sends: ['authorization'],
    async run(apis, standIns) {
      const ledger = apis.client('ledgerApi');
      await ledger.get('entries').json();
      standIns.ledgerTokens.rotate();
      return ledger.get('entries').json<EchoBody>();
    },
    recoveries(calls) {
      const statuses = calls.map((call) => call.status).join(',');
      return statuses === '200,401,200'
        ? { seen: ['token rotated: 401, new token, 200'], problems: [] }
        : { seen: [], problems: [`expected 200,401,200, saw ${statuses}`] };
    },
  },
  {
    name: 'statusApi',
    sends: [],
    run: (apis) => apis.client('statusApi').get('health').json<EchoBody>(),
    recoveries: (calls) => ({
      seen: [],
      problems:
        calls.length === 1 && calls[0]?.principal === null ? [] : ['not a single call without authorizer'],
    }),
  },
];

/** Header names that carry authorization, whatever the interceptor. */
const authorizationHeaders = [
  'authorization',
  'x-api-key',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
];

/** Runs one scenario, then sends one request to another origin through the same API's hooks. */
async function runScenario(scenario: Scenario, apis: ConfiguredApis, standIns: StandIns): Promise<Row> {
  const api = apis.config.apis.get(scenario.name);
  const declared = new Set([
    ...authorizationHeaders,
    ...apis.interceptors(scenario.name).flatMap((interceptor) => interceptor.headerNames ?? []),
  ]);
  const problems: string[] = [];
  let echo: EchoBody | undefined;
  let status: number | string;
  try {
    echo = await scenario.run(apis, standIns);
    status = standIns.gateways[scenario.name].calls.at(-1)?.status ?? 'none';
  } catch (error) {
    status = error instanceof Error ? error.name : 'error';
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const sent = Object.keys(echo?.headers ?? {})
    .filter((name) => declared.has(name))
    .sort();
  const { seen, problems: missing } = scenario.recoveries(standIns.gateways[scenario.name].calls);
  problems.push(...missing);
  if (status !== 200) problems.push(`status ${status}`);

  const recoveries = [...seen];
  if (api?.authorizationType !== 'NONE') {
    const before = standIns.foreign.received.length;
    const elsewhere = ky.create({ hooks: apis.hooks(scenario.name), retry: 0 });
    try {
      await elsewhere.get(`${standIns.foreign.origin}/collect`);
      const arrived = standIns.foreign.received[before];
      const leaked = Object.keys(arrived ?? {}).filter((name) => declared.has(name));
      if (arrived === undefined) problems.push('the request to another origin did not arrive');
      else if (leaked.length > 0) problems.push(`sent ${leaked.join(', ')} to another origin`);
      else recoveries.push('another origin: credentials withheld');
    } catch (error) {
      problems.push(
        `the request to another origin failed: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  if (sent.join() !== scenario.sends.join()) {
    problems.push(
      `the API received ${sent.join(', ') || 'no authorization header'}, expected ${scenario.sends.join(', ') || 'none'}`,
    );
  }
  return {
    api: scenario.name,
    authorization: api?.authorizationType ?? '?',
    sent,
    status,
    recoveries,
    problems,
  };
}

/**
 * One rejection ky-auth explains: the orders API called with a configuration whose `region` is not the
 * API's. API Gateway refuses the signature's scope; the HTTPError the app catches says why.
 */
async function diagnosedRow(standIns: StandIns): Promise<Row> {
  const config = loadConfig(standIns) as {
    api: { plugins: { awsAPIPlugin: Record<string, { region: string; endpoint: string }> } };
  };
  const { ordersApi } = config.api.plugins.awsAPIPlugin;
  config.api.plugins.awsAPIPlugin = { ordersApi: { ...ordersApi!, region: 'eu-west-1' } };
  let sent: string[] = [];
  // What left for the API, seen on the way out: the error ky throws keeps no credential header.
  const watchingFetch: typeof globalThis.fetch = (input, init) => {
    if (input instanceof Request && input.url.startsWith(ordersApi!.endpoint)) {
      sent = [...input.headers.keys()].filter((name) => authorizationHeaders.includes(name)).sort();
    }
    return globalThis.fetch(input, init);
  };
  const apis = fromConfig(config, {
    authorizers: { AWS_IAM: iamAuthorizer({ identityPoolEndpoint: standIns.identityEndpoint }) },
    fetch: watchingFetch,
  });
  const problems: string[] = [];
  let status: number | string = 'none';
  let why = '';
  try {
    await apis.client('ordersApi').get('orders/recent');
    problems.push('the API accepted a signature scoped to the wrong region');
  } catch (error) {
    const { response } = error as { response?: Response };
    status = response?.status ?? (error instanceof Error ? error.name : 'error');
    why = error instanceof Error ? (error.message.split('\nky-auth: ')[1] ?? '') : '';
  }
  if (!why.includes("signed for the region 'eu-west-1'")) problems.push('the error did not say why');
  // The explanation, a few words a line, as the table shows recoveries.
  const lines = `explained: ${why}`.match(/\S(?:.{0,44}\S)?(?=\s|$)/g) ?? [];
  return {
    api: 'ordersApi',
    authorization: 'AWS_IAM in eu-west-1',
    sent,
    status,
    recoveries: lines.map((line, index) => (index === 0 ? line : `  ${line}`)),
    problems,
  };
}

export async function main(): Promise<number> {
  const started = Date.now();
  const standIns = await startStandIns();
  const stop = () => {
    void standIns.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const apis = await configure(standIns);
    const rows: Row[] = [];
    for (const scenario of scenarios) rows.push(await runScenario(scenario, apis, standIns));
    rows.push(await diagnosedRow(standIns));
    console.log(
      `ky-auth demo: ${scenarios.length} APIs from examples/demo/amplifyconfiguration.json on http://127.0.0.1:${standIns.gatewayPort}` +
        ` (user pool: cognito-local, OpenID provider: oidc-provider)\n`,
    );
    console.log(renderTable(rows));
    const failed = rows.filter((row) => row.problems.length > 0).length;
    console.log(
      `\n${failed === 0 ? 'All rows as expected' : `${failed} row(s) wrong`} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await standIns.close();
  }
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('The demo could not run:', error);
      process.exit(1);
    },
  );
}
