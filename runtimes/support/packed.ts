import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
const runtimesDir = join(repoRoot, 'runtimes');

/** A package as `pnpm pack` made it: its tarball and the manifest inside. */
export interface Packed {
  /** The folder under `packages/`. */
  readonly folder: string;
  readonly tarball: string;
  readonly manifest: {
    readonly name: string;
    readonly dependencies?: Record<string, string>;
    readonly exports: Record<string, unknown>;
  };
  /** Every path in the tarball, without the leading `package/`. */
  readonly files: readonly string[];
}

/** Every folder under `packages/`: each is a published package. */
export const packageFolders = (): string[] =>
  readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/**
 * `pnpm -r pack` for every package, as a release does: each package's `prepack` removes its `dist` and
 * builds it again, and pnpm writes its `publishConfig` into the packed manifest.
 */
export function packAll(destination: string): Packed[] {
  const run = whilePacking(() =>
    spawnSync(
      pnpmCommand()[0]!,
      [
        ...pnpmCommand().slice(1),
        '-r',
        '--filter',
        './packages/*',
        'pack',
        '--pack-destination',
        destination,
      ],
      { cwd: repoRoot, encoding: 'utf8', env: userEnv() },
    ),
  );
  if (run.status !== 0) throw new Error(`pnpm -r pack failed:\n${run.stdout}\n${run.stderr}`);
  return packageFolders().map((folder) => {
    const { name, version } = JSON.parse(
      readFileSync(join(repoRoot, 'packages', folder, 'package.json'), 'utf8'),
    );
    const tarball = join(destination, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );
    return { folder, tarball, manifest, files };
  });
}

/**
 * Runs `pack` while no other test file packs: packing rebuilds every package's dist/, so two at once (the
 * matrix and the React Native harness run in parallel jest workers) would break each other's build. A lock
 * directory older than 10 minutes is taken to be left by a killed run.
 */
function whilePacking<T>(pack: () => T): T {
  const lock = join(repoRoot, 'node_modules', '.ky-auth-packing');
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(sleep, 0, 0, 250);
    }
  }
  try {
    return pack();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A user's project in `dir`: `node_modules` holds the packed packages as npm would unpack them, their
 * third-party dependencies (linked from the workspace's install) and the given ky (`ky` is ky 2, `ky1`
 * ky 1.14), so programs there import `@ky-auth/*` and `ky` by name from the tarballs.
 */
export function userProject(dir: string, packed: readonly Packed[], ky: 'ky' | 'ky1'): string {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }));
  const linked = new Set<string>();
  const link = (name: string, target: string) => {
    if (linked.has(name)) return;
    linked.add(name);
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(realpathSync(target), join(modules, name), 'dir');
  };
  link('ky', join(runtimesDir, 'node_modules', ky));
  for (const pkg of packed) {
    const target = join(modules, pkg.manifest.name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', pkg.tarball, '-C', target, '--strip-components=1']);
    for (const dependency of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (!dependency.startsWith('@ky-auth/')) {
        link(dependency, join(repoRoot, 'packages', pkg.folder, 'node_modules', dependency));
      }
    }
  }
  return dir;
}

/** How to run the project's pnpm: the one running this suite, else `npx -y pnpm@12`. */
export function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath)) {
    return /\.(c|m)?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ['npx', '-y', 'pnpm@12'];
}

/** The environment a user's process has: without jest's NODE_OPTIONS (`--experimental-vm-modules`). */
export function userEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  return env;
}

/** The runtimes' binaries, each installed from the npm registry by runtimes/package.json. */
export const binaries = {
  node20: join(runtimesDir, 'node_modules', 'node20', 'bin', 'node'),
  node: join(repoRoot, 'node_modules', 'node-runtime', 'bin', 'node'),
  deno: join(runtimesDir, 'node_modules', '.bin', 'deno'),
  bun: join(runtimesDir, 'node_modules', '.bin', 'bun'),
  workerd: join(runtimesDir, 'node_modules', '.bin', 'workerd'),
  attw: join(runtimesDir, 'node_modules', '.bin', 'attw'),
  publint: join(runtimesDir, 'node_modules', '.bin', 'publint'),
} as const;
