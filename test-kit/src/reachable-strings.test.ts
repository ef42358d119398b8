import { describe, expect, it } from '@jest/globals';
import { reachableStrings } from './reachable-strings.ts';

describe('reachableStrings', () => {
  it('finds a secret wherever an error keeps it: deep in the cause chain, in hidden or symbol-keyed fields', () => {
    const secret = 'refresh-token-9f8e7d';
    const body = { nested: { deeper: { deepest: { token: secret } } } };
    const hidden = new Error('hidden');
    Object.defineProperty(hidden, 'response', { value: { body }, enumerable: false });
    const symbolKeyed = new Error('symbol');
    (symbolKeyed as unknown as Record<symbol, unknown>)[Symbol('raw')] = secret;
    const error = new Error('outer', {
      cause: new Error('middle', { cause: new AggregateError([hidden, symbolKeyed], 'inner') }),
    });

    const found = reachableStrings(error).filter((text) => text.includes(secret));
    expect(found.length).toBeGreaterThan(0);
    // Each of the two hiding places on its own is found too.
    expect(reachableStrings(hidden).some((text) => text.includes(secret))).toBe(true);
    expect(reachableStrings(symbolKeyed).some((text) => text.includes(secret))).toBe(true);
    expect(reachableStrings(new Error('clean', { cause: new Error('also clean') })).join('\n')).not.toContain(
      secret,
    );
  });
});
