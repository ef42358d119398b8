import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { fromConfig } from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import { oidcAuthorizer } from '@ky-auth/oidc-token';
import { secretCollector } from '@ky-auth/test-kit';
import { lambdaAuthorizer } from '@ky-auth/token';
import { HTTPError as Ky1HTTPError } from 'ky1';
import { HTTPError as Ky2HTTPError } from 'ky2';
import { type AuthOptionsOf, credentials, executeApi, gen2Config, kys, secrets } from './lib/fixtures.ts';

// An API that always refuses must not make a client loop. A 401 to a token it sent, or a clock-skew
// rejection of a signature, gets exactly one re-authorized retry per request; other refusals get none.
// The API is a fetch, in process: these tests count calls, not network behaviour. It is ky's `fetch` option
// for ky 2; ky 1's client sends through authOptions' fetch, which sends through the one fromConfig is given.

const collector = secretCollector(secrets);
const sequential = 20;
const concurrent = 50;

const amzDate = (time: number) => new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '');
const signedAt = (request: Request) =>
  Date.parse(
    (request.headers.get('x-amz-date') ?? '').replace(
      /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );

/** What the always-refusing API answers, per host. */
const refusals: Record<string, (request: Request) => Response> = {
  unauthorized: () =>
    Response.json(
      { message: 'Unauthorized' },
      { status: 401, headers: { 'x-amzn-ErrorType': 'UnauthorizedException' } },
    ),
  // API Gateway's words, quoting the request's own x-amz-date, from a server always an hour ahead of (or
  // behind) whatever time the request was signed at.
  expired: (request) => {
    const server = signedAt(request) + 3600_000;
    return Response.json(
      {
        message: `Signature expired: ${request.headers.get('x-amz-date')} is now earlier than ${amzDate(server - 300_000)} (${amzDate(server)} - 5 min.)`,
      },
      {
        status: 403,
        headers: { 'x-amzn-ErrorType': 'InvalidSignatureException', date: new Date(server).toUTCString() },
      },
    );
  },
  'not-yet-current': (request) => {
    const server = signedAt(request) - 3600_000;
    return Response.json(
      {
        message: `Signature not yet current: ${request.headers.get('x-amz-date')} is still later than ${amzDate(server + 300_000)} (${amzDate(server)} + 5 min.)`,
      },
      {
        status: 403,
        headers: { 'x-amzn-ErrorType': 'InvalidSignatureException', date: new Date(server).toUTCString() },
      },
    );
  },
  forbidden: () =>
    Response.json(
      { message: 'Forbidden' },
      { status: 403, headers: { 'x-amzn-ErrorType': 'ForbiddenException' } },
    ),
};

let calls = 0;
let answer: (request: Request) => Response = refusals.unauthorized!;
const alwaysRefusing = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  calls += 1;
  const request = new Request(input, init);
  await request.clone().arrayBuffer();
  return answer(request);
};

let tokenCalls = 0;
let tokenGeneration = 0;
const tokenFunction = ({ forceRefresh }: { forceRefresh: boolean }) => {
  tokenCalls += 1;
  if (forceRefresh || tokenGeneration === 0) tokenGeneration += 1;
  const token = `${secrets.opaqueToken}-${tokenGeneration}`;
  collector.addSecret(`token ${tokenGeneration}`, token);
  return token;
};

/** The APIs for one ky major: ky 1's clients need the options made by `authOptions` (none for ky 2). */
const apisFor = (authOptions: AuthOptionsOf) =>
  fromConfig(
    gen2Config({
      cognito: { endpoint: executeApi('loopsCog'), authorizationType: 'AMAZON_COGNITO_USER_POOLS' },
      oidc: { endpoint: executeApi('loopsOidc'), authorizationType: 'OPENID_CONNECT' },
      lambda: { endpoint: executeApi('loopsLam'), authorizationType: 'AWS_LAMBDA' },
      iam: { endpoint: executeApi('loopsIam'), authorizationType: 'AWS_IAM' },
      key: { endpoint: executeApi('loopsKey'), authorizationType: 'API_KEY', apiKey: secrets.apiKey },
    }),
    {
      authOptions,
      fetch: alwaysRefusing,
      authorizers: {
        AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens: tokenFunction }),
        OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: tokenFunction, scheme: 'Bearer' }),
        AWS_LAMBDA: lambdaAuthorizer({ getToken: tokenFunction }),
        AWS_IAM: iamAuthorizer({ credentials }),
        API_KEY: apiKeyAuthorizer(),
      },
    },
  );

let restoreConsole: () => void = () => undefined;
beforeAll(() => {
  restoreConsole = collector.captureConsole();
});
afterAll(() => restoreConsole());

const cases = [
  { api: 'cognito', refusal: 'unauthorized', perRequest: 2 },
  { api: 'oidc', refusal: 'unauthorized', perRequest: 2 },
  { api: 'lambda', refusal: 'unauthorized', perRequest: 2 },
  { api: 'iam', refusal: 'expired', perRequest: 2 },
  { api: 'iam', refusal: 'not-yet-current', perRequest: 2 },
  { api: 'iam', refusal: 'unauthorized', perRequest: 1 },
  { api: 'key', refusal: 'forbidden', perRequest: 1 },
  { api: 'key', refusal: 'unauthorized', perRequest: 1 },
] as const;

describe.each(kys)('through ky $major', ({ major, base, authOptions }) => {
  const HTTPError = major === 1 ? Ky1HTTPError : Ky2HTTPError;
  const apis = apisFor(authOptions);

  describe.each(cases)('$api API always answering $refusal', ({ api, refusal, perRequest }) => {
    const client = () => apis.client(api, base.create({ fetch: alwaysRefusing, retry: 0 }));
    const refused = async (request: Promise<unknown>) => {
      const error = await collector.rejection(request);
      expect(error).toBeInstanceOf(HTTPError);
      expect((error as InstanceType<typeof HTTPError>).response.status).toBe(
        refusal === 'unauthorized' ? 401 : 403,
      );
    };

    it(`${sequential} requests in a row: exactly ${perRequest} call(s) each`, async () => {
      answer = refusals[refusal]!;
      calls = 0;
      for (let index = 0; index < sequential; index++) await refused(client().get(`items/${index}`));
      expect(calls).toBe(sequential * perRequest);
    });

    it(`${concurrent} requests at once: exactly ${perRequest} call(s) each, and a bounded number of refreshes`, async () => {
      answer = refusals[refusal]!;
      calls = 0;
      tokenCalls = 0;
      const instance = client();
      await Promise.all(
        Array.from({ length: concurrent }, (_, index) => refused(instance.get(`items/${index}`))),
      );
      expect(calls).toBe(concurrent * perRequest);
      // Each 401 may force one refresh of its own stale token; never more than one per request.
      expect(tokenCalls).toBeLessThanOrEqual(concurrent + 1);
    });

    it('with ky retrying the refusal itself: still at most one re-authorized retry per call', async () => {
      answer = refusals[refusal]!;
      calls = 0;
      const retrying = apis.client(
        api,
        base.create({ fetch: alwaysRefusing, retry: { limit: 2, statusCodes: [401, 403], backoffLimit: 1 } }),
      );
      await refused(retrying.get('items'));
      // Three ky attempts, plus the one re-authorized retry when the refusal asks for it.
      expect(calls).toBe(3 + (perRequest - 1));
    });
  });
});

it('leaks no secret in anything thrown or logged', () => {
  expect(collector.size).toBeGreaterThan(100);
  expect(collector.leaks()).toEqual([]);
});
