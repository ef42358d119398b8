import { describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, createClock, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { replayGatewayErrors } from '@ky-auth/test-kit';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { iamSigner } from './iam-signer.ts';

// API Gateway's error bodies as they appear in public documentation and issues (fixtures/api-gateway-errors),
// replayed to a request iamSigner signed: the message the caller catches explains each.

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const functionUrl = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';
// API Gateway's REST APIs suffix the error type; Lambda function URLs do not.
const replay = replayGatewayErrors([functionUrl, endpoint], {
  withTypeSuffix: (origin) => origin === endpoint,
});

const credentials = { accessKeyId: 'AKIDFIXTURE00001', secretAccessKey: 'fixture-secret-key' };
// The time the signature-mismatch fixture was signed at: the requests sign the same canonical request.
const fixtureTime = Date.parse('2015-08-30T12:36:00Z');

const majors = [
  {
    major: 1,
    client: (auth: Partial<AuthOptions>, prefix = endpoint) =>
      ky1.create({ prefixUrl: prefix, ...auth, retry: 0 }),
    install: authOptions,
  },
  {
    major: 2,
    client: (auth: Partial<AuthOptions>, prefix = endpoint) => ky2.create({ prefix, ...auth, retry: 0 }),
    install: (interceptors: readonly Interceptor[], options: AuthHooksOptionsWithEndpoint) => ({
      hooks: authHooks(interceptors, options),
    }),
  },
] as const;

describe.each(majors)('through ky $major, a real API Gateway answer', ({ client, install }) => {
  const message = async (name: string, signer = iamSigner({ credentials })) => {
    replay.answerWith(name);
    const api = client(install([signer], { endpoint, clock: createClock(() => fixtureTime) }));
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    return error.message;
  };

  it.each([
    [
      'rest-signature-mismatch',
      'though the canonical request ky-auth signed is exactly the one API Gateway computed: the secret access key does not belong to the access key id',
    ],
    [
      'rest-region-scope',
      "it was signed for the region 'us-east-2', but the API's host names the region 'us-east-1'",
    ],
    ['rest-service-scope', "the API expects 'execute-api'"],
    ['rest-signature-expired', "this device's clock is more than 5 minutes behind the API's"],
    ['rest-signature-not-yet-current', "this device's clock is more than 5 minutes ahead of the API's"],
    ['rest-security-token-invalid', 'AWS does not recognise the credentials (UnrecognizedClientException)'],
    [
      'rest-security-token-expired',
      'AWS refused the temporary credentials as expired (ExpiredTokenException)',
    ],
    ['rest-iam-not-authorized', 'their IAM policy does not allow execute-api:Invoke on GET /prod/items'],
    ['rest-missing-authentication-token', 'and this one was signed: nothing matches GET /prod/items'],
  ])('%s is explained', async (name, explanation) => {
    const text = await message(name);
    expect(text).toContain('\nky-auth: ');
    expect(text).toContain(explanation);
    expect(text).not.toContain('123456789012');
  });

  it('lambda-url-forbidden is explained for a signed request to a function URL', async () => {
    replay.answerWith('lambda-url-forbidden');
    const api = client(install([iamSigner({ credentials })], { endpoint: functionUrl }), functionUrl);
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    expect(error.message).toContain(
      "neither the function's resource-based policy nor the role's IAM policy allows lambda:InvokeFunctionUrl",
    );
  });
});
