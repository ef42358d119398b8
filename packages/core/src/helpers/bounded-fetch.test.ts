import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { RequestPolicyError } from '../errors.ts';
import { boundedFetch } from './bounded-fetch.ts';

const url = 'https://login.example.com/token';
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A fetch that records the init it was given and answers `response`. */
function answering(response: (init: RequestInit | undefined) => Response) {
  const inits: (RequestInit | undefined)[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    inits.push(init);
    return response(init);
  };
  return { fetch, inits };
}

/** A body that never ends, and whether it was cancelled. */
function endlessBody() {
  const state = { cancelled: false, pulls: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls += 1;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

afterEach(() => {
  jest.useRealTimers();
});

describe('boundedFetch', () => {
  it("sends with redirect: 'manual' and a signal whatever init asks, and gives the answer read whole", async () => {
    const { fetch, inits } = answering(() => Response.json({ access_token: 'a' }, { status: 200 }));
    const { response, complete } = await boundedFetch(
      url,
      { method: 'POST', body: 'grant_type=client_credentials', redirect: 'follow' },
      { fetch, timeoutMs: 5_000, maxBytes: 1024 },
    );
    expect(inits[0]).toMatchObject({
      method: 'POST',
      body: 'grant_type=client_credentials',
      redirect: 'manual',
    });
    expect(inits[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(complete).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ access_token: 'a' });
  });

  it.each([301, 302, 303, 307, 308, 300, 304])(
    'refuses an HTTP %i with RequestPolicyError ERR_AUTH_SERVER_REDIRECT, cancelling its body',
    async (status) => {
      const { body, state } = endlessBody();
      const { fetch } = answering(
        () =>
          new Response(status === 304 ? null : body, {
            status,
            headers: { location: 'http://evil.example/' },
          }),
      );
      const error = await boundedFetch(
        `${url}?client_secret=hunter2-secret`,
        { method: 'POST' },
        {
          fetch,
          timeoutMs: 5_000,
          maxBytes: 1024,
        },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestPolicyError);
      expect(error).toMatchObject({ code: 'ERR_AUTH_SERVER_REDIRECT' });
      expect((error as Error).message).toContain(
        `https://login.example.com/token answered with a redirect (HTTP ${status})`,
      );
      expect((error as Error).message).toContain('Configure the endpoint');
      // Neither the query (which could hold a secret) nor the redirect target is quoted.
      expect((error as Error).message).not.toMatch(/hunter2|evil\.example/);
      if (status !== 304) expect(state.cancelled).toBe(true);
    },
  );

  it("refuses the opaqueredirect a browser gives for redirect: 'manual'", async () => {
    const opaque = { type: 'opaqueredirect', status: 0, body: null } as unknown as Response;
    const error = await boundedFetch(
      url,
      {},
      {
        fetch: async () => opaque,
        timeoutMs: 5_000,
        maxBytes: 1024,
      },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_AUTH_SERVER_REDIRECT' });
    expect((error as Error).message).toContain('(hidden by the browser)');
  });

  it('reads no more than maxBytes of an endless body: incomplete, no body, the stream cancelled', async () => {
    const { body, state } = endlessBody();
    const { fetch } = answering(
      () => new Response(body, { headers: { 'content-length': String(300 * 1024 ** 2) } }),
    );
    const { response, complete } = await boundedFetch(
      url,
      {},
      { fetch, timeoutMs: 5_000, maxBytes: 256 * 1024 },
    );
    expect(complete).toBe(false);
    expect(response.body).toBeNull();
    expect(state.cancelled).toBe(true);
    expect(state.pulls).toBeLessThanOrEqual(6);
  });

  it('gives a body that trickles in a byte at a time timeoutMs in all, then rejects with a TimeoutError', async () => {
    jest.useFakeTimers();
    let cancelled = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => controller.enqueue(bytesOf('{')), 100);
      },
      cancel() {
        cancelled = true;
        clearInterval(timer);
      },
    });
    const { fetch } = answering(() => new Response(trickle));
    let outcome: unknown = 'pending';
    void boundedFetch(url, {}, { fetch, timeoutMs: 2_000, maxBytes: 1024 }).then(
      () => {
        outcome = 'resolved';
      },
      (error: unknown) => {
        outcome = error;
      },
    );
    await jest.advanceTimersByTimeAsync(1_999);
    expect(outcome).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(cancelled).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("ends with the caller's signal, with its reason", async () => {
    const caller = new AbortController();
    const hanging: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const pending = boundedFetch(
      url,
      {},
      { fetch: hanging, timeoutMs: 5_000, maxBytes: 1024, signal: caller.signal },
    );
    const reason = new Error('navigated away');
    caller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('keeps a 204 without a body', async () => {
    const { fetch } = answering(() => new Response(null, { status: 204 }));
    const { response, complete } = await boundedFetch(url, {}, { fetch, timeoutMs: 5_000, maxBytes: 1024 });
    expect(complete).toBe(true);
    expect(response.status).toBe(204);
  });
});

describe('boundedFetch where the platform follows redirects itself (React Native)', () => {
  /** A response as React Native's fetch gives it after its native layer followed a redirect. */
  const followedTo = (finalUrl: string, redirected: boolean | undefined) => {
    const response = Response.json({ access_token: 'foreign' });
    Object.defineProperty(response, 'url', { value: finalUrl });
    Object.defineProperty(response, 'redirected', { value: redirected });
    return response;
  };

  it.each([
    {
      case: 'an answer from another origin (whatwg-fetch has no `redirected`)',
      final: 'https://elsewhere.example.net/landing',
      redirected: undefined,
    },
    { case: 'an answer marked redirected, on the same origin', final: `${url}/moved`, redirected: true },
  ])('refuses $case with ERR_AUTH_SERVER_REDIRECT', async ({ final, redirected }) => {
    const { fetch } = answering(() => followedTo(final, redirected));
    await expect(
      boundedFetch(url, { method: 'POST' }, { fetch, timeoutMs: 1_000, maxBytes: 1024 }),
    ).rejects.toMatchObject({
      code: 'ERR_AUTH_SERVER_REDIRECT',
    });
  });

  it('takes an answer from the origin asked, not redirected', async () => {
    const { fetch } = answering(() => followedTo(url, undefined));
    const { response } = await boundedFetch(
      url,
      { method: 'POST' },
      { fetch, timeoutMs: 1_000, maxBytes: 1024 },
    );
    expect(await response.json()).toEqual({ access_token: 'foreign' });
  });
});
