import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { launchChromium } from '../scripts/chromium.ts';
import { type ApiSecrets, type ApiServer, startApiServer } from './support/api-server.ts';
import { binaries, type Packed, packAll, userProject } from './support/packed.ts';
import { answerOf, run } from './support/run.ts';
import { startWorkerd } from './support/workerd.ts';

// The runtime matrix: the packages as `pnpm -r pack` makes them, unpacked into a user's project, and one
// smoke program (programs/ky2.js, or programs/ky1.js for Node 20) run on every runtime users have. Each
// run signs a request with `signRequest` and sends it with fetch, then calls through ky with an API key,
// a user-pool token and IAM signing; the loopback API checks each credential itself (SigV4 recomputed by
// the `aws4` package). Every runtime comes from the npm registry (runtimes/package.json), Chromium from
// Debian (scripts/ensure-chromium.sh). A runtime that fails fails this test.

const programs = join(import.meta.dirname, 'programs');

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const secrets: ApiSecrets = {
  key: 'smoke-usage-plan-key-0123456789',
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
  it('Node 20 with ky 1.14 (authHooks from @ky-auth/core/ky1)', async () => {
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
