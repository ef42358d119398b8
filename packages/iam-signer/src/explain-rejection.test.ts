import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthHooksOptions, authHooks, createClock } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { apiGateway, gatewayIamAuthorizer } from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { setupServer } from 'msw/node';
import { iamSigner } from './iam-signer.ts';
import type { AwsCredentials, IamSignerOptions } from './types.ts';

// What a caller catches when API Gateway (the emulator, answering as production does) refuses a request
// iamSigner signed: ky's HTTPError, its message ending with why.

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const credentials = {
  accessKeyId: 'AKIDEXPLAINTEST1',
  secretAccessKey: 'explain-secret-key-do-not-leak/0123456789',
  sessionToken: 'explain-session-token-do-not-leak',
};
const expiredCredentials = {
  accessKeyId: 'AKIDEXPIREDTEST1',
  secretAccessKey: 'expired-secret-key-do-not-leak',
  sessionToken: 'expired-session-token-do-not-leak',
};

let gatewayTime: () => number = Date.now;
const gateway = apiGateway({
  endpoint,
  clock: { now: () => gatewayTime() },
  authorizer: gatewayIamAuthorizer({
    credentials: [credentials, { ...expiredCredentials, expiration: new Date(Date.now() - 60_000) }],
    region: 'us-east-1',
  }),
  routes: [{ path: '/{proxy+}' }],
});
// An API whose only resource is /items, for requests to resources that do not exist.
const itemsOnly = apiGateway({
  endpoint: 'https://def456.execute-api.us-east-1.amazonaws.com/prod',
  authorizer: gatewayIamAuthorizer({ credentials: [credentials], region: 'us-east-1' }),
  routes: [{ path: '/items' }],
});
// The same API behind a custom domain, which names no region: the signer's options decide the scope.
const customDomain = apiGateway({
  endpoint: 'https://api.example.com/prod',
  authorizer: gatewayIamAuthorizer({ credentials: [credentials], region: 'us-east-1' }),
  routes: [{ path: '/{proxy+}' }],
});
const server = setupServer(...gateway.handlers, ...itemsOnly.handlers, ...customDomain.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  gatewayTime = Date.now;
  gateway.reset();
});
afterAll(() => server.close());

/** Every Authorization header the tampering fetch saw: their signatures must not leak. */
const sentAuthorizations: string[] = [];

/** A layer between ky-auth and the API (a proxy, a fetch wrapper) that changes the signed request. */
type Tamper = (request: Request) => Request;

// The layer's fetch: ky 1's goes in authOptions' options.fetch, ky 2's is the client's own fetch option.
const majors = [
  {
    major: 1,
    client: (auth: Partial<AuthOptions>, prefix = endpoint) =>
      ky1.create({ prefixUrl: prefix, ...auth, retry: 0 }),
    auth: (
      signer: IamSignerOptions,
      fetch: typeof globalThis.fetch,
      options?: AuthHooksOptions,
    ): Partial<AuthOptions> =>
      authOptions([iamSigner(signer)], {
        ...options,
        endpoint: options?.endpoint ?? [endpoint, itemsOnly.endpoint, customDomain.endpoint],
        fetch,
      }),
  },
  {
    major: 2,
    client: (auth: Partial<AuthOptions>, prefix = endpoint) => ky2.create({ prefix, ...auth, retry: 0 }),
    auth: (
      signer: IamSignerOptions,
      fetch: typeof globalThis.fetch,
      options?: AuthHooksOptions,
    ): Partial<AuthOptions> => ({
      hooks: authHooks([iamSigner(signer)], {
        ...options,
        endpoint: options?.endpoint ?? [endpoint, itemsOnly.endpoint, customDomain.endpoint],
      }),
      fetch,
    }),
  },
] as const;

type Major = (typeof majors)[number];

function secretsIn(error: unknown): string[] {
  const seen: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    seen.push(current.message, current.stack ?? '');
    current = current.cause;
  }
  // ky's HTTPError carries ky's request, which ky-auth never signs (it signs a copy): its headers are
  // inspected too. Its options, the response and (ky 2) the body API Gateway answered, which quotes
  // x-amz-security-token, are ky's, not ky-auth's: everything else about the error is inspected.
  const {
    request,
    options: _options,
    response: _response,
    data: _data,
    ...own
  } = error as Record<string, unknown>;
  seen.push(inspect(own, { depth: 6 }), JSON.stringify(own));
  if (request instanceof Request)
    seen.push(...[...request.headers].map(([name, value]) => `${name}: ${value}`));
  const text = seen.join('\n');
  const secrets = [
    credentials.secretAccessKey,
    credentials.sessionToken,
    expiredCredentials.secretAccessKey,
    expiredCredentials.sessionToken,
    ...sentAuthorizations.map((value) => /Signature=([0-9a-f]+)/.exec(value)![1]!),
  ];
  return secrets.filter((secret) => text.includes(secret));
}

/** The message of the error a call fails with, after checking it is ky's HTTPError with no secret in it. */
async function caught(
  { client, auth }: Major,
  path: string,
  signer: IamSignerOptions,
  options: {
    tamper?: Tamper;
    hooks?: AuthHooksOptions;
    json?: unknown;
    headers?: Record<string, string>;
    prefix?: string;
  } = {},
): Promise<{ status: number; message: string }> {
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    sentAuthorizations.push(request.headers.get('authorization') ?? '');
    return globalThis.fetch(options.tamper ? options.tamper(request) : request);
  };
  const api = client(auth(signer, fetch, options.hooks), options.prefix);
  try {
    await api.post(path, {
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
  } catch (error) {
    expect((error as Error).name).toBe('HTTPError');
    expect(secretsIn(error)).toEqual([]);
    return { status: (error as { response: Response }).response.status, message: (error as Error).message };
  }
  throw new Error('the request succeeded');
}

describe.each(majors)('through ky $major, a refused signature says why', (major) => {
  it('names the canonical URI API Gateway expected when the path was re-encoded after signing', async () => {
    const { status, message } = await caught(
      major,
      'a*',
      { credentials },
      {
        tamper: (request) => new Request(request.url.replace('/a*', '/a%2A'), request),
      },
    );
    expect(status).toBe(403);
    expect(message).toContain(
      "the canonical URI differs: API Gateway expected '/prod/a%252A', ky-auth signed '/prod/a%2A'",
    );
  });

  it('names a header whose value changed after signing, with both values', async () => {
    const { message } = await caught(
      major,
      'items',
      { credentials },
      {
        headers: { 'x-trace': 'original' },
        tamper: (request) => {
          const headers = new Headers(request.headers);
          headers.set('x-trace', 'rewritten');
          return new Request(request, { headers });
        },
      },
    );
    expect(message).toContain(
      "the value of the header 'x-trace' differs: API Gateway received 'rewritten', ky-auth signed 'original'",
    );
  });

  it('names the signed-header lists when the Authorization header was rewritten', async () => {
    const { message } = await caught(
      major,
      'items',
      { credentials },
      {
        headers: { 'x-trace': 'original' },
        tamper: (request) => {
          const headers = new Headers(request.headers);
          headers.set('authorization', headers.get('authorization')!.replace(';x-trace', ''));
          return new Request(request, { headers });
        },
      },
    );
    expect(message).toContain(
      "the signed-header list differs: API Gateway read 'host;x-amz-date;x-amz-security-token', ky-auth signed 'host;x-amz-date;x-amz-security-token;x-trace'",
    );
  });

  it('says the payload hash differs when the body changed after signing', async () => {
    const { message } = await caught(
      major,
      'items',
      { credentials },
      {
        json: { quantity: 1 },
        tamper: (request) => new Request(request, { body: '{"quantity":2}' }),
      },
    );
    expect(message).toContain(
      'the payload hash differs: the body API Gateway received is not the body ky-auth signed',
    );
  });

  it('says the secret key is wrong when the canonical requests are the same', async () => {
    const { message } = await caught(major, 'items', {
      credentials: { ...credentials, secretAccessKey: 'not-the-right-secret-key' },
    });
    expect(message).toContain('the canonical request ky-auth signed is exactly the one API Gateway computed');
    expect(message).toContain('the secret access key does not belong to the access key id');
    expect(message).toContain('the static `credentials` given to iamSigner');
    expect(message).not.toContain('not-the-right-secret-key');
  });

  it("is not refused for a region or service option that contradicts the host: the host's win", async () => {
    const fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init);
    const api = major.client(major.auth({ credentials, region: 'eu-west-1', service: 'lambda' }, fetch));
    expect(await api.post('items').json()).toMatchObject({ method: 'POST' });
    expect(gateway.count({ outcome: 'accepted' })).toBe(1);
  });

  it('names the region option of a custom domain API Gateway refused, and where to set it', async () => {
    const { status, message } = await caught(
      major,
      'items',
      { credentials, region: 'eu-west-1' },
      { prefix: customDomain.endpoint },
    );
    expect(status).toBe(403);
    expect(message).toContain("signed for the region 'eu-west-1', but the API is in another region");
    expect(message).toContain("The region option says 'eu-west-1'");
  });

  it('names the service a custom domain API expects', async () => {
    const { message } = await caught(
      major,
      'items',
      { credentials, region: 'us-east-1', service: 'lambda' },
      { prefix: customDomain.endpoint },
    );
    expect(message).toContain("signed for the service 'lambda', and the API expects 'execute-api'");
    expect(message).toContain("iamSigner({ service: 'execute-api' })");
  });

  it('says the clock is off, and that the one retry after learning the offset was refused too', async () => {
    // The client's clock is two hours behind; the gateway's moves an hour on with every request, so the
    // re-signed retry (sent at the offset the first answer taught) is refused as well.
    gatewayTime = () => Date.now() + gateway.calls.length * 3_600_000;
    const { message } = await caught(
      major,
      'items',
      { credentials },
      {
        hooks: { clock: createClock(() => Date.now() - 7_200_000) },
      },
    );
    expect(gateway.count({ outcome: 'rejected' })).toBe(2);
    expect(message).toContain(
      "refused the signature's time (\"Signature expired\"): this device's clock is more than 5 minutes behind the API's",
    );
    expect(message).toContain('retried once, re-signed, and that retry was refused too');
  });

  it('says which source gave credentials AWS does not recognise', async () => {
    const unknown: AwsCredentials = { accessKeyId: 'AKIDUNKNOWN00001', secretAccessKey: 'unknown-secret' };
    const { message } = await caught(major, 'items', {
      credentials: async function fromVault() {
        return unknown;
      },
    });
    expect(message).toContain('AWS does not recognise the credentials (UnrecognizedClientException)');
    expect(message).toContain('They came from the credentials provider `fromVault`');
  });

  it('says the temporary credentials expired, and where they came from', async () => {
    const { message } = await caught(major, 'items', { credentials: expiredCredentials });
    expect(message).toContain('AWS refused the temporary credentials as expired (ExpiredTokenException)');
    expect(message).toContain('the static `credentials` given to iamSigner');
  });

  it('says a signed request to no resource means the path or stage does not exist', async () => {
    const api = major.client(major.auth({ credentials }, globalThis.fetch), itemsOnly.endpoint);
    const error = await api.get('itemz').catch((failure: unknown) => failure);
    expect((error as Error).name).toBe('HTTPError');
    expect((error as Error).message).toContain(
      'API Gateway answers "Missing Authentication Token" when no resource or stage matches the request, and this one was signed: nothing matches GET /prod/itemz',
    );
  });
});
