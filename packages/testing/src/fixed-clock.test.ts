import { describe, expect, it } from '@jest/globals';
import { fixedClock } from './fixed-clock.ts';

describe('fixedClock', () => {
  it('stands still until set or advanced', () => {
    const clock = fixedClock(new Date('2024-01-01T00:00:00Z'));
    expect(clock.now()).toBe(1704067200000);
    clock.advance(90_000);
    expect(new Date(clock.now()).toISOString()).toBe('2024-01-01T00:01:30.000Z');
    clock.set('2030-06-01T12:00:00Z');
    expect(clock.now()).toBe(Date.UTC(2030, 5, 1, 12));
    clock.set(0);
    expect(clock.now()).toBe(0);
  });

  it('refuses what is not a date', () => {
    expect(() => fixedClock('yesterday')).toThrow(TypeError);
  });
});
