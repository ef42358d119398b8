import { describe, expect, it, jest } from '@jest/globals';
import { RequestPolicyError, TokenError } from '@ky-auth/core';
import { caught, expectNoSecrets } from '@ky-auth/test-kit';
import { interceptorContext } from '@ky-auth/testing';
import { tokenInterceptor } from './token-interceptor.ts';
import type { TokenRequest } from './types.ts';

const request = (headers: HeadersInit = {}) => new Request('https://api.example.com/items', { headers });
const unauthorized = () => new Response('{"message":"Unauthorized"}', { status: 401 });

describe('tokenInterceptor, per call', () => {
  it("sends a call's own context.token instead of asking the source, and never refreshes it", async () => {
    const source = jest.fn(() => 'shared-token');
    const interceptor = tokenInterceptor({ name: 'test', source, scheme: 'Bearer' });
    const context = interceptorContext({ options: { token: 'alice-token' } });
    const sent = request();
    expect(interceptor.apply(sent, context)).toBeUndefined();
    expect(sent.headers.get('authorization')).toBe('Bearer alice-token');
    expect(source).not.toHaveBeenCalled();
    expect(await interceptor.onResponse?.(unauthorized(), sent, context)).toBe(false);
    expect(source).not.toHaveBeenCalled();
  });

  it("refuses a call's context.token that cannot be a header value, without showing it", async () => {
    const interceptor = tokenInterceptor({ name: 'test', source: () => 'unused' });
    const error = await caught(async () =>
      interceptor.apply(request(), interceptorContext({ options: { token: 'line\nbreak-secret' } })),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).not.toContain('break-secret');
  });

  it("tells the source each call's context, and refreshes the token a 401 answered for that call even after many users' others", async () => {
    const issued = new Map<string, number>();
    const source = jest.fn(({ context, forceRefresh }: TokenRequest) => {
      const user = String(context?.user);
      const version = (issued.get(user) ?? 0) + (forceRefresh ? 1 : 0);
      issued.set(user, version);
      return `${user}-v${version}`;
    });
    const interceptor = tokenInterceptor({ name: 'test', source });
    const first = { user: 'u0' };
    const rejected = request();
    await interceptor.apply(rejected, interceptorContext({ options: first }));
    // Fifty other users' calls since: more tokens than the interceptor remembers across calls.
    for (let user = 1; user <= 50; user += 1) {
      await interceptor.apply(request(), interceptorContext({ options: { user: `u${user}` } }));
    }
    expect(rejected.headers.get('authorization')).toBe('u0-v0');
    expect(
      await interceptor.onResponse?.(unauthorized(), rejected, interceptorContext({ options: first })),
    ).toBe(true);
    const retry = request();
    await interceptor.apply(retry, interceptorContext({ options: first, reauthorizing: true }));
    expect(retry.headers.get('authorization')).toBe('u0-v1');
  });
});

describe('tokenInterceptor', () => {
  it('puts the raw token in Authorization by default, in the auth stage', async () => {
    const interceptor = tokenInterceptor({ name: 'test', source: async () => 'token-1' });
    const sent = request();
    await interceptor.apply(sent, interceptorContext());
    expect(sent.headers.get('authorization')).toBe('token-1');
    expect(interceptor.stage).toBe('auth');
    expect(interceptor.headerNames).toEqual(['authorization']);
  });

  it('puts the scheme before the token, in the header it is told', async () => {
    const interceptor = tokenInterceptor({
      name: 'test',
      source: async () => 'token-1',
      header: 'X-Partner-Token',
      scheme: 'Bearer',
    });
    const sent = request();
    await interceptor.apply(sent, interceptorContext());
    expect(sent.headers.get('x-partner-token')).toBe('Bearer token-1');
    expect(interceptor.headerNames).toEqual(['x-partner-token']);
  });

  it('sets a token the source answers at once before apply returns, with no promise to wait on', () => {
    const interceptor = tokenInterceptor({ name: 'test', source: () => 'cached-token', scheme: 'Bearer' });
    const sent = request();
    expect(interceptor.apply(sent, interceptorContext())).toBeUndefined();
    expect(sent.headers.get('authorization')).toBe('Bearer cached-token');
  });

  it('answers a 401 to a token it sent before the source moved on with a forced refresh naming it', async () => {
    let current = 'token-1';
    const source = jest.fn((_request: TokenRequest) => current);
    const interceptor = tokenInterceptor({ name: 'test', source });
    const early = request();
    await interceptor.apply(early, interceptorContext());
    current = 'token-2';
    await interceptor.apply(request(), interceptorContext());

    expect(await interceptor.onResponse?.(unauthorized(), early, interceptorContext())).toBe(true);
    expect(source).toHaveBeenLastCalledWith(
      expect.objectContaining({ forceRefresh: true, stale: 'token-1', signal: undefined }),
    );
  });

  it('leaves a header the caller set for this request, without asking the source', async () => {
    const source = jest.fn(async () => 'token-1');
    const interceptor = tokenInterceptor({ name: 'test', source });
    const sent = request({ authorization: 'per-request' });
    await interceptor.apply(sent, interceptorContext());
    expect(sent.headers.get('authorization')).toBe('per-request');
    expect(source).not.toHaveBeenCalled();
    // …and a 401 to the caller's own token is not its business.
    expect(await interceptor.onResponse?.(unauthorized(), sent, interceptorContext())).toBe(false);
  });

  it('passes the request signal to the source', async () => {
    const source = jest.fn(async (_request: TokenRequest) => 'token-1');
    const signal = new AbortController().signal;
    await tokenInterceptor({ name: 'test', source }).apply(request(), interceptorContext({ signal }));
    expect(source).toHaveBeenCalledWith(expect.objectContaining({ forceRefresh: false, signal }));
  });

  it('answers a 401 to its own token with a forced refresh naming that token, and asks for the retry', async () => {
    const source = jest.fn(async (_request: TokenRequest) => 'token-1');
    const interceptor = tokenInterceptor({ name: 'test', source, scheme: 'Bearer' });
    const sent = request();
    await interceptor.apply(sent, interceptorContext());

    expect(await interceptor.onResponse?.(unauthorized(), sent, interceptorContext())).toBe(true);
    expect(source).toHaveBeenLastCalledWith(
      expect.objectContaining({ forceRefresh: true, stale: 'token-1', signal: undefined }),
    );
  });

  it("carries the forced refresh's token in that call's re-authorized retry, without asking the source again", async () => {
    let stored = 'token-1';
    const source = jest.fn(({ forceRefresh }: TokenRequest) => (forceRefresh ? 'token-2' : stored));
    const interceptor = tokenInterceptor({ name: 'test', source });
    const call = interceptorContext({ options: {} });
    const sent = request();
    await interceptor.apply(sent, call);
    expect(await interceptor.onResponse?.(unauthorized(), sent, call)).toBe(true);

    const retry = request();
    await interceptor.apply(retry, { ...call, reauthorizing: true });
    expect(retry.headers.get('authorization')).toBe('token-2');
    expect(source).toHaveBeenCalledTimes(2);
    // Any other request (another call, or a retry core asked for on another interceptor's behalf) asks.
    stored = 'token-3';
    const other = request();
    await interceptor.apply(other, interceptorContext({ options: {}, reauthorizing: true }));
    expect(other.headers.get('authorization')).toBe('token-3');
    // A first attempt of the same call (core makes one per call; this shows the answer is for retries only).
    const first = request();
    await interceptor.apply(first, call);
    expect(first.headers.get('authorization')).toBe('token-3');
  });

  it.each([200, 403, 500])('does nothing on a %i', async (status) => {
    const source = jest.fn(async () => 'token-1');
    const interceptor = tokenInterceptor({ name: 'test', source });
    const sent = request();
    await interceptor.apply(sent, interceptorContext());
    expect(await interceptor.onResponse?.(new Response(null, { status }), sent, interceptorContext())).toBe(
      false,
    );
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('fails the request with the refresh error when the forced refresh fails', async () => {
    const rejected = new TokenError('ERR_TOKEN_REFRESH_REJECTED', 'sign in again');
    const source = jest.fn(async ({ forceRefresh }: TokenRequest) => {
      if (forceRefresh) throw rejected;
      return 'token-1';
    });
    const interceptor = tokenInterceptor({ name: 'test', source });
    const sent = request();
    await interceptor.apply(sent, interceptorContext());
    expect(await caught(() => interceptor.onResponse?.(unauthorized(), sent, interceptorContext()))).toBe(
      rejected,
    );
  });

  it('refuses a token that cannot be a header value, without showing it', async () => {
    const token = 'secret-token\r\nx-admin: true';
    const interceptor = tokenInterceptor({ name: 'test', source: async () => token });
    const sent = request();
    const error = await caught(() => interceptor.apply(sent, interceptorContext()));
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect((error as RequestPolicyError).code).toBe('ERR_INVALID_HEADER_VALUE');
    expectNoSecrets(error, ['secret-token']);
    expect(sent.headers.has('authorization')).toBe(false);
  });

  it('refuses a source that answers something other than a string, and a scheme that cannot be sent', async () => {
    const interceptor = tokenInterceptor({
      name: 'test',
      source: async () => undefined as unknown as string,
    });
    const sent = request();
    expect(await caught(() => interceptor.apply(sent, interceptorContext()))).toMatchObject({
      code: 'ERR_INVALID_HEADER_VALUE',
    });
    expect(sent.headers.has('authorization')).toBe(false);
    expect(() => tokenInterceptor({ name: 'test', source: async () => 't', scheme: 'Bearer\n' })).toThrow(
      expect.objectContaining({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'test.scheme' }),
    );
  });

  it('refuses an invalid header name when created', () => {
    expect(() => tokenInterceptor({ name: 'test', source: async () => 't', header: 'bad header' })).toThrow(
      expect.objectContaining({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'test.header' }),
    );
  });

  it('does not send the request when the source fails', async () => {
    const failure = new TokenError('ERR_NOT_SIGNED_IN', 'sign in');
    const sent = request();
    const interceptor = tokenInterceptor({ name: 'test', source: () => Promise.reject(failure) });
    expect(await caught(() => interceptor.apply(sent, interceptorContext()))).toBe(failure);
    expect(sent.headers.has('authorization')).toBe(false);
  });
});
