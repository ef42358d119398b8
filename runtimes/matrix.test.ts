import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { launchChromium } from '@ky-auth/test-kit/chromium';
import { build } from 'esbuild';
import { type ApiSecrets, type ApiServer, startApiServer } from './support/api-server.ts';
import { binaries, type Packed, packAll, packageFolders, repoRoot, userProject } from './support/packed.ts';
import { readmeTarballTests } from './support/readme-tarballs.ts';
import { answerOf, run } from './support/run.ts';
import { startWorkerd } from './support/workerd.ts';

// The runtime matrix: the packages as `pnpm -r pack` makes them, unpacked into a user's project, and one
// smoke program (programs/ky2.js, or programs/ky1.js for Node 20) run on every runtime users have. Each
// run signs a request with `signRequest` and sends it with fetch, then calls through ky with an API key,
// a user-pool token and IAM signing; the loopback API checks each credential itself (SigV4 recomputed by
// the `aws4` package). Every runtime comes from the npm registry (runtimes/package.json), Chromium from
// Debian (scripts/ensure-chromium.sh). A runtime that fails fails this test.

// Each runtime starts a process (Chromium, workerd): seconds, more on a busy machine.
jest.setTimeout(60_000);

const programs = join(import.meta.dirname, 'programs');
const leftOver = 'left-over-from-an-old-build.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secrets: ApiSecrets = {
  // The README's install examples use this key.
  key: 'my-usage-plan-key',
  // A user-pool access token as Cognito shapes it; the client reads `exp` only, the API compares it whole.
  accessToken: `${base64url({ alg: 'RS256', kid: 'smoke' })}.${base64url({
    sub: 'smoke-user',
    token_use: 'access',
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.c21va2Utc2lnbmF0dXJl`,
  credentials: {
    accessKeyId: 'AKIDSMOKE0000EXAMPLE',
    secretAccessKey: 'smoke/secret/key/0123456789abcdefghijklmnop',
    sessionToken: 'smoke-session-token',
  },
};

/** What the API answers a program whose four calls were all authorized. */
const authorized = {
  signRequest: {
    authorizedBy: 'SigV4',
    principal: secrets.credentials.accessKeyId,
    order: { sku: 'widget-42' },
  },
  apiKey: { authorizedBy: 'API key' },
  userPoolToken: { authorizedBy: 'user-pool token' },
  iam: { authorizedBy: 'SigV4', principal: secrets.credentials.accessKeyId, order: { sku: 'widget-42' } },
};

/** The server's own verdicts on one program's four requests: each credential checked, none refused. */
const fourAccepted = [
  { route: '/prod/orders', method: 'POST', refusal: null },
  { route: '/prod/catalog', method: 'GET', refusal: null },
  { route: '/prod/profile', method: 'GET', refusal: null },
  { route: '/prod/orders', method: 'POST', refusal: null },
];

let work: string;
let packed: Packed[];
let ky2Project: string;
let ky1Project: string;
let server: ApiServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ky-auth-runtimes-'));
  // What an old build leaves in dist/ (dist/ is git-ignored, never read by other tests): a release must
  // not ship it, so packing must build dist/ afresh.
  for (const folder of packageFolders()) {
    mkdirSync(join(repoRoot, 'packages', folder, 'dist'), { recursive: true });
    writeFileSync(join(repoRoot, 'packages', folder, 'dist', leftOver), 'export const stale = true;\n');
  }
  packed = packAll(join(work, 'packs'));
  ky2Project = userProject(join(work, 'ky2'), packed, 'ky');
  ky1Project = userProject(join(work, 'ky1'), packed, 'ky1');
  copyFileSync(join(programs, 'ky2.js'), join(ky2Project, 'program.js'));
  copyFileSync(join(programs, 'ky1.js'), join(ky1Project, 'program.js'));
  for (const glue of ['cli.js', 'worker.js', 'page.js'])
    copyFileSync(join(programs, glue), join(ky2Project, glue));
  copyFileSync(join(programs, 'cli.js'), join(ky1Project, 'cli.js'));
  server = await startApiServer(secrets);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const input = () => ({ endpoint: server.endpoint, ...secrets });

/** Runs one program and returns its answer with the server's verdicts on the requests it made. */
async function smoke(program: () => Promise<unknown>) {
  const before = server.judged.length;
  const answer = await program();
  return { answer, verdicts: server.judged.slice(before) };
}

describe('the runtime matrix', () => {
  it('Node 20 with ky 1.14 (authOptions from @ky-auth/core/ky1)', async () => {
    const version = await run(binaries.node20, ['--version'], { cwd: ky1Project });
    expect(version.stdout).toMatch(/^v20\./);
    const result = await smoke(async () =>
      answerOf(await run(binaries.node20, ['cli.js', JSON.stringify(input())], { cwd: ky1Project })),
    );
    expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
  });

  it('Node 22+ with ky 2 (authHooks from @ky-auth/core)', async () => {
    const version = await run(binaries.node, ['--version'], { cwd: ky2Project });
    expect(Number(/^v(\d+)\./.exec(version.stdout)?.[1])).toBeGreaterThanOrEqual(22);
    const result = await smoke(async () =>
      answerOf(await run(binaries.node, ['cli.js', JSON.stringify(input())], { cwd: ky2Project })),
    );
    expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
  });

  it('Deno, from the project’s node_modules', async () => {
    const result = await smoke(async () =>
      answerOf(
        await run(
          binaries.deno,
          ['run', '--allow-net', '--allow-read', '--allow-env', 'cli.js', JSON.stringify(input())],
          {
            cwd: ky2Project,
            env: { DENO_DIR: join(work, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' },
          },
        ),
      ),
    );
    expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
  });

  it('Bun, from the project’s node_modules', async () => {
    const result = await smoke(async () =>
      answerOf(
        await run(binaries.bun, ['--no-install', 'cli.js', JSON.stringify(input())], {
          cwd: ky2Project,
          env: { BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache') },
        }),
      ),
    );
    expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
  });

  it('Cloudflare workerd, bundled by esbuild with the workerd conditions', async () => {
    await build({
      absWorkingDir: ky2Project,
      entryPoints: ['worker.js'],
      outfile: join(ky2Project, 'worker.bundle.js'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      logLevel: 'silent',
    });
    const workerd = await startWorkerd(ky2Project, 'worker.bundle.js');
    try {
      const result = await smoke(async () => {
        const response = await fetch(workerd.url, { method: 'POST', body: JSON.stringify(input()) });
        const answer = await response.json();
        if (response.status !== 200) throw new Error(`${JSON.stringify(answer)}\n${workerd.output()}`);
        return answer;
      });
      expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
    } finally {
      await workerd.close();
    }
  }, 60_000);

  it('headless Chromium (Debian’s), bundled by esbuild for the browser', async () => {
    const bundled = await build({
      absWorkingDir: ky2Project,
      entryPoints: ['page.js'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    server.files.set('/static/page.js', { type: 'text/javascript', body: bundled.outputFiles[0]!.text });
    server.files.set('/static/index.html', {
      type: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/static/page.js"></script>',
    });
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const result = await smoke(async () => {
        await page.goto(`${server.origin}/static/index.html#${encodeURIComponent(JSON.stringify(input()))}`);
        await page.waitForFunction(() => 'smokeResult' in window, undefined, { timeout: 20_000 });
        return page.evaluate(() => (window as unknown as { smokeResult: unknown }).smokeResult);
      });
      expect(pageErrors).toEqual([]);
      expect(result).toEqual({ answer: authorized, verdicts: fourAccepted });
    } finally {
      await chromium.close();
    }
  }, 60_000);
});

describe('the packed packages', () => {
  const each = () => packageFolders().map((folder) => ({ folder }));

  it('npm install @ky-auth/cognito-token installs core and token, not oidc-token or oauth4webapi', () => {
    const app = join(work, 'cognito-only');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cognito-only', private: true }));
    const tarball = (name: string) => packed.find((pkg) => pkg.manifest.name === name)!.tarball;
    // The app names only cognito-token; its @ky-auth dependencies come from their tarballs, as from a
    // registry. --offline: nothing else may be fetched, so anything else it needed would fail the install.
    execFileSync(
      'npm',
      [
        'install',
        '--offline',
        '--legacy-peer-deps',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        tarball('@ky-auth/core'),
        tarball('@ky-auth/token'),
        tarball('@ky-auth/cognito-token'),
      ],
      { cwd: app, encoding: 'utf8' },
    );
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual([
      '',
      'node_modules/@ky-auth/cognito-token',
      'node_modules/@ky-auth/core',
      'node_modules/@ky-auth/token',
    ]);
  });

  it.each(each())('$folder ships its LICENSE, README, built entry points and nothing else', ({ folder }) => {
    const pkg = packed.find((candidate) => candidate.folder === folder)!;
    expect(pkg.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    const entryFiles = Object.values(pkg.manifest.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target as Record<string, string>),
    );
    for (const file of entryFiles) expect(pkg.files).toContain(file.replace(/^\.\//, ''));
    // No source maps (they would point at src/, which is not shipped), no sources, no tests.
    expect(
      pkg.files.filter((file) => !/^dist\/.+\.(js|d\.ts)$|^(LICENSE|README\.md|package\.json)$/.test(file)),
    ).toEqual([]);
    expect(pkg.files.filter((file) => /\.test\.|test-support|__tests__/.test(file))).toEqual([]);
    // Built afresh: nothing an earlier build left in dist/.
    expect(pkg.files).not.toContain(`dist/${leftOver}`);
    expect(execFileSync('tar', ['-xzOf', pkg.tarball, 'package/LICENSE'], { encoding: 'utf8' })).toBe(
      readFileSync(join(repoRoot, 'LICENSE'), 'utf8'),
    );
  });

  it.each(each())(
    '$folder says where it lives (repository with directory, homepage, bugs), MIT, published public',
    ({ folder }) => {
      const { manifest } = packed.find((candidate) => candidate.folder === folder)!;
      expect(manifest).toMatchObject({
        license: 'MIT',
        repository: {
          type: 'git',
          url: 'git+https://github.com/ky-auth/ky-auth.git',
          directory: `packages/${folder}`,
        },
        homepage: `https://github.com/ky-auth/ky-auth/tree/main/packages/${folder}#readme`,
        bugs: { url: 'https://github.com/ky-auth/ky-auth/issues' },
        // A scoped package is published restricted unless it says otherwise.
        publishConfig: { access: 'public' },
      });
    },
  );

  it.each(each())('$folder’s README links only to the web or to files in its tarball', ({ folder }) => {
    const pkg = packed.find((candidate) => candidate.folder === folder)!;
    const readme = execFileSync('tar', ['-xzOf', pkg.tarball, 'package/README.md'], { encoding: 'utf8' });
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
    const broken = targets.filter(
      (target) =>
        !/^(https:|mailto:|#)/.test(target) && !pkg.files.includes(target.replace(/^\.\/|#.*$/g, '')),
    );
    expect(broken).toEqual([]);
  });

  it.each(each())('$folder passes publint --strict', async ({ folder }) => {
    const pkg = packed.find((candidate) => candidate.folder === folder)!;
    const result = await run(binaries.publint, ['run', pkg.tarball, '--strict'], { cwd: work });
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('All good!');
  });

  it.each(each())('$folder passes Are the Types Wrong (ESM-only profile)', async ({ folder }) => {
    const pkg = packed.find((candidate) => candidate.folder === folder)!;
    const result = await run(binaries.attw, [pkg.tarball, '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: work,
    });
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
  });
});

describe('@ky-auth/testing in a browser-only TypeScript project (no @types/node)', () => {
  // Only `@ky-auth/testing/node` (httpListener) needs Node's types; the root entry must not.
  const typecheck = async (source: string) => {
    const app = join(work, 'browser-types');
    if (!existsSync(app)) {
      userProject(app, packed, 'ky');
      // msw is a peer dependency of @ky-auth/testing: the user installs it.
      symlinkSync(
        realpathSync(join(import.meta.dirname, 'node_modules', 'msw')),
        join(app, 'node_modules', 'msw'),
      );
    }
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['app.ts'],
      }),
    );
    writeFileSync(join(app, 'app.ts'), source);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    return run(binaries.node, [tsc, '-p', '.'], { cwd: app });
  };

  it('typechecks the root entry', async () => {
    const result = await typecheck(
      `import { apiGateway, gatewayApiKeyAuthorizer } from '@ky-auth/testing';
export const gateway = apiGateway({ endpoint: 'https://api.example.test/prod', authorizer: gatewayApiKeyAuthorizer({ keys: ['k'] }) });
`,
    );
    expect({ code: result.code, output: result.stdout }).toEqual({ code: 0, output: '' });
  });

  it('needs Node types for @ky-auth/testing/node alone', async () => {
    const result = await typecheck(
      `import { httpListener } from '@ky-auth/testing/node';
export const listener = httpListener;
`,
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("Cannot find name 'node:http'");
  });
});

describe('two copies of @ky-auth/core in one app', () => {
  // Version drift (api-key with core 0.1.0, iam-signer with 0.1.1, say) installs core twice. An interceptor
  // built against one copy throws that copy's errors; the hooks of the other must still pass them on.
  it('keeps another copy’s error, its code and its class, instead of ERR_INTERCEPTOR_FAILED', async () => {
    const app = join(work, 'two-copies');
    userProject(app, packed, 'ky');
    const core = packed.find((pkg) => pkg.folder === 'core')!;
    mkdirSync(join(app, 'node_modules', 'core-copy'));
    execFileSync('tar', [
      '-xzf',
      core.tarball,
      '-C',
      join(app, 'node_modules', 'core-copy'),
      '--strip-components=1',
    ]);
    writeFileSync(
      join(app, 'app.js'),
      `import ky from 'ky';
import { authHooks, ConfigError, KyAuthError, TokenError } from '@ky-auth/core';
import * as copy from 'core-copy';

const signedOut = { name: 'signed-out', stage: 'auth', apply() {
  throw new copy.TokenError('ERR_NOT_SIGNED_IN', 'Nobody is signed in; the request was not sent.');
} };
const api = ky.create({ prefix: process.argv[2], retry: 0, hooks: authHooks([signedOut], { endpoint: process.argv[2] }) });
const caught = await api.get('catalog').catch((error) => error);
const fromCopy = new copy.ConfigError('ERR_CONFIG_INVALID', '$', 'x');
class SessionExpired extends TokenError {}
console.log(JSON.stringify({
  twoCopies: copy.TokenError !== TokenError,
  code: caught.code,
  name: caught.name,
  isKyAuthError: caught instanceof KyAuthError,
  isTokenError: caught instanceof TokenError,
  isConfigError: caught instanceof ConfigError,
  configErrorIsConfigError: fromCopy instanceof ConfigError,
  configErrorIsTokenError: fromCopy instanceof TokenError,
  plainErrorIsKyAuthError: new Error('x') instanceof KyAuthError,
  ownSubclassIsTokenError: new SessionExpired('ERR_X', 'x') instanceof copy.TokenError,
  tokenErrorIsOwnSubclass: new copy.TokenError('ERR_X', 'x') instanceof SessionExpired,
}));
`,
    );
    const before = server.judged.length;
    const answer = answerOf(await run(binaries.node, ['app.js', server.endpoint], { cwd: app }));
    expect(answer).toEqual({
      twoCopies: true,
      code: 'ERR_NOT_SIGNED_IN',
      name: 'TokenError',
      isKyAuthError: true,
      isTokenError: true,
      isConfigError: false,
      configErrorIsConfigError: true,
      configErrorIsTokenError: false,
      plainErrorIsKyAuthError: false,
      // A user's own subclass is recognized as any class is, and does not claim every TokenError.
      ownSubclassIsTokenError: true,
      tokenErrorIsOwnSubclass: false,
    });
    // Nothing was sent unauthenticated.
    expect(server.judged.slice(before)).toEqual([]);
  });
});

describe("the README's install examples, as written", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const install = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const [ky2Example, ky1Example] = [...install.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const gateway = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';

  it.each([
    {
      runtime: 'Node 24 with ky 2',
      example: () => ky2Example,
      node: binaries.node,
      project: () => ky2Project,
    },
    {
      runtime: 'Node 20 with ky 1.14',
      example: () => ky1Example,
      node: binaries.node20,
      project: () => ky1Project,
    },
  ])('$runtime', async ({ example, node, project }) => {
    expect(example()).toContain(gateway);
    // The API Gateway URL becomes the local API's; nothing else changes.
    writeFileSync(join(project(), 'readme-example.js'), example()!.replace(gateway, server.endpoint));
    const before = server.judged.length;
    const result = await run(node, ['readme-example.js'], { cwd: project() });
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 0,
      stdout: "{ authorizedBy: 'API key' }\n",
      stderr: '',
    });
    expect(server.judged.slice(before)).toEqual([{ route: '/prod/catalog', method: 'GET', refusal: null }]);
  });
});

// The README's "Before it is on a registry": these tarballs installed with npm, pnpm and bun, and compiled
// against with the oldest TypeScript the README states (support/readme-tarballs.ts).
readmeTarballTests(() => ({ work, packs: join(work, 'packs'), server }));
