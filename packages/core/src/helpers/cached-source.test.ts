import { describe, expect, it } from '@jest/globals';
import { cachedSource } from './cached-source.ts';

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
});
