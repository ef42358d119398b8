import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { binaries, repoRoot } from './support/packed.ts';
import { run } from './support/run.ts';

// On Node 20 `npm install ky` gives ky 1.14 (ky 2 needs Node 22). A user there who copies the README's
// ky 2 example as written (`authHooks` from '@ky-auth/core', ky 2's `prefix`) must first meet ky-auth's
// own error, naming the entry point and option to use, not ky 1's bare `Failed to parse URL from catalog`.

const runtimesDir = import.meta.dirname;
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const install = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
const ky2Example = /```js\n([\s\S]*?)```/.exec(install)?.[1] ?? '';

it("meets ky-auth's ERR_KY_MAJOR first when the ky 2 example runs on Node 20 with ky 1.14", async () => {
  expect(ky2Example).toContain("import { authHooks } from '@ky-auth/core';");
  expect(ky2Example).toContain('prefix:');
  // In runtimes/node_modules, where `ky1` (ky 1.14) is installed; every `ky` import becomes it.
  const outdir = join(runtimesDir, 'node_modules', '.cache', 'first-error');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'readme-example.mjs');
  await build({
    stdin: { contents: ky2Example, resolveDir: runtimesDir, sourcefile: 'readme-example.js' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    alias: { ky: 'ky1' },
    // esbuild resolves an alias from its working directory: runtimes/, which declares ky1 (the root does not).
    absWorkingDir: runtimesDir,
    logLevel: 'silent',
  });
  expect(readFileSync(outfile, 'utf8')).toContain('prefixUrl');

  const result = await run(binaries.node20, [outfile], { cwd: outdir });
  expect(result.code).toBe(1);
  expect(result.stderr).not.toContain('Failed to parse URL');
  expect(result.stderr).toContain("code: 'ERR_KY_MAJOR'");
  expect(result.stderr).toMatch(
    /ky 2 needs Node 22\+ \(this is 20\.\d+\.\d+\): on Node 20, use ky 1\.14 and authOptions from '@ky-auth\/core\/ky1' \(prefixUrl, not prefix\)\./,
  );
}, 30_000);
