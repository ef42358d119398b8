import { describe, expect, it, jest } from '@jest/globals';
import { readLimited } from './read-limited.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(bytesOf(chunk));
      controller.close();
    },
  });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('readLimited', () => {
  it('reads a whole body within the limit', async () => {
    const read = await readLimited(streamOf('ab', 'cd'), { maxBytes: 4 });
    expect(read.complete).toBe(true);
    expect(text(read.bytes)).toBe('abcd');
  });

  it('keeps exactly maxBytes of a longer body and cancels the rest', async () => {
    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(bytesOf('xyz'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const read = await readLimited(endless, { maxBytes: 7 });
    expect(read.complete).toBe(false);
    expect(text(read.bytes)).toBe('xyzxyzx');
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(5);
  });

  it('gives up on a body that trickles past timeoutMs, with what arrived', async () => {
    jest.useFakeTimers();
    try {
      let cancelled = false;
      const trickle = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytesOf('a'));
        },
        cancel() {
          cancelled = true;
        },
      });
      const reading = readLimited(trickle, { maxBytes: 1024, timeoutMs: 1_500 });
      await jest.advanceTimersByTimeAsync(1_499);
      let settled = false;
      void reading.then(() => {
        settled = true;
      });
      await Promise.resolve();
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const read = await reading;
      expect(read).toEqual({ bytes: bytesOf('a'), complete: false });
      expect(cancelled).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it("rejects with the signal's reason when the caller aborts", async () => {
    const controller = new AbortController();
    const never = new ReadableStream<Uint8Array>({});
    const reading = readLimited(never, { maxBytes: 10, signal: controller.signal });
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    const aborted = AbortSignal.abort(reason);
    await expect(readLimited(streamOf('a'), { maxBytes: 10, signal: aborted })).rejects.toBe(reason);
  });

  it('reads no body as empty and complete', async () => {
    expect(await readLimited(null, { maxBytes: 1 })).toEqual({ bytes: new Uint8Array(0), complete: true });
  });
});

describe('readLimited without body streams (React Native)', () => {
  // React Native's fetch (whatwg-fetch over XMLHttpRequest) leaves `body` undefined, the body being in
  // memory already: readLimited is given the Response itself and reads it with arrayBuffer().
  const withoutStreams = (content: string) => {
    const message = {
      body: undefined,
      bodyUsed: false,
      arrayBuffer: async () => {
        message.bodyUsed = true;
        return bytesOf(content).buffer;
      },
    };
    return message as unknown as Response;
  };

  it('reads the whole body within the limit', async () => {
    const read = await readLimited(withoutStreams('{"message":"Signature expired"}'), { maxBytes: 64 });
    expect({ text: text(read.bytes), complete: read.complete }).toEqual({
      text: '{"message":"Signature expired"}',
      complete: true,
    });
  });

  it('keeps exactly maxBytes of a longer body and says it is incomplete', async () => {
    const read = await readLimited(withoutStreams('abcdefgh'), { maxBytes: 3 });
    expect({ text: text(read.bytes), complete: read.complete }).toEqual({ text: 'abc', complete: false });
  });

  it('reads nothing of a body that is null there too', async () => {
    const read = await readLimited({ body: null } as unknown as Response, { maxBytes: 3 });
    expect(read).toEqual({ bytes: new Uint8Array(0), complete: true });
  });

  it("rejects with an AbortError when a signal without `reason` (React Native's before 0.87) was aborted", async () => {
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    await expect(readLimited(withoutStreams('abc'), { maxBytes: 3, signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
