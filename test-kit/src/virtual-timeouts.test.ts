import { describe, expect, it } from '@jest/globals';
import { stalledFetch } from './stalled-fetch.ts';
import { rejectionAtTimeout } from './virtual-timeouts.ts';

// The harness must fail a test whose code gives up too early, too late or never, or does not give up.

const withAbortSignalTimeout = (fetch: ReturnType<typeof stalledFetch>['fetch'], ms: number) => () =>
  fetch('https://remote.example/', { signal: AbortSignal.timeout(ms) });

const withSetTimeout = (fetch: ReturnType<typeof stalledFetch>['fetch'], ms: number) => () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error(`gave up after ${ms} ms`)), ms);
  return fetch('https://remote.example/', { signal: controller.signal });
};

describe('rejectionAtTimeout', () => {
  it('returns the rejection of a call that gives up at exactly 10 s through AbortSignal.timeout', async () => {
    const remote = stalledFetch();
    const started = Date.now();
    const reason = await rejectionAtTimeout(withAbortSignalTimeout(remote.fetch, 10_000), 10_000);
    expect(reason).toMatchObject({ name: 'TimeoutError' });
    expect(remote.calls).toBe(1);
    // Virtual time: the 10 seconds were not waited (Date is real again here).
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('works as well for a timeout made with setTimeout', async () => {
    const remote = stalledFetch();
    const reason = await rejectionAtTimeout(withSetTimeout(remote.fetch, 150), 150);
    expect(reason).toEqual(new Error('gave up after 150 ms'));
  });

  it('fails when the call gives up earlier than said', async () => {
    const remote = stalledFetch();
    await expect(rejectionAtTimeout(withAbortSignalTimeout(remote.fetch, 9_000), 10_000)).rejects.toThrow(
      'expected the call to wait 10000 ms, but it rejected after at most 9999 ms',
    );
  });

  it('fails when the call is still waiting at the time said', async () => {
    const remote = stalledFetch();
    await expect(rejectionAtTimeout(withAbortSignalTimeout(remote.fetch, 11_000), 10_000)).rejects.toThrow(
      'expected the call to fail at 10000 ms, but it was still waiting',
    );
  });

  it('fails when the call succeeds', async () => {
    const remote = stalledFetch();
    remote.answerWith(() => Response.json({ ok: true }));
    await expect(rejectionAtTimeout(withAbortSignalTimeout(remote.fetch, 150), 150)).rejects.toThrow(
      'expected the call to wait 150 ms, but it resolved after at most 149 ms',
    );
  });

  it('leaves real timers and the real AbortSignal.timeout behind', async () => {
    const realTimeout = AbortSignal.timeout;
    await rejectionAtTimeout(withAbortSignalTimeout(stalledFetch().fetch, 50), 50);
    expect(AbortSignal.timeout).toBe(realTimeout);
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });
});

describe('stalledFetch', () => {
  it('records every call and its signal, and answers once told to', async () => {
    const remote = stalledFetch();
    const controller = new AbortController();
    const stalled = remote.fetch('https://remote.example/a', { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(stalled).rejects.toThrow('caller gave up');
    remote.answerWith((input) => Response.json({ url: String(input) }));
    const response = await remote.fetch('https://remote.example/b');
    expect(await response.json()).toEqual({ url: 'https://remote.example/b' });
    expect(remote.calls).toBe(2);
    expect(remote.signals).toEqual([controller.signal, undefined]);
  });
});
