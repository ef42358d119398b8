import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ApiServer } from './api-server.ts';
import { binaries, pnpmCommand, repoRoot, userEnv } from './packed.ts';
import { run } from './run.ts';

// The README's "Before it is on a registry", as written, with the tarballs the runtime matrix packed (one
// packing per run: every pack rebuilds dist/): installed into a fresh project with npm, pnpm and bun
// (offline: ky comes from a tarball of the workspace's), the README's first request run from there, and a
// TypeScript project compiled against the installed types with the oldest TypeScript the README states
// and the current one.

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const install = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
// The last part of the Install section.
const beforeRegistry = /^### Before it is on a registry\n([\s\S]*)/m.exec(install)?.[1] ?? '';
const block = (language: string, containing: string) =>
  [...beforeRegistry.matchAll(/```(\w+)\n([\s\S]*?)```/g)].find(
    ([, lang, code]) => lang === language && code?.includes(containing),
  )?.[2] ?? '';
const npmLine = block('sh', 'npm install').trim();
const manifest = block('json', '"dependencies"');
const workspaceYaml = block('yaml', 'overrides');
const firstRequest = /```js\n([\s\S]*?)```/.exec(install)?.[1] ?? '';
const gateway = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';

/** What the tests are given once the matrix has packed: its scratch folder, the packs, its API. */
export interface PackedContext {
  readonly work: string;
  /** The folder `pnpm -r pack` wrote the tarballs to. */
  readonly packs: string;
  /** The matrix's API, which answers `{ authorizedBy: 'API key' }` to the README's key. */
  readonly server: ApiServer;
}

/** Registers the tests; `context` is read when they run, after the matrix's `beforeAll`. */
export function readmeTarballTests(context: () => PackedContext): void {
  let kyTarball: string | undefined;
  /** ky 2 as a tarball, so that no install needs the registry. */
  const ky = () => {
    if (kyTarball === undefined) {
      const kyDir = realpathSync(join(repoRoot, 'runtimes', 'node_modules', 'ky'));
      const file = execFileSync(
        'npm',
        ['pack', '--silent', '--ignore-scripts', '--pack-destination', context().work, kyDir],
        { encoding: 'utf8', env: userEnv() },
      ).trim();
      kyTarball = join(context().work, file);
    }
    return kyTarball;
  };

  /** A fresh project next to the packs, as the README places it (`../ky-auth-packs`). */
  const project = (name: string): string => {
    const dir = join(context().work, 'readme-tarballs', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
    return dir;
  };

  /** The README's paths, made this machine's; `ky` from its tarball. */
  const local = (text: string) =>
    text
      .replaceAll('~/ky-auth-packs', context().packs)
      .replaceAll('../ky-auth-packs', context().packs)
      .replace('"ky": "^2.1.0"', `"ky": "file:${ky()}"`);

  /** Runs the README's first request in `dir` against the matrix's API: what it printed and what the API judged. */
  const firstRequestIn = async (dir: string) => {
    const { server } = context();
    writeFileSync(join(dir, 'first-request.js'), firstRequest.replace(gateway, server.endpoint));
    const before = server.judged.length;
    const result = await run(binaries.node, ['first-request.js'], { cwd: dir });
    return {
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      judged: server.judged.slice(before),
    };
  };
  const answered = {
    code: 0,
    stdout: "{ authorizedBy: 'API key' }\n",
    stderr: '',
    judged: [{ route: '/prod/catalog', method: 'GET', refusal: null }],
  };

  const exec = (command: string, args: readonly string[], cwd: string) =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv() });
  const pnpm = pnpmCommand();

  describe("the README's tarballs, installed", () => {
    it('has the blocks it is tested by', () => {
      expect(npmLine).toMatch(/^npm install ky ~\/ky-auth-packs\/ky-auth-core-0\.1\.0\.tgz /);
      expect(manifest).toContain('"overrides"');
      expect(workspaceYaml).toContain('"@ky-auth/core": file:../ky-auth-packs/ky-auth-core-0.1.0.tgz');
    });

    it('with npm: the install line as written', async () => {
      const dir = project('with-npm');
      const [command, ...args] = local(npmLine)
        .replace(/^npm install ky /, `npm install ${ky()} `)
        .split(' ');
      const installed = exec(command!, [...args, '--offline', '--no-audit', '--no-fund'], dir);
      expect({ status: installed.status, stderr: installed.stderr }).toMatchObject({ status: 0 });
      expect(await firstRequestIn(dir)).toEqual(answered);
    });

    it('with pnpm: fails on the registry lookup without the override, installs with it', async () => {
      const dir = project('with-pnpm');
      writeFileSync(join(dir, 'package.json'), local(manifest));
      const without = exec(pnpm[0]!, [...pnpm.slice(1), 'install', '--offline'], dir);
      expect(without.status).not.toBe(0);
      expect(`${without.stdout}${without.stderr}`).toContain('@ky-auth/core@^0.1.0');
      writeFileSync(join(dir, 'pnpm-workspace.yaml'), local(workspaceYaml));
      const installed = exec(pnpm[0]!, [...pnpm.slice(1), 'install', '--offline'], dir);
      expect({ status: installed.status, output: installed.stdout + installed.stderr }).toMatchObject({
        status: 0,
      });
      expect(await firstRequestIn(dir)).toEqual(answered);
    });

    it('with bun: the package.json as written', async () => {
      const dir = project('with-bun');
      writeFileSync(join(dir, 'package.json'), local(manifest));
      const installed = exec(binaries.bun, ['install'], dir);
      expect({ status: installed.status, output: installed.stdout + installed.stderr }).toMatchObject({
        status: 0,
      });
      expect(await firstRequestIn(dir)).toEqual(answered);
    });

    // The README's first request as TypeScript, and mistakes the types must refuse, compiled against the
    // declaration files npm installed (ky's too: skipLibCheck off).
    it.each([
      [
        'the oldest TypeScript the README states (5.0)',
        join(repoRoot, 'runtimes', 'node_modules', 'typescript-min'),
      ],
      ['the current TypeScript', join(repoRoot, 'node_modules', 'typescript')],
    ])('compiles against the installed types with %s', async (_title, typescript) => {
      expect(readme).toContain('The types need TypeScript 5.0 or later');
      const dir = join(context().work, 'readme-tarballs', 'with-npm');
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            types: [],
          },
          include: ['*.ts'],
        }),
      );
      writeFileSync(
        join(dir, 'consumer.ts'),
        [
          firstRequest,
          "import { ConfigError, fromConfig, type RequestAuthOptions } from '@ky-auth/core';",
          "import { apiKeyAuthorizer } from '@ky-auth/api-key';",
          "const config = { awsAPIPlugin: { catalog: { endpointType: 'REST', endpoint, authorizationType: 'API_KEY' } } };",
          "const apis = fromConfig(config, { authorizers: { API_KEY: apiKeyAuthorizer({ key: 'k' }) } });",
          "await apis.client('catalog').get('items', { context: { authMode: 'none' } satisfies RequestAuthOptions });",
          '// @ts-expect-error a misspelt API name',
          "apis.client('catalogue');",
          '// @ts-expect-error a misspelt authorizer key',
          'fromConfig(config, { authorizers: { API_KEYS: apiKeyAuthorizer() } });',
          '// @ts-expect-error a misspelt auth mode',
          "export const context = { authMode: 'nonee' } satisfies RequestAuthOptions;",
          'export const isUnknownApi = (error: unknown) =>',
          "  error instanceof ConfigError && error.code === 'ERR_CONFIG_UNKNOWN_API';",
        ].join('\n'),
      );
      const compiled = await run(binaries.node, [join(typescript, 'bin', 'tsc'), '-p', '.'], { cwd: dir });
      expect({ code: compiled.code, stdout: compiled.stdout }).toEqual({ code: 0, stdout: '' });
    });
  });
}
