import { describe, expect, it } from '@jest/globals';
import { CredentialsError, RequestPolicyError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import { interceptorContext } from '@ky-auth/testing';
import { apiKey } from './api-key.ts';

const url = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/items';
const secret = 'sekrit-key-9f8e7d';

/** The error and everything a log line could show of it: message, stack and the causes' messages. */
const printed = (error: Error) => `${error.message}\n${error.stack}\n${String(error)}`;

describe('apiKey with a static key', () => {
  it('sends the key in x-api-key, in the auth stage', async () => {
    const interceptor = apiKey(secret);
    const request = new Request(url);
    await interceptor.apply(request, interceptorContext());
    expect(request.headers.get('x-api-key')).toBe(secret);
    expect(interceptor).toMatchObject({ name: 'api-key', stage: 'auth', headerNames: ['x-api-key'] });
  });

  it('sends it in another header when told', async () => {
    const interceptor = apiKey(secret, { header: 'X-Partner-Key' });
    const request = new Request(url);
    await interceptor.apply(request, interceptorContext());
    expect(Object.fromEntries(request.headers)).toEqual({ 'x-partner-key': secret });
    expect(interceptor.headerNames).toEqual(['x-partner-key']);
  });

  it('leaves the key a request already carries', async () => {
    const request = new Request(url, { headers: { 'X-Api-Key': 'per-request-key' } });
    await apiKey(secret).apply(request, interceptorContext());
    expect(request.headers.get('x-api-key')).toBe('per-request-key');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['undefined (an unset environment variable)', undefined],
  ])('refuses a key that is %s with ERR_API_KEY_MISSING naming the header', async (_, key) => {
    const error = await caught(() => apiKey(key as string));
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'ERR_API_KEY_MISSING' });
    expect(error.message).toContain('x-api-key');
  });

  it.each([
    ['a line break', `${secret}\r\nx-admin: true`],
    ['NUL', `${secret}\0`],
    ['a character above U+00FF', `${secret}€`],
  ])('refuses a key with %s like any header value, naming the header and not the key', async (_, key) => {
    const error = await caught(() => apiKey(key));
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).toContain('"x-api-key"');
    expect(printed(error)).not.toContain(secret);
  });

  it('refuses a header name that is not a token', async () => {
    const error = await caught(() => apiKey(secret, { header: 'x api key' }));
    expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_INVALID', path: 'apiKey.header' });
    expect(error.message).toContain('"x api key"');
  });
});

describe('apiKey with a provider', () => {
  it('asks the provider on every request, so a rotated key is used at once', async () => {
    const keys = ['key-one', 'key-two'];
    let calls = 0;
    const interceptor = apiKey(async () => keys[calls++] ?? 'exhausted');
    const first = new Request(url);
    const second = new Request(url);
    await interceptor.apply(first, interceptorContext());
    await interceptor.apply(second, interceptorContext());
    expect(first.headers.get('x-api-key')).toBe('key-one');
    expect(second.headers.get('x-api-key')).toBe('key-two');
    expect(interceptor.headerNames).toEqual(['x-api-key']);
  });

  it('tells the provider the API name and the abort signal', async () => {
    const controller = new AbortController();
    const inputs: unknown[] = [];
    await apiKey((input) => {
      inputs.push(input);
      return secret;
    }).apply(new Request(url), interceptorContext({ apiName: 'orders', signal: controller.signal }));
    expect(inputs).toEqual([{ apiName: 'orders', signal: controller.signal }]);
  });

  it('does not call the provider when the request already carries the key', async () => {
    let calls = 0;
    const request = new Request(url, { headers: { 'x-api-key': 'per-request-key' } });
    await apiKey(() => {
      calls += 1;
      return secret;
    }).apply(request, interceptorContext());
    expect(calls).toBe(0);
    expect(request.headers.get('x-api-key')).toBe('per-request-key');
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error(`vault refused ${secret}`);
      },
    ],
    ['rejects', async () => Promise.reject(new Error(`vault refused ${secret}`))],
  ])(
    'fails with ERR_API_KEY_PROVIDER_FAILED when it %s, keeping the cause and the key out of the message',
    async (_, provider) => {
      const request = new Request(url);
      const error = await caught(() =>
        apiKey(provider).apply(request, interceptorContext({ apiName: 'orders' })),
      );
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error).toMatchObject({ code: 'ERR_API_KEY_PROVIDER_FAILED' });
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.message).toContain('x-api-key');
      expect(error.message).toContain('API "orders"');
      expect(printed(error)).not.toContain(secret);
      expect(request.headers.has('x-api-key')).toBe(false);
    },
  );

  it.each([
    ['a number', 42, 'ERR_API_KEY_PROVIDER_FAILED'],
    ['an object', { key: secret }, 'ERR_API_KEY_PROVIDER_FAILED'],
    ['undefined', undefined, 'ERR_API_KEY_MISSING'],
    ['an empty string', '', 'ERR_API_KEY_MISSING'],
  ])('refuses a provider that returns %s', async (_, returned, code) => {
    const error = await caught(() =>
      apiKey(() => returned as unknown as string).apply(new Request(url), interceptorContext()),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code });
    expect(error.message).toContain('x-api-key');
    expect(printed(error)).not.toContain(secret);
  });

  it('refuses a provided key that is not a valid header value, without echoing it', async () => {
    const error = await caught(() =>
      apiKey(() => `${secret}\nx-admin: true`).apply(
        new Request(url),
        interceptorContext({ apiName: 'orders' }),
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).toContain('"x-api-key"');
    expect(printed(error)).not.toContain(secret);
  });

  it('gives up with the abort reason when the request is aborted while the provider runs', async () => {
    const controller = new AbortController();
    const pending = apiKey(() => new Promise<string>(() => {})).apply(
      new Request(url),
      interceptorContext({ signal: controller.signal }),
    );
    const reason = new DOMException('The user aborted a request.', 'AbortError');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
