/** Signing speed in headless Chromium: ky-auth against the browser peers on the 1 KiB and 1 MiB bodies. */
import { bodyReadName } from '../../browser/page.ts';
import { runBrowserBench } from '../browser.ts';
import { fixtures } from '../fixtures.ts';
import { kyAuth, kyAuthHook } from '../ky-auth.ts';
import { formatNs } from '../measure.ts';
import { ratio, type Section, type Target, table } from '../report.ts';
import { browserSigners } from '../signer-sets.ts';

export async function browserSigning(
  progress: (text: string) => void,
): Promise<{ section: Section; version: string }> {
  const measured = fixtures.filter((f) => f.id !== 'get');
  const { version, results } = await runBrowserBench(
    { fixtures: measured.map((f) => f.id), rounds: 5, minCpuTimeMs: 100 },
    progress,
  );
  const figure = (fixtureId: string, name: string) => {
    const found = results.find((r) => r.fixture === fixtureId && r.name === name);
    if (found === undefined) throw new Error(`the page returned no figure for ${name} on ${fixtureId}`);
    return found.ns;
  };
  const rows = [
    ...browserSigners.map((s) => ({ name: s.name, contract: s.contract as string })),
    { name: bodyReadName, contract: 'Request' },
  ];
  const markdown = table(
    ['signer', 'contract', ...measured.map((f) => f.label)],
    rows.map(({ name, contract }) => [
      name,
      contract,
      ...measured.map(
        (f) => `${formatNs(figure(f.id, name))} (${ratio(figure(f.id, name), figure(f.id, kyAuth.name))})`,
      ),
    ]),
  );

  const peers = browserSigners.filter((s) => s !== kyAuth && s !== kyAuthHook);
  const targets: Target[] = [];
  for (const fixture of measured) {
    const fastestOf = (candidates: typeof peers) =>
      candidates.reduce((best, s) => (figure(fixture.id, s.name) < figure(fixture.id, best.name) ? s : best));
    const fastest = fastestOf(peers);
    const hook = figure(fixture.id, kyAuthHook.name);
    targets.push({
      text: `Chromium, ${fixture.label}: ky-auth (in the ky hook) at least as fast as the fastest peer`,
      met: hook <= figure(fixture.id, fastest.name),
      detail: `ky-auth ${formatNs(hook)}, fastest ${fastest.name} ${formatNs(figure(fixture.id, fastest.name))}`,
    });
    const sameContract = fastestOf(peers.filter((s) => s.contract === 'Request'));
    const own = figure(fixture.id, kyAuth.name);
    targets.push({
      text: `Chromium, ${fixture.label}: ky-auth signRequest at least as fast as the fastest same-contract peer`,
      met: own <= figure(fixture.id, sameContract.name),
      detail: `ky-auth ${formatNs(own)}, ${sameContract.name} ${formatNs(figure(fixture.id, sameContract.name))}; reading the Request's body alone takes ${formatNs(figure(fixture.id, bodyReadName))}`,
    });
  }
  return {
    section: {
      title: `Signing speed, Chromium ${version} (headless)`,
      markdown: `Median per signed request in the page (ratio to ky-auth \`signRequest\`); the same fixtures, signers and harness as in Node, bundled with esbuild. The last row is no signer: it is what reading a \`Request\`'s body costs in Chromium, which every signer of the Request contract pays and the ky hook skips.\n\n${markdown}`,
      targets,
    },
    version,
  };
}
