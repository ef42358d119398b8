import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { expectNoSecrets, jwt } from '@ky-auth/test-kit';
import { redactedCause } from './redacted-cause.ts';

describe('redactedCause', () => {
  it('keeps the kind, short codes and status of an OAuth error, and drops the response body it holds', async () => {
    const accessToken = await jwt(3600);
    const refreshToken = 'rotated-refresh-token-5c2a';
    const original = Object.assign(new Error('"response" body "token_type" property must be a string'), {
      name: 'OperationProcessingError',
      code: 'OAUTH_RESPONSE_BODY_ERROR',
      status: 200,
      error: 'invalid_grant',
      cause: { access_token: accessToken, refresh_token: refreshToken },
      response: new Response(JSON.stringify({ access_token: accessToken })),
    });

    const copy = redactedCause(original);
    expect(copy).toMatchObject({
      name: 'OperationProcessingError',
      message: '"response" body "token_type" property must be a string',
      code: 'OAUTH_RESPONSE_BODY_ERROR',
      status: 200,
      error: 'invalid_grant',
    });
    expect(copy.cause).toBeUndefined();
    expectNoSecrets(copy, [accessToken, refreshToken]);
  });

  it('takes secrets, JWTs, and the user-info and query of URLs out of messages and stacks, down the cause chain', async () => {
    const idToken = await jwt(3600);
    const inner = new Error(
      `connect ECONNREFUSED https://admin:hunter22@login.example.com/token?code=abc123`,
    );
    Object.assign(inner, { code: 'ECONNREFUSED' });
    const outer = new Error(`storing client-secret-7d1e failed for ${idToken}`, { cause: inner });

    const copy = redactedCause(outer, { secrets: ['client-secret-7d1e', undefined] });
    expect(copy.message).toBe('storing [redacted] failed for [token]');
    expect(copy.cause).toMatchObject({
      message: 'connect ECONNREFUSED https://login.example.com/token',
      code: 'ECONNREFUSED',
    });
    expectNoSecrets(copy, ['client-secret-7d1e', idToken, 'hunter22', 'abc123']);
  });

  it('does not show what a thrown value that is not an error was', () => {
    const copy = redactedCause({ refresh_token: 'refresh-token-never-shown' });
    expect(copy.message).toBe('Something other than an Error was thrown (object).');
    expectNoSecrets(copy, ['refresh-token-never-shown']);
  });

  it("copies an error of another realm (fetch's TypeError as a test runner or worker sees it), secrets out", () => {
    const token = 'opaque-login-token-9f3e';
    const foreign = runInNewContext(
      `new TypeError('fetch failed sending ${token}', { cause: new Error('socket closed after ${token}') })`,
    ) as Error;
    expect(foreign instanceof Error).toBe(false);
    const copy = redactedCause(foreign, { secrets: [token] });
    expect(copy).toMatchObject({ name: 'TypeError', message: 'fetch failed sending [redacted]' });
    expect(copy.cause).toMatchObject({ name: 'Error', message: 'socket closed after [redacted]' });
    expectNoSecrets(copy, [token]);
  });
});
