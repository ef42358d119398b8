/**
 * The in-page signing bench, bundled by bench/lib/browser.ts: the same fixtures, signers and interleaved
 * mitata medians as in Node, run in headless Chromium. The runner calls `runSigningBench` and reads back
 * the medians; progress goes to the console, which the runner forwards.
 */
import { type Fixture, fixtures, requestOf } from '../lib/fixtures.ts';
import { type Case, medians } from '../lib/measure.ts';
import { browserSigners } from '../lib/signer-sets.ts';

export interface BrowserResult {
  readonly fixture: string;
  readonly name: string;
  readonly ns: number;
}

export interface BrowserBenchOptions {
  readonly fixtures: readonly string[];
  readonly rounds: number;
  readonly minCpuTimeMs: number;
}

/** What reading a `Request`'s body costs here: the part of the Request contract a ky hook can skip. */
export const bodyReadName = 'reference: read a Request body (arrayBuffer)';

function bodyRead(fixture: Fixture): Case {
  return {
    name: bodyReadName,
    input: () => requestOf(fixture),
    run: (request) => (request as Request).arrayBuffer(),
  };
}

async function runSigningBench(options: BrowserBenchOptions): Promise<BrowserResult[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the page needs Chromium started with --js-flags=--expose-gc');
  const results: BrowserResult[] = [];
  for (const fixture of fixtures.filter((f) => options.fixtures.includes(f.id))) {
    const cases = [
      ...browserSigners.map((signer) => ({ name: signer.name, ...signer.prepare(fixture) })),
      bodyRead(fixture),
    ];
    const figures = await medians(cases, {
      rounds: options.rounds,
      minCpuTimeMs: options.minCpuTimeMs,
      minSampleMs: 2,
      gc,
      onProgress: (text) => console.log(`[browser ${fixture.id}] ${text}`),
    });
    for (const [name, ns] of figures) results.push({ fixture: fixture.id, name, ns });
  }
  return results;
}

Object.assign(globalThis, { runSigningBench });
