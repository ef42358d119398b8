/** Browser bundle sizes of the typical imports, their budgets, and the peers' sizes. */
import { type BundleSize, bundleSize, formatBytes } from '../bundle.ts';
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
  return {
    title: 'Bundle size (browser, esbuild minified ESM, gzip -9, ky external)',
    markdown: `"Target" is the size set as the goal; "ceiling" is what bench/size.test.ts enforces (today's size with a little room, so growth fails the suite). "Largest inputs" are minified bytes before gzip.\n\n${table(
      ['import', 'minified', 'gzip', 'target', 'ceiling', 'largest inputs'],
      rows,
    )}`,
    targets,
  };
}
