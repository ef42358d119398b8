import type { NowClock } from './types.ts';

/**
 * A clock that stands still until told to move: pass it to the gateway, the token minters and the code under
 * test to make time-dependent behaviour (signature windows, token expiry, skew correction) deterministic.
 *
 * @example
 * ```ts
 * const clock = fixedClock('2024-01-01T00:00:00Z');
 * clock.advance(6 * 60_000);
 * new Date(clock.now()).toISOString(); // '2024-01-01T00:06:00.000Z'
 * ```
 */
export interface TestClock extends NowClock {
  /** Moves the clock to `date`. */
  set(date: Date | number | string): void;
  /** Moves the clock by `ms` milliseconds (negative goes back). */
  advance(ms: number): void;
}

function epochMs(date: Date | number | string): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (Number.isNaN(ms)) throw new TypeError(`fixedClock: ${String(date)} is not a date`);
  return ms;
}

/**
 * Creates a {@link TestClock} showing `date` (a `Date`, milliseconds since the epoch, or an ISO string).
 *
 * @example
 * ```ts
 * import { apiGateway, fixedClock } from '@ky-auth/testing';
 *
 * const clock = fixedClock('2024-01-01T00:10:00Z');
 * const gateway = apiGateway({ endpoint: 'https://api.example.com', clock });
 * clock.set('2024-01-02T00:00:00Z');
 * ```
 */
export function fixedClock(date: Date | number | string): TestClock {
  let current = epochMs(date);
  return {
    now: () => current,
    set: (next) => {
      current = epochMs(next);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
