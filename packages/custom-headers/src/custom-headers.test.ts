import { describe, expect, it } from '@jest/globals';
import { CredentialsError, RequestPolicyError, TokenError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { interceptorContext } from '@ky-auth/testing';
import { customHeaders } from './custom-headers.ts';

const url = 'https://api.example.com/prod/items';
const headersOf = (request: Request) => Object.fromEntries(request.headers);

describe('customHeaders with static headers', () => {
  it('adds a record of headers in the headers stage, declaring their names', async () => {
    const interceptor = customHeaders({ 'X-Tenant': 'acme', 'x-client': 'web' });
    const request = new Request(url);
    await interceptor.apply(request, interceptorContext());
    expect(interceptor.stage).toBe('headers');
    expect(interceptor.name).toBe('custom-headers');
    expect(interceptor.headerNames).toEqual(['x-client', 'x-tenant']);
    expect(headersOf(request)).toEqual({ 'x-tenant': 'acme', 'x-client': 'web' });
  });

  it('takes a Headers object, [name, value] pairs or a Map', async () => {
    for (const source of [
      new Headers({ 'x-tenant': 'acme' }),
      [['x-tenant', 'acme']] as [string, string][],
      new Map([['x-tenant', 'acme']]),
    ]) {
      const request = new Request(url);
      await customHeaders(source as HeadersInit).apply(request, interceptorContext());
      expect(request.headers.get('x-tenant')).toBe('acme');
    }
  });

  it('joins repeated names in pairs the way fetch does', async () => {
    const request = new Request(url);
    await customHeaders([
      ['x-feature', 'a'],
      ['X-Feature', 'b'],
    ]).apply(request, interceptorContext());
    expect(request.headers.get('x-feature')).toBe('a, b');
  });

  it('leaves a header the request already has, whatever its case', async () => {
    const request = new Request(url, { headers: { 'X-TENANT': 'beta' } });
    await customHeaders({ 'x-tenant': 'acme', 'x-client': 'web' }).apply(request, interceptorContext());
    expect(headersOf(request)).toEqual({ 'x-tenant': 'beta', 'x-client': 'web' });
  });

  it('lets the interceptor that runs first win: per-endpoint before global', async () => {
    const perEndpoint = customHeaders({ 'x-tenant': 'endpoint', 'x-endpoint': 'orders' });
    const global = customHeaders({ 'x-tenant': 'global', 'x-client': 'web' });
    const request = new Request(url);
    for (const interceptor of [perEndpoint, global]) await interceptor.apply(request, interceptorContext());
    expect(headersOf(request)).toEqual({ 'x-tenant': 'endpoint', 'x-endpoint': 'orders', 'x-client': 'web' });
  });

  it('refuses invalid headers when created, naming the header and not the value', async () => {
    const badValue = await caught(() => customHeaders({ 'x-tenant': 'sekrit\r\nx-admin: true' }));
    expect(badValue).toBeInstanceOf(RequestPolicyError);
    expect(badValue).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(badValue.message).toContain('"x-tenant"');
    expect(badValue.message).not.toContain('sekrit');

    const badName = await caught(() => customHeaders({ 'x tenant': 'acme' }));
    expect(badName).toMatchObject({ code: 'ERR_INVALID_HEADER_NAME' });
    expect(badName.message).toContain('"x tenant"');

    const notHeaders = await caught(() => customHeaders('x-tenant: acme' as unknown as HeadersInit));
    expect(notHeaders).toMatchObject({ code: 'ERR_INVALID_HEADERS' });
    expect(notHeaders.message).toContain('got a string');
  });

  it('refuses an undefined value instead of sending the text "undefined"', async () => {
    const error = await caught(() => customHeaders({ authorization: undefined } as unknown as HeadersInit));
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).toContain('"authorization"');
  });
});

describe('customHeaders with a function', () => {
  it('calls it before every attempt with the API name and the request', async () => {
    const seen: string[] = [];
    let calls = 0;
    const interceptor = customHeaders(({ apiName, request }) => {
      calls += 1;
      seen.push(`${apiName} ${request.method} ${new URL(request.url).pathname}`);
      return { 'x-request-number': String(calls) };
    });
    const first = new Request(url, { method: 'POST', body: '{}' });
    const second = new Request(`${url}/1`, { method: 'DELETE' });
    await interceptor.apply(first, interceptorContext({ apiName: 'orders' }));
    await interceptor.apply(second, interceptorContext({ apiName: 'orders', retryCount: 1 }));
    expect(seen).toEqual(['orders POST /prod/items', 'orders DELETE /prod/items/1']);
    expect(first.headers.get('x-request-number')).toBe('1');
    expect(second.headers.get('x-request-number')).toBe('2');
  });

  it("runs Amplify Gen1's custom_header as it is: async, no arguments", async () => {
    const custom_header = async () => ({ Authorization: 'token' });
    const request = new Request(url);
    await customHeaders(custom_header).apply(request, interceptorContext());
    expect(request.headers.get('authorization')).toBe('token');
  });

  it('adds nothing when the function returns undefined or null', async () => {
    for (const returned of [undefined, null]) {
      const request = new Request(url, { headers: { accept: 'application/json' } });
      await customHeaders(() => returned as unknown as undefined).apply(request, interceptorContext());
      expect(headersOf(request)).toEqual({ accept: 'application/json' });
    }
  });

  it('leaves headers the request already has', async () => {
    const request = new Request(url, { headers: { authorization: 'per-request' } });
    await customHeaders(async () => ({ Authorization: 'global', 'x-client': 'web' })).apply(
      request,
      interceptorContext(),
    );
    expect(headersOf(request)).toEqual({ authorization: 'per-request', 'x-client': 'web' });
  });

  it('declares no header names unless told, and the names it is told, lower case', () => {
    expect(customHeaders(() => ({})).headerNames).toBeUndefined();
    expect(customHeaders(() => ({}), { headerNames: ['X-Tenant'] }).headerNames).toEqual(['x-tenant']);
  });

  it('refuses a headerNames option that is not a header name when created, naming the option', async () => {
    const badName = await caught(() => customHeaders(() => ({}), { headerNames: ['x tenant'] }));
    expect(badName).toMatchObject({
      name: 'ConfigError',
      code: 'ERR_CONFIG_INVALID',
      path: 'customHeaders.headerNames',
    });
    expect(badName.message).toContain('"x tenant"');
  });

  it('fails with ERR_HEADERS_PROVIDER_FAILED when the function throws, keeping the cause out of the message', async () => {
    const thrown = new Error('could not read token sekrit-token-123');
    const request = new Request(url);
    const error = await caught(() =>
      customHeaders(
        () => {
          throw thrown;
        },
        { name: 'custom-headers:orders' },
      ).apply(request, interceptorContext({ apiName: 'orders' })),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_HEADERS_PROVIDER_FAILED', cause: thrown });
    expect(error.message).toContain('custom-headers:orders');
    expect(error.message).toContain('API "orders"');
    expect(error.message).not.toContain('sekrit');
    expect(headersOf(request)).toEqual({});
  });

  it('fails the same way when an async function rejects', async () => {
    const error = await caught(() =>
      customHeaders(async () => Promise.reject(new Error('offline'))).apply(
        new Request(url),
        interceptorContext(),
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_HEADERS_PROVIDER_FAILED' });
  });

  it('passes a KyAuthError the function throws through unchanged, so its code can be branched on', async () => {
    const thrown = new TokenError(
      'ERR_TOKEN_REFRESH_REJECTED',
      'The refresh token was rejected; sign in again.',
    );
    const error = await caught(() =>
      customHeaders(async () => {
        throw thrown;
      }).apply(new Request(url), interceptorContext()),
    );
    expect(error).toBe(thrown);
  });

  it('validates what the function returns and sets none of it when one header is invalid', async () => {
    const request = new Request(url);
    const error = await caught(() =>
      customHeaders(() => ({ 'x-good': 'fine', 'x-bad': 'sekrit\nx-admin: 1' })).apply(
        request,
        interceptorContext({ apiName: 'orders' }),
      ),
    );
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).toContain('"x-bad"');
    expect(error.message).toContain('API "orders"');
    expect(error.message).not.toContain('sekrit');
    expect(headersOf(request)).toEqual({});
  });

  it('refuses a result that is not headers', async () => {
    const error = await caught(() =>
      customHeaders(() => 'Bearer sekrit' as unknown as HeadersInit).apply(
        new Request(url),
        interceptorContext(),
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADERS' });
    expect(error.message).not.toContain('sekrit');
  });

  it('gives up with the abort reason when the request is aborted while the function runs', async () => {
    const controller = new AbortController();
    let receivedSignal: AbortSignal | undefined;
    const pending = customHeaders(({ signal }) => {
      receivedSignal = signal;
      return new Promise<HeadersInit>(() => {});
    }).apply(new Request(url), interceptorContext({ signal: controller.signal }));
    const reason = new DOMException('The user aborted a request.', 'AbortError');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(receivedSignal).toBe(controller.signal);
  });
});
