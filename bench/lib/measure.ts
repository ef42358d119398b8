/**
 * Medians with mitata (in Node and in the browser page), interleaved: every case is measured once per
 * round, round after round in a shuffled order, and its figure is the median of its rounds' medians, so
 * a slow spell of a noisy machine lands on all cases alike rather than on whichever ran during it.
 */
import { measure } from 'mitata';

/** One timed call. `input`, when given, is built outside the timing and handed to `run`. */
export interface Timed<T = unknown> {
  input?(): T;
  run(input: T): unknown;
}

export interface Case extends Timed {
  readonly name: string;
}

export interface MeasureOptions {
  readonly rounds: number;
  /** CPU time per case per round, in milliseconds (mitata's `min_cpu_time`). */
  readonly minCpuTimeMs: number;
  /** A full garbage collection, run before every measurement (Node: gc.ts; Chromium: `--expose-gc`). */
  readonly gc: () => void;
  /**
   * Where the clock is coarse (a browser's `performance.now()` moves in 5 µs steps when cross-origin
   * isolated), time enough calls in a row that one sample lasts about this long. Default: one call.
   */
  readonly minSampleMs?: number | undefined;
  /** Called after each case of each round, for progress output. */
  readonly onProgress?: ((text: string) => void) | undefined;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `items` in an order drawn from `seed` (Fisher–Yates over xorshift): the same for the same seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const order = [...items];
  let x = (seed * 0x9e3779b9) | 0 || 1;
  for (let i = order.length - 1; i > 0; i -= 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** `calls` calls of the case one after another, each with its own input. */
function repeated({ input, run }: Timed, calls: number): Timed<unknown[]> {
  return {
    input: () => Array.from({ length: calls }, () => input?.()),
    async run(inputs) {
      for (const each of inputs) await run(each);
    },
  };
}

/** How many calls in a row last about `ms`, from the average over a window ten times as long. */
async function callsPerSample({ input, run }: Timed, ms: number): Promise<number> {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < 10 * ms) {
    await run(input?.());
    calls += 1;
  }
  return Math.max(1, Math.ceil((ms * calls) / (performance.now() - start)));
}

/** mitata's stats for one case; inputs are built as computed parameters, outside the timing. */
function measured(timed: Timed, options: { minCpuTimeMs: number; minSamples: number; gc: () => void }) {
  const settings = {
    min_cpu_time: options.minCpuTimeMs * 1e6,
    min_samples: options.minSamples,
    warmup_samples: 4,
    // Every call here takes microseconds: time each one (mitata would otherwise time 4096 in a row).
    batch_threshold: 1000,
    gc: options.gc,
  };
  const { input, run } = timed;
  if (input === undefined) return measure(() => run(undefined), settings);
  return measure(function* () {
    yield {
      0: () => input(),
      bench: (value: unknown) => run(value),
    };
  }, settings);
}

/** Median nanoseconds per call of each case, keyed by name. A case that throws rejects the whole run. */
export async function medians(cases: readonly Case[], options: MeasureOptions): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  // The first measurements of a process run cold (JIT tiers, heap growth): one short pass, discarded.
  for (const timed of cases) await measured(timed, { minCpuTimeMs: 20, minSamples: 4, gc: options.gc });
  const plans = new Map<string, { timed: Timed; calls: number }>();
  for (const timed of cases) {
    const calls = options.minSampleMs === undefined ? 1 : await callsPerSample(timed, options.minSampleMs);
    plans.set(timed.name, { timed: calls === 1 ? timed : repeated(timed, calls), calls });
  }
  for (let round = 0; round < options.rounds; round += 1) {
    // A new order every round, so no case always runs first, last, or after the same neighbour.
    const order = shuffled(cases, round + 1);
    for (const { name } of order) {
      const { timed, calls } = plans.get(name)!;
      const stats = await measured(timed, {
        minCpuTimeMs: options.minCpuTimeMs,
        minSamples: 12,
        gc: options.gc,
      });
      const perCall = stats.p50 / calls;
      samples.get(name)!.push(perCall);
      options.onProgress?.(
        `round ${round + 1}/${options.rounds} ${name}: ${formatNs(perCall)}${calls > 1 ? ` (${calls} calls a sample)` : ''}`,
      );
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}
