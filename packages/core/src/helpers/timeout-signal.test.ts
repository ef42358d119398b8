import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { timeoutSignal } from './timeout-signal.ts';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('timeoutSignal', () => {
  it('aborts at timeoutMs, not before, with a TimeoutError as AbortSignal.timeout does', () => {
    const { signal } = timeoutSignal(1_000);
    jest.advanceTimersByTime(999);
    expect(signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it("aborts with the caller's reason as soon as the caller's signal aborts", () => {
    const caller = new AbortController();
    const { signal } = timeoutSignal(1_000, caller.signal);
    const reason = new Error('the user left the page');
    caller.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it("is aborted at once when the caller's signal already is", () => {
    const reason = new Error('cancelled before');
    const { signal } = timeoutSignal(1_000, AbortSignal.abort(reason));
    expect(signal.reason).toBe(reason);
  });

  it("clear stops the timer and lets go of the caller's signal", () => {
    const caller = new AbortController();
    const deadline = timeoutSignal(1_000, caller.signal);
    deadline.clear();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(5_000);
    caller.abort(new Error('late'));
    expect(deadline.signal.aborted).toBe(false);
  });

  it('uses neither AbortSignal.timeout nor AbortSignal.any, which React Native before 0.87 lacks', () => {
    const { timeout, any } = AbortSignal;
    const missing = () => {
      throw new Error('not in this runtime');
    };
    Object.assign(AbortSignal, { timeout: missing, any: missing });
    try {
      const { signal } = timeoutSignal(10, new AbortController().signal);
      jest.advanceTimersByTime(10);
      expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    } finally {
      Object.assign(AbortSignal, { timeout, any });
    }
  });
});
