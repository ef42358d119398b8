/**
 * Runs bench/browser/page.ts in Debian's headless Chromium (never a downloaded browser), driven by
 * playwright-core: bundles the page with esbuild, serves it from loopback (cross-origin isolated, so
 * `performance.now()` has its finest resolution), and reads the medians back.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { launchChromium } from '@ky-auth/test-kit/chromium';
import { build } from 'esbuild';
import type { BrowserBenchOptions, BrowserResult } from '../browser/page.ts';
import { repoRoot } from './bundle.ts';

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(repoRoot, 'bench', 'browser', 'page.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // mitata probes these runtimes with dynamic imports inside try blocks; in the page they just fail.
    external: ['bun:jsc', 'node:*', '@mitata/counters'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function serve(script: string): Promise<{ server: Server; url: string }> {
  const isolation = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { ...isolation, 'content-type': 'text/javascript' });
      response.end(script);
    } else {
      response.writeHead(200, { ...isolation, 'content-type': 'text/html' });
      response.end(
        '<!doctype html><title>ky-auth bench</title><script type="module" src="/page.js"></script>',
      );
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${address.port}/` });
    }),
  );
}

export interface BrowserRun {
  readonly version: string;
  readonly results: BrowserResult[];
}

export async function runBrowserBench(
  options: BrowserBenchOptions,
  onProgress: (text: string) => void,
): Promise<BrowserRun> {
  const { server, url } = await serve(await bundlePage());
  // --expose-gc lets the page collect garbage between measurements.
  const chromium = await launchChromium(['--js-flags=--expose-gc']).catch((error: unknown) => {
    server.close();
    throw error;
  });
  const { context } = chromium;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => onProgress(message.text()));
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(url);
    await page.waitForFunction(() => 'runSigningBench' in globalThis, undefined, { timeout: 10_000 });
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    if (!isolated) onProgress('warning: the page is not cross-origin isolated; timer resolution is coarse');
    const results = await page.evaluate(
      (opts) =>
        (
          globalThis as unknown as { runSigningBench(o: BrowserBenchOptions): Promise<BrowserResult[]> }
        ).runSigningBench(opts),
      options,
    );
    if (errors.length > 0) throw errors[0];
    const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    return { version, results };
  } finally {
    await chromium.close();
    server.close();
  }
}
