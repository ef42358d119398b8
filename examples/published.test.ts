// What users install: each package is published from `dist` (its package.json `publishConfig` replaces the
// development `exports` and `imports`, which point at `src`). These checks keep the two in step, so a new
// entry point or subpath import cannot ship pointing at a file the tarball does not have.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';

const packagesDir = join(import.meta.dirname, '..', 'packages');

interface Manifest {
  readonly name: string;
  readonly files?: readonly string[];
  readonly exports: Record<string, unknown>;
  readonly imports?: Record<string, Record<string, string>>;
  readonly publishConfig: {
    readonly exports: Record<string, unknown>;
    readonly imports?: Record<string, Record<string, string>>;
  };
}

const packages = readdirSync(packagesDir).map((folder) => ({
  folder,
  manifest: JSON.parse(readFileSync(join(packagesDir, folder, 'package.json'), 'utf8')) as Manifest,
}));

/**
 * Subpaths for the workspace's own tests only (`@ky-auth/token/test-support`: helpers the token packages'
 * suites share): never published, and no entry point of what users install.
 */
const developmentOnly = (subpath: string) => subpath === './test-support';
const entries = (exports: Record<string, unknown>) =>
  Object.entries(exports).filter(([subpath]) => !developmentOnly(subpath));

/** `./src/x/y.ts` → `./dist/x/y.js` (and `.d.ts`): what tsconfig.build.json (rootDir src, outDir dist) emits. */
const built = (source: string, extension: '.js' | '.d.ts') =>
  source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, extension);

describe.each(packages)('the published $folder', ({ folder, manifest }) => {
  it('ships dist, and publishes every development entry point as its built twin', () => {
    expect(manifest.files).toContain('dist');
    const published = Object.fromEntries(
      entries(manifest.exports).map(([subpath, source]) => [
        subpath,
        subpath === './package.json'
          ? source
          : { types: built(source as string, '.d.ts'), default: built(source as string, '.js') },
      ]),
    );
    expect(manifest.publishConfig.exports).toEqual(published);
  });

  it('publishes every subpath import (#…) as its built twin, condition by condition', () => {
    const published = Object.fromEntries(
      Object.entries(manifest.imports ?? {}).map(([specifier, conditions]) => [
        specifier,
        Object.fromEntries(
          Object.entries(conditions).map(([condition, source]) => [condition, built(source, '.js')]),
        ),
      ]),
    );
    expect(manifest.publishConfig.imports ?? {}).toEqual(published);
  });

  it('reaches, from its entry points, only files the build compiles (no test or test-support file)', async () => {
    const sources = [
      ...entries(manifest.exports)
        .map(([, source]) => source)
        .filter((source) => source !== './package.json'),
      ...Object.values(manifest.imports ?? {}).flatMap((conditions) => Object.values(conditions)),
    ] as string[];
    const result = await build({
      entryPoints: sources.map((source) => join(packagesDir, folder, source)),
      bundle: true,
      write: false,
      metafile: true,
      outdir: 'out',
      platform: 'neutral',
      packages: 'external',
      logLevel: 'silent',
    });
    const reached = Object.keys(result.metafile.inputs).map((input) =>
      relative(join(packagesDir, folder), join(process.cwd(), input)),
    );
    expect(reached.filter((path) => !path.startsWith('src/'))).toEqual([]);
    expect(reached.filter((path) => /\.test\.ts$|(^|\/)(test-[^/]*|__tests__)\//.test(path))).toEqual([]);
  });
});
