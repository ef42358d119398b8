/**
 * Per-request overhead through real ky clients against a loopback node:http server in a child process:
 * fixed counts of sequential requests and of concurrent batches, in short turns interleaved across
 * variants round by round (a shared 2-core machine drifts by more than the 5 % to resolve), and the
 * server's own count of requests checked against what was sent (one hit per request: no auth step may
 * make a round trip of its own in steady state).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { collectGarbage } from './gc.ts';
import { median } from './measure.ts';

export interface Variant {
  readonly name: string;
  /** Sends one request and reads its body. */
  readonly send: () => Promise<unknown>;
}

export interface OverheadOptions {
  readonly rounds: number;
  readonly sequential: number;
  readonly batches: number;
  readonly batchSize: number;
  readonly warmup: number;
  readonly onProgress?: ((text: string) => void) | undefined;
}

export interface OverheadResult {
  readonly name: string;
  /** Median wall-clock microseconds per request, one at a time. */
  readonly sequentialUs: number;
  /** Median wall-clock microseconds per request, `batchSize` in flight. */
  readonly concurrentUs: number;
  /** Median over rounds of this variant's sequential time minus the first variant's in the same round. */
  readonly addedSequentialUs: number;
  /** The same, concurrent. */
  readonly addedConcurrentUs: number;
  /** Half the interquartile range of those paired differences: how far one round's figure strays. */
  readonly spreadSequentialUs: number;
  readonly spreadConcurrentUs: number;

  /** Requests the server saw, and requests the client sent. */
  readonly hits: number;
  readonly sent: number;
}

export interface LoopbackServer {
  readonly origin: string;
  hits(): Promise<number>;
  close(): Promise<void>;
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'loopback-server.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string } & T) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`loopback server exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await next<{ port: number }>('listening');
  return {
    origin: `http://127.0.0.1:${port}`,
    async hits() {
      const reply = next<{ hits: number }>('hits');
      child.send({ type: 'hits' });
      return (await reply).hits;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' });
      await exited;
    },
  };
}

interface Timing {
  /** Wall-clock microseconds per request. */
  readonly wallUs: number;
}

/** Wall-clock microseconds per request of `count` requests sent by `run`, from a clean heap. */
async function timed(run: () => Promise<void>, count: number): Promise<Timing> {
  collectGarbage();
  const start = performance.now();
  await run();
  return { wallUs: ((performance.now() - start) * 1000) / count };
}

/** Half the interquartile range. */
function halfIqr(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return (at(0.75) - at(0.25)) / 2;
}

const sequential = (send: Variant['send'], count: number) =>
  timed(async () => {
    for (let i = 0; i < count; i += 1) await send();
  }, count);

const concurrent = (send: Variant['send'], batches: number, size: number) =>
  timed(async () => {
    for (let b = 0; b < batches; b += 1) await Promise.all(Array.from({ length: size }, send));
  }, batches * size);

export async function measureOverhead(
  server: LoopbackServer,
  variants: readonly Variant[],
  options: OverheadOptions,
): Promise<OverheadResult[]> {
  const perRound = options.sequential + options.batches * options.batchSize;
  const state = variants.map((variant) => ({
    variant,
    seq: [] as Timing[],
    con: [] as Timing[],
    hits: 0,
    sent: 0,
  }));
  for (const entry of state) {
    const before = await server.hits();
    await sequential(entry.variant.send, options.warmup);
    entry.hits += (await server.hits()) - before;
    entry.sent += options.warmup;
  }
  for (let round = 0; round < options.rounds; round += 1) {
    // Short turns, in an order that rotates every round, so no variant always follows the same one.
    for (let turn = 0; turn < state.length; turn += 1) {
      const entry = state[(round + turn) % state.length]!;
      const before = await server.hits();
      entry.seq.push(await sequential(entry.variant.send, options.sequential));
      entry.con.push(await concurrent(entry.variant.send, options.batches, options.batchSize));
      entry.hits += (await server.hits()) - before;
      entry.sent += perRound;
    }
    if ((round + 1) % 10 === 0 || round + 1 === options.rounds) {
      options.onProgress?.(
        `round ${round + 1}/${options.rounds}: ${state.map((e) => `${e.variant.name} ${median(e.seq.map((t) => t.wallUs)).toFixed(0)}/${median(e.con.map((t) => t.wallUs)).toFixed(0)} µs`).join(', ')}`,
      );
    }
  }
  const [base] = state;
  // Paired by round: each variant against the bare client measured moments before or after it.
  const paired = (mine: readonly Timing[], theirs: readonly Timing[], of: keyof Timing) =>
    mine.map((timing, round) => timing[of] - theirs[round]![of]);
  return state.map(({ variant, seq, con, hits, sent }) => ({
    name: variant.name,
    sequentialUs: median(seq.map((t) => t.wallUs)),
    concurrentUs: median(con.map((t) => t.wallUs)),
    addedSequentialUs: median(paired(seq, base!.seq, 'wallUs')),
    addedConcurrentUs: median(paired(con, base!.con, 'wallUs')),
    spreadSequentialUs: halfIqr(paired(seq, base!.seq, 'wallUs')),
    spreadConcurrentUs: halfIqr(paired(con, base!.con, 'wallUs')),
    hits,
    sent,
  }));
}
