import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthorizerFactory, defineAuthorizer, fromConfig } from '@ky-auth/core';
import { authOptions as authOptions1 } from '@ky-auth/core/ky1';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { customHeaders } from './custom-headers.ts';

const endpoint = 'https://xyz.execute-api.us-east-1.amazonaws.com/Development';

const received: Record<string, string>[] = [];
const server = setupServer(
  http.all(`${endpoint}/*`, ({ request }) => {
    received.push(Object.fromEntries(request.headers));
    return HttpResponse.json({});
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

/** Stands in for the SigV4 signer: records the headers it would sign. */
const signed: Record<string, string>[] = [];
const recordingSigner: AuthorizerFactory = defineAuthorizer('AWS_IAM', () => ({
  name: 'recording-signer',
  stage: 'sign',
  apply(request) {
    signed.push(Object.fromEntries(request.headers));
  },
}));

// One code path drives ky 1 and ky 2, typed as the root `ky`'s (2) instance.
type Base = KyInstance;

describe.each([
  { major: 1, base: ky1 as unknown as Base, authOptions: authOptions1 },
  { major: 2, base: ky2 as unknown as Base, authOptions: undefined },
])('custom headers from a configuration, through ky $major', ({ base, authOptions }) => {
  it("sends per-request over Gen1's per-endpoint custom_header over Gen2's global headers; with an Authorization from them, unsigned as in Amplify v5", async () => {
    const apiNames: (string | undefined)[] = [];
    const apis = fromConfig(
      {
        API: {
          endpoints: [
            {
              name: 'sampleCloudApi',
              endpoint,
              custom_header: async () => ({ Authorization: 'token', 'x-scope': 'endpoint' }),
            },
          ],
        },
      },
      {
        authOptions,
        customHeaders,
        authorizers: { AWS_IAM: recordingSigner },
        libraryOptions: {
          API: {
            REST: {
              headers: async ({ apiName }: { apiName: string | undefined }) => {
                apiNames.push(apiName);
                return { Authorization: 'global-token', 'x-scope': 'global', 'x-app': 'shop' };
              },
            },
          },
        },
      },
    );
    signed.length = 0;
    const api = apis.client('sampleCloudApi', base);
    await api.get('items');
    await api.get('items', { headers: { 'X-Scope': 'per-request' } });

    expect(received).toEqual([
      expect.objectContaining({ authorization: 'token', 'x-scope': 'endpoint', 'x-app': 'shop' }),
      expect.objectContaining({ authorization: 'token', 'x-scope': 'per-request', 'x-app': 'shop' }),
    ]);
    expect(signed).toEqual([]);
    expect(apiNames).toEqual(['sampleCloudApi', 'sampleCloudApi']);
  });
});
