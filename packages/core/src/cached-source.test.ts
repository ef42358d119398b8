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
});
