import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from '../packed.ts';

const modules = join(repoRoot, 'runtimes', 'node_modules');

/** One React Native release the harness tests: its npm package and the Metro toolchain it ships with. */
export interface ReactNativeRelease {
  /** `0.79`: the oldest release ky-auth supports, or `0.88`: the newest on npm when this was written. */
  readonly version: string;
  /** The `react-native` package (runtimes/package.json installs each under an alias). */
  readonly reactNative: string;
  /** `@react-native/metro-config` of that release: React Native's Metro and Babel defaults. */
  readonly metroConfig: string;
  /** The `metro` that release's template installs. */
  readonly metro: string;
  /** The Hermes compiler that release builds its bundles with. */
  readonly hermesc: string;
  /** Whether that release's Hermes has `TextDecoder` (0.85 and later). */
  readonly textDecoder: boolean;
}

export const releases: readonly ReactNativeRelease[] = [
  {
    version: '0.79',
    reactNative: join(modules, 'rn079'),
    metroConfig: join(modules, 'rnmetroconfig079'),
    metro: join(modules, 'metro082'),
    hermesc: join(modules, 'rn079', 'sdks', 'hermesc', 'linux64-bin', 'hermesc'),
    textDecoder: false,
  },
  {
    version: '0.88',
    reactNative: join(modules, 'rn088'),
    metroConfig: join(modules, '@react-native', 'metro-config'),
    metro: join(modules, 'metro'),
    // The hermes-compiler release 0.88.1 depends on (runtimes/package.json pins the same).
    hermesc: join(modules, 'hermes-compiler', 'hermesc', 'linux64-bin', 'hermesc'),
    textDecoder: true,
  },
];

/**
 * Makes `project` (a user project made by `userProject`) a React Native app of `release`: links
 * `react-native`, `react`, `react-native-url-polyfill` and `@babel/runtime` into its node_modules.
 */
export function makeReactNativeApp(project: string, release: ReactNativeRelease): void {
  const link = (name: string, target: string) => {
    const path = join(project, 'node_modules', name);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(realpathSync(target), path, 'dir');
  };
  link('react-native', release.reactNative);
  link('react', join(modules, 'react'));
  link('react-native-url-polyfill', join(modules, 'react-native-url-polyfill'));
  // React Native's Babel preset compiles the app's own modules to use its helpers (every template has it).
  link('@babel/runtime', join(modules, '@babel', 'runtime'));
}

interface MetroContext {
  readonly originModulePath: string;
  resolveRequest(context: MetroContext, name: string, platform: string | null): unknown;
}

/** What {@link bundle} makes: the bundle's path. */
export interface BundleOptions {
  readonly project: string;
  readonly release: ReactNativeRelease;
  /** The entry module, relative to the project. */
  readonly entry: string;
  readonly out: string;
  readonly platform: 'ios' | 'android';
  /**
   * The modules run before the entry. An app runs React Native's `InitializeCore` (native modules
   * behind it); the harness, with no native side, runs its own setup instead (the entry imports it).
   */
  readonly runBeforeMain: readonly string[];
  /** Where Metro keeps its transform cache between runs (git-ignored). */
  readonly cacheDir: string;
}

/**
 * Bundles `entry` as `react-native bundle` does for a release build (dev false, not minified): Metro with
 * React Native's defaults (`getDefaultConfig` of `@react-native/metro-config`: its resolver conditions and
 * main fields, its Babel preset, its polyfills).
 */
export async function bundle(options: BundleOptions): Promise<string> {
  const { project, release } = options;
  const metroRequire = createRequire(realpathSync(join(release.metro, 'package.json')));
  const Metro = metroRequire('metro');
  const { FileStore } = metroRequire('metro-cache');
  const { getDefaultConfig, mergeConfig } = createRequire(
    realpathSync(join(release.metroConfig, 'package.json')),
  )('@react-native/metro-config');
  const config = mergeConfig(getDefaultConfig(project), {
    projectRoot: project,
    // The packages are symlinks into the workspace's pnpm store, as in a pnpm-managed app.
    watchFolders: [project, join(repoRoot, 'node_modules', '.pnpm')],
    cacheStores: [new FileStore({ root: options.cacheDir })],
    resetCache: false,
    resolver: {
      useWatchman: false,
      // One react-native and one react, the app's, as npm installs them: pnpm's store also holds the copy a
      // peer dependency (react-native-url-polyfill's) was resolved against, of another release.
      resolveRequest: (context: MetroContext, name: string, platform: string | null) =>
        context.resolveRequest(
          /^(react-native|react)(\/|$)/.test(name)
            ? { ...context, originModulePath: join(project, 'package.json') }
            : context,
          name,
          platform,
        ),
    },
    maxWorkers: 2,
    reporter: { update: () => undefined },
    serializer: { getModulesRunBeforeMainModule: () => options.runBeforeMain },
  });
  await Metro.runBuild(config, {
    entry: options.entry,
    out: options.out,
    platform: options.platform,
    dev: false,
    minify: false,
    sourceMap: false,
  });
  return options.out;
}
