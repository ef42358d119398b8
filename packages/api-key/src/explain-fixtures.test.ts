import { describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { replayGatewayErrors } from '@ky-auth/test-kit';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { apiKey } from './api-key.ts';

// API Gateway's answers as they appear in public documentation (fixtures/api-gateway-errors), replayed to
// a request that carried an API key: the message the caller catches explains each.

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const replay = replayGatewayErrors([endpoint]);

const majors = [
  {
    major: 1,
    client: (auth: Partial<AuthOptions>) => ky1.create({ prefixUrl: endpoint, ...auth, retry: 0 }),
    install: authOptions,
  },
  {
    major: 2,
    client: (auth: Partial<AuthOptions>) => ky2.create({ prefix: endpoint, ...auth, retry: 0 }),
    install: (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
  },
] as const;

describe.each(majors)('through ky $major, a real API Gateway answer', ({ client, install }) => {
  it.each([
    [
      'rest-api-key-forbidden',
      'refused the API key in the "x-api-key" header (403 Forbidden): the key is not one of the API\'s, is disabled, or is not in a usage plan that includes this API and its stage "prod"',
    ],
    [
      'rest-missing-authentication-token',
      'or when the method requires IAM authorization and the request is not signed, and no interceptor signed this one',
    ],
  ])('%s is explained', async (name, explanation) => {
    replay.answerWith(name);
    const api = client(install([apiKey('fixture-key')], { endpoint }));
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    expect(error.message).toContain(explanation);
    expect(error.message).not.toContain('fixture-key');
  });
});
