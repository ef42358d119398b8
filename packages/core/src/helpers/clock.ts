import type { Clock } from '../engine/types.ts';

/**
 * Creates a {@link Clock} over `base` (default `Date.now`), starting with no offset.
 *
 * @example
 * ```ts
 * import { createClock } from '@ky-auth/core';
 *
 * const fixed = createClock(() => Date.parse('2015-08-30T12:36:00Z'));
 * fixed.now(); // 1440938160000
 * ```
 */
export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    get offset() {
      return offset;
    },
    setOffset(offsetMs: number) {
      offset = Number.isFinite(offsetMs) ? offsetMs : 0;
    },
  };
}
