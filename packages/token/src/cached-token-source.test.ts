import { describe, expect, it, jest } from '@jest/globals';
import { KyAuthError, TokenError } from '@ky-auth/core';
import { cachedTokenSource } from './cached-token-source.ts';
import { caught, expectNoSecrets, jwt } from './test-support/helpers.ts';

describe('cachedTokenSource', () => {
  it('reuses a JWT until shortly before its exp, then asks the function again', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const first = await jwt(600, now);
    const second = await jwt(600, now + 590_000);
    const getToken = jest
      .fn<(request: { forceRefresh: boolean }) => Promise<string>>()
      .mockResolvedValueOnce(first)
      .mockResolvedValueOnce(second);
    const source = cachedTokenSource(getToken, { now: () => now });

    expect(await source({ forceRefresh: false })).toBe(first);
    now += 539_000; // 61 s before exp: still cached (refresh 60 s ahead)
    expect(await source({ forceRefresh: false })).toBe(first);
    expect(getToken).toHaveBeenCalledTimes(1);
    now += 2_000; // 59 s before exp
    expect(await source({ forceRefresh: false })).toBe(second);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(getToken).toHaveBeenLastCalledWith({ forceRefresh: false });
  });

  it('answers a cached JWT at once, not with a promise', async () => {
    const token = await jwt(3600);
    const source = cachedTokenSource(async () => token);
    expect(await source({ forceRefresh: false })).toBe(token);
    expect(source({ forceRefresh: false })).toBe(token);
  });

  it('lets 500 concurrent callers share one call', async () => {
    const token = await jwt(3600);
    let release: () => void = () => undefined;
    const getToken = jest.fn(() => new Promise<string>((resolve) => (release = () => resolve(token))));
    const source = cachedTokenSource(getToken);

    const all = Promise.all(Array.from({ length: 500 }, () => source({ forceRefresh: false })));
    release();
    expect(new Set(await all)).toEqual(new Set([token]));
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('asks again with forceRefresh when the function returns an expired token, and never returns it', async () => {
    const expired = await jwt(-10);
    const fresh = await jwt(3600);
    const getToken = jest.fn(({ forceRefresh }: { forceRefresh: boolean }) =>
      forceRefresh ? fresh : expired,
    );
    const source = cachedTokenSource(getToken);

    expect(await source({ forceRefresh: false })).toBe(fresh);
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: false }], [{ forceRefresh: true }]]);
  });

  it('fails with ERR_TOKEN_EXPIRED when even the forced token is expired', async () => {
    const expired = await jwt(-10);
    const source = cachedTokenSource(() => expired, { name: 'OIDC' });

    const error = await caught(() => source({ forceRefresh: false }));
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_EXPIRED');
    expect(error.message).toMatch(/^The OIDC token source returned a token that expired at \d{4}-/);
    expectNoSecrets(error, [expired]);
  });

  it('refreshes on forceRefresh while the rejected token is the cached one, once for a burst', async () => {
    const tokens = [await jwt(3600), await jwt(3600)];
    const getToken = jest.fn(
      ({ forceRefresh }: { forceRefresh: boolean }) => tokens[forceRefresh ? 1 : 0] as string,
    );
    const source = cachedTokenSource(getToken);
    const rejected = await source({ forceRefresh: false });

    const burst = await Promise.all(
      Array.from({ length: 20 }, () => source({ forceRefresh: true, stale: rejected })),
    );
    expect(new Set(burst)).toEqual(new Set([tokens[1]]));
    // A late 401 for the old token does not refresh again: the cached token is already newer.
    expect(await source({ forceRefresh: true, stale: rejected })).toBe(tokens[1]);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('fetches an opaque token for every request, unless cacheMs says how long to keep it', async () => {
    let count = 0;
    const perRequest = cachedTokenSource(() => `opaque-${++count}`);
    expect([await perRequest({ forceRefresh: false }), await perRequest({ forceRefresh: false })]).toEqual([
      'opaque-1',
      'opaque-2',
    ]);

    let now = 1_000_000;
    let kept = 0;
    const cached = cachedTokenSource(() => `kept-${++kept}`, { cacheMs: 10_000, now: () => now });
    expect(await cached({ forceRefresh: false })).toBe('kept-1');
    now += 4_000;
    expect(await cached({ forceRefresh: false })).toBe('kept-1');
    now += 2_000; // past half of its 10 s life: refreshed ahead
    expect(await cached({ forceRefresh: false })).toBe('kept-2');
  });

  it('hands an opaque token from a forced refresh to the next request (the retry), once', async () => {
    let count = 0;
    const source = cachedTokenSource(({ forceRefresh }) => `${forceRefresh ? 'forced' : 'plain'}-${++count}`);
    expect(await source({ forceRefresh: false })).toBe('plain-1');
    expect(await source({ forceRefresh: true, stale: 'plain-1' })).toBe('forced-2');
    expect(await source({ forceRefresh: false })).toBe('forced-2');
    expect(await source({ forceRefresh: false })).toBe('plain-3');
  });

  it('wraps what the function throws in ERR_TOKEN_SOURCE_FAILED, keeping it as the cause', async () => {
    const failure = new Error('identity provider unreachable');
    const error = await caught(() =>
      cachedTokenSource(() => Promise.reject(failure))({ forceRefresh: false }),
    );
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_SOURCE_FAILED');
    expect(error.cause).toBe(failure);

    const own = new TokenError('ERR_NOT_SIGNED_IN', 'sign in');
    expect(await caught(() => cachedTokenSource(() => Promise.reject(own))({ forceRefresh: false }))).toBe(
      own,
    );
  });

  it.each([
    ['', 'an empty string'],
    [undefined, 'undefined'],
    [42, 'number'],
  ])('refuses %p as a token', async (value, described) => {
    const error = await caught(() => cachedTokenSource(() => value as string)({ forceRefresh: false }));
    expect(error).toBeInstanceOf(KyAuthError);
    expect((error as KyAuthError).code).toBe('ERR_TOKEN_SOURCE_FAILED');
    expect(error.message).toContain(`returned ${described} instead of a token`);
  });

  it('lets an aborted caller go while the shared call goes on for the others', async () => {
    const token = await jwt(3600);
    let release: () => void = () => undefined;
    const source = cachedTokenSource(
      () => new Promise<string>((resolve) => (release = () => resolve(token))),
    );
    const controller = new AbortController();

    const aborted = source({ forceRefresh: false, signal: controller.signal });
    const waiting = source({ forceRefresh: false });
    controller.abort(new Error('user navigated away'));
    await expect(aborted).rejects.toThrow('user navigated away');
    release();
    expect(await waiting).toBe(token);
  });
});
