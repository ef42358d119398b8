import { describe, expect, it, jest } from '@jest/globals';
import { KyAuthError, TokenError } from '@ky-auth/core';
import { caught, expectNoSecrets, jwt } from '@ky-auth/test-kit';
import { latestTokenSource } from './latest-token-source.ts';

type Request = { forceRefresh: boolean };

describe('latestTokenSource', () => {
  it('asks the function once per request, and for nothing more: its answer is what the request carries', async () => {
    const first = await jwt(3600);
    const second = await jwt(3600);
    let current = first;
    const getToken = jest.fn(async (_request: Request) => current);
    const source = latestTokenSource(getToken);

    expect(await source({ forceRefresh: false })).toBe(first);
    current = second; // the app's session moved on (a refresh, another user): the next request follows
    expect(await source({ forceRefresh: false })).toBe(second);
    const burst = await Promise.all(Array.from({ length: 500 }, () => source({ forceRefresh: false })));
    expect(new Set(burst)).toEqual(new Set([second]));
    expect(getToken).toHaveBeenCalledTimes(502);
    expect(getToken.mock.calls.every(([request]) => request.forceRefresh === false)).toBe(true);
  });

  it('answers at once, not with a promise, when the function does', async () => {
    const token = await jwt(3600);
    const source = latestTokenSource(() => token);
    expect(source({ forceRefresh: false })).toBe(token);
  });

  it('asks again with forceRefresh when the function returns an expired token, and never returns it', async () => {
    const expired = await jwt(-10);
    const fresh = await jwt(3600);
    const getToken = jest.fn(({ forceRefresh }: Request) => (forceRefresh ? fresh : expired));
    const source = latestTokenSource(getToken);

    expect(await source({ forceRefresh: false })).toBe(fresh);
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: false }], [{ forceRefresh: true }]]);
  });

  it('judges expiry by the clock it is given', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const token = await jwt(600, now);
    const getToken = jest.fn((_request: Request) => token);
    expect(latestTokenSource(getToken, { now: () => now + 599_000 })({ forceRefresh: false })).toBe(token);
    const error = await caught(() =>
      latestTokenSource(getToken, { now: () => now + 600_000 })({ forceRefresh: false }),
    );
    expect(error).toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
  });

  it('fails with ERR_TOKEN_EXPIRED when even the forced token is expired', async () => {
    const expired = await jwt(-10);
    const source = latestTokenSource(() => expired, { name: 'OIDC' });

    const error = await caught(() => source({ forceRefresh: false }));
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_EXPIRED');
    expect(error.message).toMatch(/^The OIDC token source returned a token that expired at \d{4}-/);
    expectNoSecrets(error, [expired]);
  });

  it('refreshes on forceRefresh while the rejected token is the latest, once for a burst', async () => {
    const tokens = [await jwt(3600), await jwt(3600)];
    const getToken = jest.fn(({ forceRefresh }: Request) => tokens[forceRefresh ? 1 : 0] as string);
    const source = latestTokenSource(getToken);
    const rejected = await source({ forceRefresh: false });

    const burst = await Promise.all(
      Array.from({ length: 20 }, () => source({ forceRefresh: true, stale: rejected })),
    );
    expect(new Set(burst)).toEqual(new Set([tokens[1]]));
    // A late 401 for the old token does not force another refresh: the function already gave a newer one.
    await source({ forceRefresh: true, stale: rejected });
    expect(getToken.mock.calls.filter(([request]) => request.forceRefresh)).toHaveLength(1);
  });

  it('fetches an opaque token for every request', async () => {
    let count = 0;
    const perRequest = latestTokenSource(() => `opaque-${++count}`);
    expect([await perRequest({ forceRefresh: false }), await perRequest({ forceRefresh: false })]).toEqual([
      'opaque-1',
      'opaque-2',
    ]);
  });

  it('follows the function from user A to user B to signed out, from the very next call', async () => {
    const a = await jwt(3600, Date.now(), { sub: 'user-a' });
    const b = await jwt(3600, Date.now(), { sub: 'user-b' });
    let session: string | undefined = a;
    const source = latestTokenSource(async () => {
      if (session === undefined) throw new TokenError('ERR_NOT_SIGNED_IN', 'nobody is signed in');
      return session;
    });
    expect(await source({ forceRefresh: false })).toBe(a);
    session = b;
    expect(await source({ forceRefresh: false })).toBe(b);
    session = undefined;
    expect(await caught(() => source({ forceRefresh: false }))).toMatchObject({ code: 'ERR_NOT_SIGNED_IN' });
  });

  it('wraps what the function throws in ERR_TOKEN_PROVIDER_FAILED, keeping it as the cause', async () => {
    const failure = new Error('identity provider unreachable');
    const error = await caught(() =>
      latestTokenSource(() => Promise.reject(failure))({ forceRefresh: false }),
    );
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('ERR_TOKEN_PROVIDER_FAILED');
    expect(error.cause).toBe(failure);

    const thrown = await caught(() =>
      latestTokenSource(() => {
        throw failure;
      })({ forceRefresh: false }),
    );
    expect(thrown).toMatchObject({ code: 'ERR_TOKEN_PROVIDER_FAILED', cause: failure });

    const own = new TokenError('ERR_NOT_SIGNED_IN', 'sign in');
    expect(await caught(() => latestTokenSource(() => Promise.reject(own))({ forceRefresh: false }))).toBe(
      own,
    );
  });

  it.each([
    ['', 'an empty string'],
    [undefined, 'undefined'],
    [42, 'number'],
  ])('refuses %p as a token', async (value, described) => {
    const error = await caught(() => latestTokenSource(() => value as string)({ forceRefresh: false }));
    expect(error).toBeInstanceOf(KyAuthError);
    expect((error as KyAuthError).code).toBe('ERR_TOKEN_PROVIDER_FAILED');
    expect(error.message).toContain(`returned ${described} instead of a token`);
  });

  it('lets an aborted caller go at once; the others get their token', async () => {
    const token = await jwt(3600);
    const releases: (() => void)[] = [];
    const source = latestTokenSource(
      () => new Promise<string>((resolve) => releases.push(() => resolve(token))),
    );
    const controller = new AbortController();

    const aborted = source({ forceRefresh: false, signal: controller.signal });
    const waiting = source({ forceRefresh: false });
    controller.abort(new Error('user navigated away'));
    await expect(aborted).rejects.toThrow('user navigated away');
    for (const release of releases) release();
    expect(await waiting).toBe(token);
  });
});
