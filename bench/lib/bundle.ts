/**
 * Bundles a typical import for the browser the way an app's bundler would (esbuild, minified, ESM,
 * tree-shaken, `ky` left to the app) and measures it gzipped at level 9. Shared by `pnpm bench` and the
 * size budgets in bench/size.test.ts.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The repository root: entries resolve packages from here, as an app in the workspace would. */
export const repoRoot = join(import.meta.dirname, '..', '..');

export interface BundleSize {
  readonly minified: number;
  readonly gzip: number;
  /** Minified bytes each source file contributes, largest first (before gzip). */
  readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
}

/**
 * Bundles `source` (a TypeScript module importing the packages as an app would) and returns its sizes.
 * `ky` is external: every figure is what ky-auth (or the peer) adds to an app that already uses ky.
 */
export async function bundleSize(source: string, name = 'entry.ts'): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: repoRoot, sourcefile: name, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['ky'],
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} kB` : `${bytes} B`;
}
