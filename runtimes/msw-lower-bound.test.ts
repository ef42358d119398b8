import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { binaries, repoRoot } from './support/packed.ts';
import { answerOf, run } from './support/run.ts';

// @ky-auth/testing's peer range starts at the msw its handlers need (`getResponse`, behind httpListener,
// arrived in msw 2.1.3). runtimes/package.json installs that lowest version as `msw-lower-bound`; this
// bundles a program using the package with every `msw` import resolved to it, and runs it on Node 20.

const runtimesDir = import.meta.dirname;
const testingManifest = JSON.parse(
  readFileSync(join(repoRoot, 'packages', 'testing', 'package.json'), 'utf8'),
);
const lowerBound = JSON.parse(
  readFileSync(join(runtimesDir, 'node_modules', 'msw-lower-bound', 'package.json'), 'utf8'),
).version as string;

it('tests the lowest msw that @ky-auth/testing’s peer range allows', () => {
  const range = testingManifest.peerDependencies.msw as string;
  const lowest = /^\^(\d+\.\d+\.\d+)/.exec(range)?.[1];
  expect(lowest).toBe(lowerBound);
});

it(`serves the gateway and user-pool handlers with msw ${lowerBound}, in process and over HTTP (Node 20)`, async () => {
  // In runtimes/node_modules, so the bundle's external imports (the old msw, jose) resolve from there.
  const outdir = join(runtimesDir, 'node_modules', '.cache', 'msw-lower-bound');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'program.mjs');
  await build({
    entryPoints: [join(runtimesDir, 'programs', 'msw-lower-bound.js')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [
      {
        name: 'msw-lower-bound',
        setup(builder) {
          builder.onResolve({ filter: /^msw(\/|$)/ }, (args) => ({
            path: args.path.replace(/^msw/, 'msw-lower-bound'),
            external: true,
          }));
          builder.onResolve({ filter: /^jose$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  const bundled = readFileSync(outfile, 'utf8');
  expect(bundled).toContain('from "msw-lower-bound/node"');
  expect(bundled).not.toMatch(/from "msw(\/|")/);

  const answer = answerOf(await run(binaries.node20, [outfile], { cwd: outdir }));
  const unauthorized = [401, { message: 'Unauthorized' }];
  expect(answer).toEqual({
    inProcess: { ok: [200, 'alice'], denied: unauthorized },
    overHttp: { ok: [200, 'alice'], denied: unauthorized },
  });
}, 30_000);
