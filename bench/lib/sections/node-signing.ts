/** Signing speed in Node: every signer on every fixture, verified first, then timed interleaved. */
import { fixtures } from '../fixtures.ts';
import { collectGarbage } from '../gc.ts';
import { kyAuth, kyAuthHook } from '../ky-auth.ts';
import { formatNs, medians } from '../measure.ts';
import { aws4Signer, limit } from '../node-peers.ts';
import type { Signer } from '../peers.ts';
import { ratio, type Section, type Target, table } from '../report.ts';
import { portableSigners } from '../signer-sets.ts';
import { verifySigner } from '../verify.ts';

/** Per fixture id, per signer name: median nanoseconds. */
export type SigningFigures = Map<string, Map<string, number>>;

const signers: readonly Signer[] = [...portableSigners, aws4Signer, limit];

export async function nodeSigning(
  progress: (text: string) => void,
): Promise<{ section: Section; figures: SigningFigures }> {
  for (const signer of signers) for (const fixture of fixtures) await verifySigner(signer, fixture);
  progress(`all ${signers.length} signers' output verified by @ky-auth/testing's SigV4 verifier`);

  const figures: SigningFigures = new Map();
  for (const fixture of fixtures) {
    const cases = signers.map((signer) => ({ name: signer.name, ...signer.prepare(fixture) }));
    figures.set(
      fixture.id,
      await medians(cases, {
        rounds: 5,
        minCpuTimeMs: fixture.id === 'post-1m' ? 200 : 100,
        gc: collectGarbage,
        onProgress: (text) => progress(`[node ${fixture.id}] ${text}`),
      }),
    );
  }

  const cell = (fixtureId: string, name: string) => {
    const row = figures.get(fixtureId)!;
    return `${formatNs(row.get(name)!)} (${ratio(row.get(name)!, row.get(kyAuth.name)!)})`;
  };
  const markdown = table(
    ['signer', 'contract', ...fixtures.map((f) => f.label)],
    signers.map((s) => [s.name, s.contract, ...fixtures.map((f) => cell(f.id, s.name))]),
  );

  const targets: Target[] = [];
  const peers = signers.filter((s) => s.contract === 'Request' && s !== kyAuth && s !== limit);
  for (const fixture of fixtures) {
    const row = figures.get(fixture.id)!;
    const own = row.get(kyAuth.name)!;
    const fastest = peers.reduce((best, s) => (row.get(s.name)! < row.get(best.name)! ? s : best));
    targets.push({
      text: `${fixture.label}: ky-auth signRequest faster than every same-contract peer`,
      met: own < row.get(fastest.name)!,
      detail: `ky-auth ${formatNs(own)}, fastest peer ${fastest.name} ${formatNs(row.get(fastest.name)!)}`,
    });
  }
  const oneKib = figures.get('post-1k')!;
  const toLimit = oneKib.get(kyAuth.name)! / oneKib.get(limit.name)!;
  targets.push({
    text: 'POST 1 KiB JSON: ky-auth signRequest within 1.5× of the limit',
    met: toLimit <= 1.5,
    detail: `${toLimit.toFixed(2)}× (${formatNs(oneKib.get(kyAuth.name)!)} vs ${formatNs(oneKib.get(limit.name)!)}); hook path ${ratio(oneKib.get(kyAuthHook.name)!, oneKib.get(limit.name)!)} of the limit`,
  });

  return {
    section: {
      title: 'Signing speed, Node',
      markdown: `Median per signed request (ratio to ky-auth \`signRequest\`). Request-contract signers build the \`Request\` inside the timed call; plain-object signers build their object; the hook path is \`iamSigner(…).apply(request, context)\` with \`context.body\`, as authHooks calls it. Every signer's output passed an independent SigV4 verifier first.\n\n${markdown}`,
      targets,
    },
    figures,
  };
}
