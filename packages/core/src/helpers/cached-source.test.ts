import { describe, expect, it } from '@jest/globals';
import { cachedSource, type Expiring, type LoadReason } from './cached-source.ts';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A source whose loads the test answers one by one, recording why each was started. */
function scripted<T>(options: { now?: () => number; refreshBeforeMs?: number } = {}) {
  const loads: { reason: LoadReason; answer: ReturnType<typeof deferred<Expiring<T>>> }[] = [];
  const source = cachedSource<T>({
    ...options,
    load(reason) {
      const answer = deferred<Expiring<T>>();
      loads.push({ reason, answer });
      return answer.promise;
    },
  });
  return { source, loads };
}

const hour = 3_600_000;

describe('cachedSource', () => {
  it('loads once for many concurrent callers', async () => {
    let loads = 0;
    const source = cachedSource({
      load: async () => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { value: `v${loads}`, expiresAt: Date.now() + 3_600_000 };
      },
    });
    const values = await Promise.all(Array.from({ length: 100 }, () => source.get()));
    expect(new Set(values)).toEqual(new Set(['v1']));
    expect(loads).toBe(1);
  });

  it('reads a usable value at once, not as a promise; loads, or rejects an aborted caller, as get does', async () => {
    let loads = 0;
    const source = cachedSource({
      load: async () => {
        loads += 1;
        return { value: `v${loads}`, expiresAt: Date.now() + 3_600_000 };
      },
    });
    const first = source.read();
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe('v1');
    expect(source.read()).toBe('v1');
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    await expect(source.read({ signal: controller.signal })).rejects.toThrow('gave up');
    expect(await source.read({ forceRefresh: true, stale: 'v1' })).toBe('v2');
    expect(loads).toBe(2);
  });

  describe('expiry', () => {
    it('keeps a value until refreshBeforeMs (default 60 s) before it expires, then loads again, "expiring"', async () => {
      let now = 1_000_000;
      const { source, loads } = scripted<string>({ now: () => now });
      const first = source.get();
      loads[0]?.answer.resolve({ value: 'v1', expiresAt: now + hour });
      expect(await first).toBe('v1');

      now += hour - 60_000 - 1;
      expect(source.peek()).toBe('v1');
      expect(await source.get()).toBe('v1');
      now += 1;
      expect(source.peek()).toBeUndefined();
      const second = source.get();
      expect(loads.map((load) => load.reason)).toEqual(['initial', 'expiring']);
      loads[1]?.answer.resolve({ value: 'v2', expiresAt: now + hour });
      expect(await second).toBe('v2');
    });

    it('refreshes a short-lived value halfway through its life, and honours refreshBeforeMs', async () => {
      let now = 0;
      const short = scripted<string>({ now: () => now });
      const pending = short.source.get();
      short.loads[0]?.answer.resolve({ value: 'ten seconds', expiresAt: 10_000 });
      await pending;
      now = 4_999;
      expect(short.source.peek()).toBe('ten seconds');
      now = 5_000;
      expect(short.source.peek()).toBeUndefined();

      now = 0;
      const early = scripted<string>({ now: () => now, refreshBeforeMs: 5 * 60_000 });
      const loaded = early.source.get();
      early.loads[0]?.answer.resolve({ value: 'an hour', expiresAt: hour });
      await loaded;
      now = hour - 5 * 60_000 - 1;
      expect(early.source.peek()).toBe('an hour');
      now += 1;
      expect(early.source.peek()).toBeUndefined();
    });

    it('keeps a value without expiresAt for good, and never serves one that is already expired', async () => {
      let now = 0;
      const { source, loads } = scripted<string>({ now: () => now });
      const forever = source.get();
      loads[0]?.answer.resolve({ value: 'forever' });
      await forever;
      now = Number.MAX_SAFE_INTEGER;
      expect(source.read()).toBe('forever');

      const expired = scripted<string>({ now: () => now });
      const answered = expired.source.get();
      expired.loads[0]?.answer.resolve({ value: 'stale on arrival', expiresAt: now - 1 });
      // The caller that asked gets what the load gave (its consumer judges it); nothing keeps it.
      expect(await answered).toBe('stale on arrival');
      expect(expired.source.peek()).toBeUndefined();
      void expired.source.get();
      expect(expired.loads).toHaveLength(2);
    });
  });

  describe('concurrency', () => {
    it('makes callers of a value being refreshed wait for the refresh, one load for all of them', async () => {
      let now = 0;
      const { source, loads } = scripted<string>({ now: () => now });
      const first = source.get();
      loads[0]?.answer.resolve({ value: 'v1', expiresAt: hour });
      await first;
      now = hour - 30_000;
      const waiting = Array.from({ length: 50 }, () => source.get());
      expect(loads).toHaveLength(2);
      loads[1]?.answer.resolve({ value: 'v2', expiresAt: 2 * hour });
      expect(new Set(await Promise.all(waiting))).toEqual(new Set(['v2']));
    });

    it('forces one refresh for a burst naming the same stale value, none for a value already replaced', async () => {
      const { source, loads } = scripted<string>();
      const first = source.get();
      loads[0]?.answer.resolve({ value: 'v1', expiresAt: Date.now() + hour });
      await first;

      const burst = Array.from({ length: 20 }, () => source.get({ forceRefresh: true, stale: 'v1' }));
      expect(loads.map((load) => load.reason)).toEqual(['initial', 'forced']);
      loads[1]?.answer.resolve({ value: 'v2', expiresAt: Date.now() + hour });
      expect(new Set(await Promise.all(burst))).toEqual(new Set(['v2']));
      expect(await source.get({ forceRefresh: true, stale: 'v1' })).toBe('v2');
      expect(loads).toHaveLength(2);
    });

    it('hands a failed load to every caller waiting on it, keeps nothing, and loads again on the next call', async () => {
      const { source, loads } = scripted<string>();
      const waiting = Array.from({ length: 10 }, () => source.get());
      const failure = new Error('provider down');
      loads[0]?.answer.reject(failure);
      const outcomes = await Promise.allSettled(waiting);
      expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason === failure)).toBe(
        true,
      );
      const retried = source.get();
      expect(loads.map((load) => load.reason)).toEqual(['initial', 'initial']);
      loads[1]?.answer.resolve({ value: 'v1', expiresAt: Date.now() + hour });
      expect(await retried).toBe('v1');
    });
  });

  describe('aborts', () => {
    it('rejects a caller whose signal already aborted with its reason, without starting a load', async () => {
      const { source, loads } = scripted<string>();
      const controller = new AbortController();
      const reason = new Error('navigated away');
      controller.abort(reason);
      await expect(source.get({ signal: controller.signal })).rejects.toBe(reason);
      expect(loads).toHaveLength(0);
    });

    it('lets a caller that aborts while waiting go at once with its reason; the load goes on for the others', async () => {
      const { source, loads } = scripted<string>();
      const controller = new AbortController();
      const reason = new Error('timed out');
      const leaving = source.get({ signal: controller.signal });
      const staying = source.get();
      controller.abort(reason);
      await expect(leaving).rejects.toBe(reason);
      loads[0]?.answer.resolve({ value: 'v1', expiresAt: Date.now() + hour });
      expect(await staying).toBe('v1');
      expect(source.peek()).toBe('v1');
      expect(loads).toHaveLength(1);
    });
  });

  describe('clear', () => {
    it('forgets the value: the next call loads, "initial"', async () => {
      const { source, loads } = scripted<string>();
      const first = source.get();
      loads[0]?.answer.resolve({ value: 'v1', expiresAt: Date.now() + hour });
      await first;
      source.clear();
      expect(source.peek()).toBeUndefined();
      const next = source.get();
      expect(loads.map((load) => load.reason)).toEqual(['initial', 'initial']);
      loads[1]?.answer.resolve({ value: 'v2', expiresAt: Date.now() + hour });
      expect(await next).toBe('v2');
    });

    it('during a load: later callers start a new load, and the old load, whenever it ends, is never kept', async () => {
      for (const order of ['old load ends first', 'new load ends first'] as const) {
        const { source, loads } = scripted<string>();
        const before = source.get();
        source.clear();
        const after = source.get();
        expect(loads).toHaveLength(2);
        const [oldLoad, newLoad] = loads;
        if (order === 'old load ends first') {
          oldLoad?.answer.resolve({ value: 'before clear', expiresAt: Date.now() + hour });
          await before;
          expect(source.peek()).toBeUndefined();
          newLoad?.answer.resolve({ value: 'after clear', expiresAt: Date.now() + hour });
        } else {
          newLoad?.answer.resolve({ value: 'after clear', expiresAt: Date.now() + hour });
          await after;
          oldLoad?.answer.resolve({ value: 'before clear', expiresAt: Date.now() + hour });
        }
        expect(await after).toBe('after clear');
        // A caller that joined the load before clear() gets that load's answer: clear() decides what later
        // callers see. Sessions that must not hand it out at sign-out check for themselves (userPoolSession,
        // oidcClient).
        expect(await before).toBe('before clear');
        expect(source.peek()).toBe('after clear');
        expect(source.read()).toBe('after clear');
        expect(loads).toHaveLength(2);
      }
    });

    it('during a load that fails: the failure reaches only its own callers and does not touch the new load', async () => {
      const { source, loads } = scripted<string>();
      const before = source.get();
      source.clear();
      const after = source.get();
      const failure = new Error('old load failed');
      loads[0]?.answer.reject(failure);
      await expect(before).rejects.toBe(failure);
      // The new load is still the one in flight: a third caller joins it rather than starting another.
      const third = source.get();
      expect(loads).toHaveLength(2);
      loads[1]?.answer.resolve({ value: 'v2', expiresAt: Date.now() + hour });
      expect([await after, await third]).toEqual(['v2', 'v2']);
    });
  });
});
