/**
 * A server calling APIs for many signed-in users through one client (a Next.js route handler, an Express
 * BFF): 50 users make 1,000 concurrent calls, each carrying its own user's credentials, logins or token
 * in ky's `context`. Independent servers check every call: the aws4 verifier recomputes each signature and
 * the user it names must be the caller's; a Cognito Identity stand-in hands each identity credentials of
 * its own. Through ky 2 and ky 1.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authHooks, createClock, type Interceptor, type NormalizedConfig } from '@ky-auth/core';
import * as ky1Entry from '@ky-auth/core/ky1';
import { type AwsCredentials, iamAuthorizer, iamSigner } from '@ky-auth/iam-signer';
import { jwt } from '@ky-auth/test-kit';
import {
  type KnownCredentials,
  type VerifyingServer,
  verifyingServer,
} from '@ky-auth/test-kit/aws4-verifier';
import { tokenInterceptor } from '@ky-auth/token';
import ky1 from 'ky1';
import ky2 from 'ky2';

const region = 'us-east-1';
const userCount = 50;
const callCount = 1_000;
const users = Array.from({ length: userCount }, (_, index) => `u${String(index).padStart(2, '0')}`);

type Get = (path: string, context: Record<string, unknown>) => Promise<Response>;

/**
 * One client for every user, through ky 2 or ky 1. The one place that knows ky 1's entry: `authOptions`
 * returning `{ hooks, fetch }` (on main), else the `authHooks` it replaces.
 */
const majors: readonly {
  readonly major: number;
  client(interceptors: Interceptor[], prefix: string): Get;
}[] = [
  {
    major: 2,
    client(interceptors, prefix) {
      const api = ky2.create({
        prefix,
        retry: 0,
        timeout: 60_000,
        hooks: authHooks(interceptors, { endpoint: prefix }),
      });
      return (path, context) => api.get(path, { context });
    },
  },
  {
    major: 1,
    client(interceptors, prefix) {
      const entry = ky1Entry as unknown as Record<string, (...args: unknown[]) => unknown>;
      const auth =
        typeof entry.authOptions === 'function'
          ? (entry.authOptions(interceptors, { endpoint: prefix }) as object)
          : { hooks: entry.authHooks!(interceptors, { endpoint: prefix }) };
      const api = ky1.create({ prefixUrl: prefix, retry: 0, timeout: 60_000, ...auth });
      return (path, context) => api.get(path, { context }) as unknown as Promise<Response>;
    },
  },
];

/** Call `i` is user `i mod 50`'s: 20 calls each, interleaved, all at once. */
const caller = (call: number) => users[call % userCount]!;

/** The access key id a received request was signed with. */
const signedBy = (authorization: string | undefined) => /Credential=([^/]+)\//.exec(authorization ?? '')?.[1];

describe.each(majors)('many users through one ky $major client', ({ client }) => {
  describe("with each call's credentials in its context", () => {
    const keys = new Map(
      users.map((user, index) => [
        user,
        {
          accessKeyId: `ASIAUSER${user.toUpperCase()}`,
          secretAccessKey: `secret-of-${user}-${index}`,
          sessionToken: `session-of-${user}`,
        },
      ]),
    );
    let api: VerifyingServer;
    beforeAll(async () => {
      api = await verifyingServer({ credentials: [...keys.values()], region, service: 'execute-api' });
    });
    afterAll(() => api.close());

    it("signs each of 1,000 concurrent calls with its own user's credentials, static or from a provider of theirs", async () => {
      // Half the users give their key pair, half a provider of their own (each called once, then cached).
      const providerCalls = new Map<string, number>();
      const providers = new Map(
        users.map((user) => [
          user,
          async (): Promise<AwsCredentials> => {
            providerCalls.set(user, (providerCalls.get(user) ?? 0) + 1);
            return { ...keys.get(user)!, expiration: new Date(Date.now() + 3_600_000) };
          },
        ]),
      );
      const credentialsOf = (user: string) =>
        Number(user.slice(1)) % 2 === 0 ? keys.get(user)! : providers.get(user)!;
      const get = client([iamSigner({ region, service: 'execute-api' })], `${api.origin}/prod/`);

      const responses = await Promise.all(
        Array.from({ length: callCount }, (_, call) =>
          get(`users/${caller(call)}/orders/${call}`, { credentials: credentialsOf(caller(call)) }),
        ),
      );

      expect(responses.map((response) => response.status)).toEqual(Array(callCount).fill(200));
      expect(api.received).toHaveLength(callCount);
      for (const { request, verdict } of api.received) {
        expect(verdict).toEqual({ ok: true });
        const user = /^\/prod\/users\/(u\d\d)\//.exec(request.target)?.[1];
        expect(signedBy(request.headers.authorization)).toBe(keys.get(user!)!.accessKeyId);
      }
      for (const user of users.filter((_, index) => index % 2 === 1)) expect(providerCalls.get(user)).toBe(1);
      api.received.length = 0;
    });

    it('fails a call that has no credentials, sending nothing', async () => {
      const get = client([iamSigner({ region, service: 'execute-api' })], `${api.origin}/prod/`);
      await expect(get('users/nobody', {})).rejects.toMatchObject({
        name: 'CredentialsError',
        code: 'ERR_CREDENTIALS_INVALID',
      });
      expect(api.received).toHaveLength(0);
    });
  });

  describe("with each call's logins for the identity pool (iamAuthorizer)", () => {
    const identityPoolId = `${region}:0a1b2c3d-1111-2222-3333-444455556666`;
    const provider = `cognito-idp.${region}.amazonaws.com/${region}_ManyUsers1`;
    /** Credentials the stand-in issued, by identity: the API verifier knows exactly these. */
    const issued: KnownCredentials[] = [];
    const operations: { operation: string; identityId: string }[] = [];
    let releaseFirstUser: () => void = () => {};
    const firstUserReleased = new Promise<void>((resolve) => {
      releaseFirstUser = resolve;
    });
    let cognito: Server;
    let cognitoOrigin: string;
    let api: VerifyingServer;
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      for (const user of users) tokens.set(user, await jwt(3_600, Date.now(), { sub: `sub-${user}` }));
      api = await verifyingServer({ credentials: issued, region, service: 'execute-api' });
      // Cognito Identity as the service answers: an identity per `sub`, credentials of its own per identity.
      cognito = createServer(async (incoming, response) => {
        const body = JSON.parse(await text(incoming)) as {
          Logins?: Record<string, string>;
          IdentityId?: string;
        };
        const operation = String(incoming.headers['x-amz-target']).split('.')[1]!;
        const sub = JSON.parse(
          Buffer.from(body.Logins![provider]!.split('.')[1]!, 'base64url').toString(),
        ).sub;
        const identityId = `${region}:${sub}`;
        operations.push({ operation, identityId });
        if (operation === 'GetCredentialsForIdentity') {
          const id = identityId
            .split(':')[1]!
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '');
          const credentials = {
            accessKeyId: `ASIA${id}`,
            secretAccessKey: `secret/${id}`,
            sessionToken: `token-${id}`,
          };
          issued.push(credentials);
          // The first user's identity answers last of all: no other user's call may wait for it.
          if (sub === 'sub-u00') await firstUserReleased;
          answer(response, {
            IdentityId: identityId,
            Credentials: {
              AccessKeyId: credentials.accessKeyId,
              SecretKey: credentials.secretAccessKey,
              SessionToken: credentials.sessionToken,
              Expiration: Math.floor(Date.now() / 1000) + 3_600,
            },
          });
        } else {
          answer(response, { IdentityId: identityId });
        }
      });
      await new Promise<void>((resolve) => cognito.listen(0, '127.0.0.1', resolve));
      cognitoOrigin = `http://127.0.0.1:${(cognito.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      await api.close();
      await new Promise((resolve) => cognito.close(resolve));
    });

    it("signs each call with its own user's identity-pool credentials, fetched once per user, none waiting on another's", async () => {
      const config: NormalizedConfig = {
        style: 'amplify_outputs',
        apis: new Map(),
        userPool: undefined,
        identityPool: { poolId: identityPoolId, region, path: 'auth.identity_pool_id' },
        defaultAuthMode: undefined,
        headers: undefined,
      };
      const endpoint = new URL(`${api.origin}/prod/`);
      const made = iamAuthorizer({ identityPoolEndpoint: cognitoOrigin })({
        api: {
          name: 'orders',
          endpoint,
          region,
          service: undefined,
          authorizationType: 'AWS_IAM',
          apiKey: undefined,
          headers: undefined,
          path: 'custom.API.orders',
        },
        config,
        clock: createClock(),
      });
      const signer = (Array.isArray(made) ? made[0] : made) as Interceptor;
      const get = client([signer], endpoint.href);

      const settled: string[] = [];
      const calls = Array.from({ length: callCount }, (_, call) => {
        const user = caller(call);
        return get(`users/${user}/orders/${call}`, { logins: { [provider]: tokens.get(user)! } }).then(
          (response) => {
            settled.push(user);
            // Every other user's calls are done while the first user's credentials are still held back.
            if (settled.length === callCount - callCount / userCount) releaseFirstUser();
            return response;
          },
        );
      });
      const responses = await Promise.all(calls);

      expect(responses.map((response) => response.status)).toEqual(Array(callCount).fill(200));
      expect(settled.slice(0, callCount - callCount / userCount)).not.toContain('u00');
      expect(api.received).toHaveLength(callCount);
      for (const { request, verdict } of api.received) {
        expect(verdict).toEqual({ ok: true });
        const user = /^\/prod\/users\/(u\d\d)\//.exec(request.target)?.[1] ?? '';
        expect(signedBy(request.headers.authorization)).toBe(`ASIASUB${user.toUpperCase()}`);
      }
      // One GetId and one GetCredentialsForIdentity per user, whatever the number of their calls.
      for (const operation of ['GetId', 'GetCredentialsForIdentity']) {
        const identities = operations
          .filter((entry) => entry.operation === operation)
          .map((entry) => entry.identityId);
        expect(identities.sort()).toEqual(users.map((user) => `${region}:sub-${user}`).sort());
      }
      api.received.length = 0;
      operations.length = 0;
      issued.length = 0;
    }, 60_000);
  });

  describe("with each call's token in its context", () => {
    let api: Server;
    let origin: string;
    const seen: { path: string; authorization: string | undefined }[] = [];
    beforeAll(async () => {
      api = createServer((incoming, response) => {
        seen.push({ path: incoming.url ?? '', authorization: incoming.headers.authorization });
        incoming.resume();
        answer(response, { ok: true });
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => api.close(resolve)));

    it("sends each of 1,000 concurrent calls with its own user's token, never asking the shared source", async () => {
      const shared = { asked: 0 };
      const interceptor = tokenInterceptor({
        name: 'session',
        scheme: 'Bearer',
        source: () => {
          shared.asked += 1;
          return 'shared-token';
        },
      });
      const get = client([interceptor], `${origin}/`);
      const responses = await Promise.all(
        Array.from({ length: callCount }, (_, call) =>
          get(`users/${caller(call)}/${call}`, { token: `token-of-${caller(call)}` }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(callCount).fill(200));
      expect(seen).toHaveLength(callCount);
      for (const { path, authorization } of seen) {
        expect(authorization).toBe(`Bearer token-of-${/^\/users\/(u\d\d)\//.exec(path)?.[1]}`);
      }
      expect(shared.asked).toBe(0);
      seen.length = 0;
    });
  });
});

async function text(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function answer(response: import('node:http').ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}
