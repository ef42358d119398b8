import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { runProcess } from '@ky-auth/test-kit';
import { nodeBinary, repoRoot } from './support/run-node.ts';

// The README's example of a mistake, built for production by Vite as an app would be (minified, so every
// class is renamed to a letter), then run: the error it logs must still say ConfigError and its code.

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map(([, code]) => code ?? '')
  .find((code) => code.includes('instanceof ConfigError'));

// Inside examples/node_modules, so the app imports the packages by name, as examples/ declares them.
const cache = join(import.meta.dirname, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const app = mkdtempSync(join(cache, 'vite-build-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** Runs with the user's environment: without jest's NODE_OPTIONS (--experimental-vm-modules). */
const run = (args: readonly string[]) => {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  return runProcess(nodeBinary, args, { cwd: app, env, timeoutMs: 60_000 });
};

it("logs ConfigError and its code from the README's example in a minified Vite build", async () => {
  expect(example).toBeDefined();
  copyFileSync(
    join(import.meta.dirname, 'amplifyconfiguration', 'amplifyconfiguration.json'),
    join(app, 'amplifyconfiguration.json'),
  );
  writeFileSync(join(app, 'readme-example.ts'), example ?? '');
  // What the example logs is kept, and printed as JSON once it has run (imports run in order).
  writeFileSync(
    join(app, 'capture.ts'),
    'export const logged: unknown[] = [];\nconsole.error = (value: unknown) => void logged.push(value);\n',
  );
  writeFileSync(
    join(app, 'main.ts'),
    [
      "import { logged } from './capture.ts';",
      "import './readme-example.ts';",
      'const [error] = logged as Error[];',
      'console.log(JSON.stringify({ count: logged.length, name: error?.name, string: String(error), stack: error?.stack?.split("\\n")[0] }));',
    ].join('\n'),
  );

  const built = await run([join(import.meta.dirname, 'support', 'vite-build.ts'), app]);
  expect({ code: built.code, stderr: built.stderr }).toEqual({ code: 0, stderr: '' });
  const bundle = readFileSync(join(app, 'dist', 'app.js'), 'utf8');
  // Minified: the classes were renamed, so a name taken from the class would be a letter.
  expect(bundle).not.toMatch(/class (ConfigError|KyAuthError)\b/);
  writeFileSync(join(app, 'dist', 'package.json'), '{ "type": "module" }\n');

  const ran = await run([join(app, 'dist', 'app.js')]);
  expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
  const logged = JSON.parse(ran.stdout) as { count: number; name: string; string: string; stack: string };
  const message =
    'api.plugins.awsAPIPlugin.ordersApi.authorizationType: API "ordersApi" uses AWS_IAM: pass its authorizer to fromConfig, as { authorizers: { AWS_IAM: iamAuthorizer() from @ky-auth/iam-signer } }.';
  expect(logged).toEqual({
    count: 1,
    name: 'ConfigError',
    string: `ConfigError [ERR_CONFIG_MISSING_PROVIDER]: ${message}`,
    stack: `ConfigError: ${message}`,
  });
  // The README shows what it prints.
  expect(example).toContain('ConfigError [ERR_CONFIG_MISSING_PROVIDER]: api.plugins.awsAPIPlugin.ordersApi');
}, 90_000);
