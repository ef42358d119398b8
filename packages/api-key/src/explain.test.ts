import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { apiGateway, gatewayApiKeyAuthorizer, gatewayIamAuthorizer } from '@ky-auth/testing';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { setupServer } from 'msw/node';
import { apiKey } from './api-key.ts';

// What a caller catches when API Gateway (the emulator, answering as production does) refuses a request
// that carried an API key: ky's HTTPError, its message ending with why.

const keyed = apiGateway({
  endpoint: 'https://key123.execute-api.us-east-1.amazonaws.com/prod',
  authorizer: gatewayApiKeyAuthorizer({ keys: ['the-right-key'] }),
});
// An AWS_IAM API called with a key and no signature: API Gateway's "Missing Authentication Token".
const iamOnly = apiGateway({
  endpoint: 'https://iam123.execute-api.us-east-1.amazonaws.com/prod',
  authorizer: gatewayIamAuthorizer({ credentials: [], region: 'us-east-1' }),
});
const server = setupServer(...keyed.handlers, ...iamOnly.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const majors = [
  {
    major: 1,
    auth: (interceptor: Interceptor): Partial<AuthOptions> =>
      authOptions([interceptor], { endpoint: [keyed.endpoint, iamOnly.endpoint] }),
    client: (prefix: string, auth: Partial<AuthOptions>) =>
      ky1.create({ prefixUrl: prefix, ...auth, retry: 0 }),
  },
  {
    major: 2,
    auth: (interceptor: Interceptor): Partial<AuthOptions> => ({
      hooks: authHooks([interceptor], { endpoint: [keyed.endpoint, iamOnly.endpoint] }),
    }),
    client: (prefix: string, auth: Partial<AuthOptions>) => ky2.create({ prefix, ...auth, retry: 0 }),
  },
] as const;

describe.each(majors)('through ky $major, a refused API key says why', ({ auth, client }) => {
  it('a key API Gateway does not accept: the key, its usage plan, the stage', async () => {
    const api = client(keyed.endpoint, auth(apiKey('a-wrong-key')));
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    expect(error.message).toContain('Request failed with status code 403');
    expect(error.message).toContain(
      'ky-auth: API Gateway refused the API key in the "x-api-key" header (403 Forbidden): the key is not one of the API\'s, is disabled, or is not in a usage plan that includes this API and its stage "prod".',
    );
    expect(error.message).not.toContain('a-wrong-key');
  });

  it('an unsigned request to an IAM method: Missing Authentication Token, and nothing signed it', async () => {
    const api = client(iamOnly.endpoint, auth(apiKey('some-key')));
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    expect(error.message).toContain(
      'or when the method requires IAM authorization and the request is not signed, and no interceptor signed this one. If the method uses AWS_IAM, add iamSigner',
    );
  });

  it('a successful call is left alone', async () => {
    const api = client(keyed.endpoint, auth(apiKey('the-right-key')));
    expect((await api.get('items')).status).toBe(200);
  });
});
