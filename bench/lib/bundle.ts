/**
 * Bundles a typical import for the browser the way an app's bundler would (esbuild, minified, ESM,
 * tree-shaken, dynamic imports split into chunks of their own, `ky` left to the app) and measures what
 * loads up front (the entry and the chunks it imports statically), gzipped at level 9. Shared by `pnpm bench` and the
 * size budgets in bench/size.test.ts.
 */
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** The repository root: entries resolve packages from here, as an app in the workspace would. */
export const repoRoot = join(import.meta.dirname, '..', '..');

/** How an app's bundler builds `source` for the browser: minified ESM, tree-shaken, `ky` left to the app. */
function appBuild(source: string, name: string) {
  return {
    stdin: { contents: source, resolveDir: repoRoot, sourcefile: name, loader: 'ts' as const },
    bundle: true,
    minify: true,
    format: 'esm' as const,
    platform: 'browser' as const,
    target: 'es2022',
    external: ['ky'],
    legalComments: 'none' as const,
    write: false as const,
    metafile: true as const,
    logLevel: 'silent' as const,
  };
}

export interface BundleSize {
  readonly minified: number;
  readonly gzip: number;
  /** Minified bytes each source file contributes, largest first (before gzip). */
  readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
}

/**
 * Bundles `source` (a TypeScript module importing the packages as an app would) and returns its sizes.
 * `ky` is external: every figure is what ky-auth (or the peer) adds to an app that already uses ky.
 * `stubs` replaces source files (paths from the repository root) with other source, to measure what a
 * file costs.
 */
export async function bundleSize(
  source: string,
  name = 'entry.ts',
  stubs: Readonly<Record<string, string>> = {},
): Promise<BundleSize> {
  const stubbing: Plugin = {
    name: 'stubs',
    setup(bundler) {
      bundler.onLoad({ filter: /\.ts$/ }, ({ path }) => {
        const file = relative(repoRoot, path);
        const contents = Object.hasOwn(stubs, file) ? stubs[file] : undefined;
        return contents === undefined ? undefined : { contents, loader: 'ts' };
      });
    },
  };
  const result = await build({
    ...appBuild(source, name),
    plugins: [stubbing],
    // What loads only on a dynamic import (ky-auth's explanations of a 401/403) is not paid up front.
    splitting: true,
    outdir: 'out',
  });
  const { outputs } = result.metafile;
  const upFront = new Set<string>();
  const visit = (path: string) => {
    // `ky` is external: not an output.
    if (upFront.has(path) || outputs[path] === undefined) return;
    upFront.add(path);
    for (const imported of outputs[path]!.imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  // The app's entry: every dynamically imported module is an entry point of its own too.
  visit(Object.keys(outputs).find((path) => outputs[path]!.entryPoint === name)!);
  const files = result.outputFiles.filter((file) =>
    [...upFront].some((path) => file.path.endsWith(path.replace(/^out\//, '/out/'))),
  );
  const code = Buffer.concat(files.map((file) => file.contents));
  const inputs = [...upFront]
    .flatMap((path) => Object.entries(outputs[path]!.inputs))
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

/**
 * The source files `source` needs before any dynamic import runs: bundled with every dynamic import left
 * out. `bundleSize` should load exactly these up front; a file it loads besides them came in through a
 * re-export (a barrel), which a bundler that splits chunks keeps at start whenever lazy code uses the file.
 */
export async function staticallyNeeded(source: string, name = 'entry.ts'): Promise<Set<string>> {
  const leaveLazyOut: Plugin = {
    name: 'leave-lazy-out',
    setup(bundler) {
      bundler.onResolve({ filter: /.*/ }, ({ kind, path }) =>
        kind === 'dynamic-import' ? { path, external: true } : undefined,
      );
    },
  };
  const result = await build({ ...appBuild(source, name), plugins: [leaveLazyOut] });
  const [output] = Object.values(result.metafile.outputs);
  return new Set(
    Object.entries(output!.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([path]) => path),
  );
}

export function formatBytes(bytes: number): string {
  return bytes >= 1000 ? `${(bytes / 1000).toFixed(1)} kB` : `${bytes} B`;
}
