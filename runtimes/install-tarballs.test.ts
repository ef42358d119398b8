import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { binaries, pnpmCommand, repoRoot, userEnv } from './support/packed.ts';
import { run } from './support/run.ts';

// The README's "Before it is on a registry", as written: pack with pnpm, then install the tarballs into
// a fresh project with npm, pnpm and bun (offline: ky comes from a tarball of the workspace's), run the
// README's first request from there, and compile a TypeScript project against the installed types with
// the oldest TypeScript the README states and the current one.

// Packing builds two packages; each install is a process of its own.
jest.setTimeout(120_000);

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

let work: string;
let packs: string;
let kyTarball: string;
let server: Server;
let endpoint: string;
const keysSeen: (string | undefined)[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ky-auth-tarballs-'));
  packs = join(work, 'ky-auth-packs');
  mkdirSync(packs);
  // The README's pack command, for the two packages the README's install line names.
  const pack = spawnSync(
    pnpmCommand()[0]!,
    [
      ...pnpmCommand().slice(1),
      '-r',
      '--filter',
      './packages/core',
      '--filter',
      './packages/api-key',
      'pack',
      '--pack-destination',
      packs,
    ],
    { cwd: repoRoot, encoding: 'utf8', env: userEnv() },
  );
  if (pack.status !== 0) throw new Error(`pnpm pack failed:\n${pack.stdout}\n${pack.stderr}`);
  // ky 2 as a tarball, so that no install needs the registry.
  const kyDir = realpathSync(join(import.meta.dirname, 'node_modules', 'ky'));
  const kyFile = execFileSync(
    'npm',
    ['pack', '--silent', '--ignore-scripts', '--pack-destination', work, kyDir],
    {
      encoding: 'utf8',
      env: userEnv(),
    },
  ).trim();
  kyTarball = join(work, kyFile);
  server = createServer((request, response) => {
    const key = request.headers['x-api-key'];
    keysSeen.push(typeof key === 'string' ? key : undefined);
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify(key === 'my-usage-plan-key' ? { authorizedBy: 'API key' } : { refused: true }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/prod/`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** A fresh project next to the packs, as the README places it (`../ky-auth-packs`). */
function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

/** The README's paths, made this machine's; `ky` from its tarball. */
const local = (text: string) =>
  text
    .replaceAll('~/ky-auth-packs', packs)
    .replaceAll('../ky-auth-packs', packs)
    .replace('"ky": "^2.1.0"', `"ky": "file:${kyTarball}"`);

/** Runs the README's first request in `dir`, against the local API: what it printed and the key sent. */
async function firstRequestIn(dir: string) {
  writeFileSync(join(dir, 'first-request.js'), firstRequest.replace(gateway, endpoint));
  const before = keysSeen.length;
  const result = await run(binaries.node, ['first-request.js'], { cwd: dir });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, keys: keysSeen.slice(before) };
}
const answered = {
  code: 0,
  stdout: "{ authorizedBy: 'API key' }\n",
  stderr: '',
  keys: ['my-usage-plan-key'],
};

const exec = (command: string, args: readonly string[], cwd: string) =>
  spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv() });

describe("the README's tarballs, installed", () => {
  it('has the blocks it is tested by', () => {
    expect(npmLine).toMatch(/^npm install ky ~\/ky-auth-packs\/ky-auth-core-0\.1\.0\.tgz /);
    expect(manifest).toContain('"overrides"');
    expect(workspaceYaml).toContain('"@ky-auth/core": file:../ky-auth-packs/ky-auth-core-0.1.0.tgz');
  });

  it('with npm: the install line as written', async () => {
    const dir = project('with-npm');
    const [command, ...args] = local(npmLine)
      .replace(/^npm install ky /, `npm install ${kyTarball} `)
      .split(' ');
    const installed = exec(command!, [...args, '--offline', '--no-audit', '--no-fund'], dir);
    expect({ status: installed.status, stderr: installed.stderr }).toMatchObject({ status: 0 });
    expect(await firstRequestIn(dir)).toEqual(answered);
  });

  it('with pnpm: fails on the registry lookup without the override, installs with it', async () => {
    const dir = project('with-pnpm');
    writeFileSync(join(dir, 'package.json'), local(manifest));
    const pnpm = pnpmCommand();
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
  // installed declaration files (ky's too: skipLibCheck off).
  it.each([
    [
      'the oldest TypeScript the README states (5.0)',
      join(import.meta.dirname, 'node_modules', 'typescript-min'),
    ],
    ['the current TypeScript', join(repoRoot, 'node_modules', 'typescript')],
  ])('compiles against the installed types with %s', async (_title, typescript) => {
    expect(readme).toContain('The types need TypeScript 5.0 or later');
    const dir = join(work, 'with-npm');
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
        'const apis = fromConfig(config, { authorizers: { API_KEY: apiKeyAuthorizer({ key: "k" }) } });',
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
