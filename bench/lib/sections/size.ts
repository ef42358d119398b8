/** Browser bundle sizes of the typical imports, their budgets, and the peers' sizes. */
import { type BundleSize, bundleSize, formatBytes } from '../bundle.ts';
import { configPromises, enginePromises, type PromiseStub } from '../promise-costs.ts';
import { type Section, type Target, table } from '../report.ts';
import { kyAuthEntries, payForWhatYouUseRatio, peerEntries } from '../size-entries.ts';

export async function size(): Promise<Section> {
  const sizes = new Map<string, BundleSize>();
  for (const entry of [...kyAuthEntries, ...peerEntries]) {
    sizes.set(entry.id, await bundleSize(entry.source, `${entry.id}.ts`));
  }
  const rows = [...kyAuthEntries, ...peerEntries].map((entry) => {
    const { minified, gzip, inputs } = sizes.get(entry.id)!;
    const target =
      entry.target === undefined ? '—' : `${formatBytes(entry.target)} ${gzip <= entry.target ? '✅' : '❌'}`;
    const budget = entry.budget === undefined ? '—' : formatBytes(entry.budget);
    const largest = inputs
      .slice(0, 3)
      .map(
        ({ path, bytes }) =>
          `${path.replace(/^.*node_modules\//, '').replace(/^packages\//, '')} ${formatBytes(bytes)}`,
      )
      .join(', ');
    return [entry.label, formatBytes(minified), formatBytes(gzip), target, budget, largest];
  });
  const targets: Target[] = kyAuthEntries
    .filter((entry) => entry.target !== undefined)
    .map((entry) => ({
      text: `${entry.label} ≤ ${formatBytes(entry.target!)} gzip`,
      met: sizes.get(entry.id)!.gzip <= entry.target!,
      detail: `${formatBytes(sizes.get(entry.id)!.gzip)}`,
    }));
  const all = sizes.get('from-config-all')!.gzip;
  const apiKeyOnly = sizes.get('from-config-api-key')!.gzip;
  targets.push({
    text: `an app pays only for its interceptors: fromConfig + apiKeyAuthorizer ≤ ${payForWhatYouUseRatio * 100} % of fromConfig + all`,
    met: apiKeyOnly <= all * payForWhatYouUseRatio,
    detail: `${formatBytes(apiKeyOnly)} vs ${formatBytes(all)} (${((apiKeyOnly / all) * 100).toFixed(0)} %)`,
  });
  const costs = await promiseCosts(sizes);
  return {
    title: 'Bundle size (browser, esbuild minified ESM, gzip -9, ky external)',
    markdown: `"Target" is the size set as the goal; "ceiling" is what bench/size.test.ts enforces (today's size with a little room, so growth fails the suite). "Largest inputs" are minified bytes before gzip.\n\n${table(
      ['import', 'minified', 'gzip', 'target', 'ceiling', 'largest inputs'],
      rows,
    )}\n\n${costs}`,
    targets,
  };
}

/** The entries with a target, and what each promise costs them: gzip bytes saved with its files stubbed. */
async function promiseCosts(sizes: ReadonlyMap<string, BundleSize>): Promise<string> {
  const entries = kyAuthEntries.filter((entry) => entry.target !== undefined);
  const promises = [...enginePromises, ...configPromises];
  const holds = (entryId: string, promise: PromiseStub) => {
    const paths = new Set(sizes.get(entryId)!.inputs.map(({ path }) => path));
    return Object.keys(promise.stubs).every((file) => paths.has(file));
  };
  const saved = async (entryId: string, stubs: Readonly<Record<string, string>>) => {
    const entry = kyAuthEntries.find(({ id }) => id === entryId)!;
    const without = await bundleSize(entry.source, `${entry.id}.ts`, stubs);
    return sizes.get(entryId)!.gzip - without.gzip;
  };
  // A promise no entry holds is a stub whose file was renamed or removed: say so rather than print dashes.
  const stale = promises.filter((promise) => !entries.some((entry) => holds(entry.id, promise)));
  if (stale.length > 0)
    throw new Error(`promise-costs.ts names files no bundle has: ${stale.map((p) => p.promise).join('; ')}`);
  const rows: string[][] = [];
  for (const promise of promises) {
    const row = [promise.promise];
    for (const entry of entries)
      row.push(holds(entry.id, promise) ? `${await saved(entry.id, promise.stubs)} B` : '—');
    rows.push(row);
  }
  const allDropped = ['**all of these dropped**: size left, and the target'];
  for (const entry of entries) {
    const stubs = Object.assign({}, ...promises.filter((p) => holds(entry.id, p)).map((p) => p.stubs));
    const left = sizes.get(entry.id)!.gzip - (await saved(entry.id, stubs));
    allDropped.push(`${formatBytes(left)} (target ${formatBytes(entry.target!)})`);
  }
  rows.push(allDropped);
  return `What each promise costs up front: the gzip bytes saved when the files that keep it are replaced by stubs with the same exports and no checks or messages (bench/lib/promise-costs.ts; measured only, never shipped). Each row alone; the last row drops them all at once.\n\n${table(
    ['promise', ...entries.map((entry) => entry.label)],
    rows,
  )}`;
}
