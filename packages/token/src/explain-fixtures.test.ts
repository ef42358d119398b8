import { describe, expect, it } from '@jest/globals';
import { type AuthHooksOptionsWithEndpoint, authHooks, type Interceptor } from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import { replayGatewayErrors } from '@ky-auth/test-kit';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { tokenInterceptor } from './token-interceptor.ts';

// Authorizers' answers as they appear in public documentation and issues (fixtures/api-gateway-errors),
// replayed to a request that carried a token: the message the caller catches explains each.

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';
const replay = replayGatewayErrors([endpoint]);

/** An unsigned JWT with these claims: the explanation reads `token_use` and `scope`, never verifies. */
const jwt = (claims: object) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;

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

describe.each(majors)('through ky $major, a real authorizer answer', ({ client, install }) => {
  it.each([
    [
      'rest-cognito-unauthorized',
      'cognito',
      jwt({ token_use: 'access', scope: 'aws.cognito.signin.user.admin' }),
      "send the ID token (cognitoUserPoolToken({ use: 'id' })), or add to the method the scopes this token carries (aws.cognito.signin.user.admin)",
    ],
    [
      'rest-cognito-token-expired',
      'cognito',
      jwt({ token_use: 'id' }),
      'API Gateway refused the cognito token in Authorization as expired.',
    ],
    [
      'rest-lambda-explicit-deny',
      'lambda',
      'opaque-lambda-token',
      "The API's Lambda authorizer (or resource policy) denied this caller with an explicit Deny for GET /prod/items",
    ],
  ])('%s is explained', async (name, interceptorName, token, explanation) => {
    replay.answerWith(name);
    const api = client(
      install([tokenInterceptor({ name: interceptorName, source: () => token })], { endpoint }),
    );
    const error = (await api.get('items').catch((failure: unknown) => failure)) as Error;
    expect(error.name).toBe('HTTPError');
    expect(error.message).toContain(explanation);
    expect(error.message).not.toContain(token);
  });
});
