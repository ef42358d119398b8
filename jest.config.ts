import type { Config } from 'jest';

/**
 * Every package is a jest project; `integration` runs the cross-package suites of integration-tests/
 * against the @ky-auth/testing emulator; `examples` runs the user-facing programs and the browser test;
 * `bench` enforces the bundle-size budgets; `runtimes` packs every package and runs a smoke program on each
 * runtime users have (Node 20 with ky 1, Node 22+ with ky 2, Deno, Bun, workerd, Chromium).
 */
const projectNames = [
  'core',
  'iam-signer',
  'api-key',
  'custom-headers',
  'cognito-token',
  'oidc-token',
  'token',
  'testing',
] as const;

const swcTransform: NonNullable<Config['transform']> = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    },
  ],
};

const project = (name: string, rootDir: string) => ({
  displayName: name,
  rootDir,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: swcTransform,
  testMatch: ['<rootDir>/**/*.test.ts'],
  // bench/.cache holds profiling scratch (git-ignored), never tests.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.cache/'],
});

const config: Config = {
  projects: [
    ...projectNames.map((name) => project(name, `<rootDir>/packages/${name}`)),
    project('integration', '<rootDir>/integration-tests'),
    project('test-kit', '<rootDir>/test-kit'),
    project('examples', '<rootDir>/examples'),
    project('bench', '<rootDir>/bench'),
    project('runtimes', '<rootDir>/runtimes'),
  ],
};

export default config;
