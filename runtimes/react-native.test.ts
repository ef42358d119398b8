import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type Packed, packAll, userProject } from './support/packed.ts';
import { type AwsStandIn, startAwsStandIn } from './support/react-native/aws-stand-in.ts';
import { type Device, loadOnDevice, type NativeNetworking } from './support/react-native/device.ts';
import {
  bundle,
  makeReactNativeApp,
  type ReactNativeRelease,
  releases,
} from './support/react-native/metro.ts';
import { run } from './support/run.ts';

// React Native: the packed packages in an app's node_modules, bundled by Metro with React Native's
// defaults (@react-native/metro-config and its Babel preset) for the oldest supported release (0.79) and
// the newest on npm (0.88), each bundle compiled by that release's own Hermes compiler (hermesc, as a
// release build does), then run in a bare V8 context holding what Hermes gives an app (no Hermes VM that
// runs on linux x64 ships on npm for these releases: hermes-engine-cli stops at Hermes 0.12, from 2022).
// React Native's own modules install fetch (whatwg-fetch), URL and AbortController as InitializeCore
// does; react-native-url-polyfill is installed as the README tells apps to; XMLHttpRequest is a stand-in
// over node:http that follows redirects as OkHttp (Android) or React Native's NSURLSession delegate (iOS)
// does. Every scenario's request is checked by the stand-in AWS itself (SigV4 recomputed by `aws4`).

jest.setTimeout(120_000);

const programs = join(import.meta.dirname, 'programs', 'react-native');
const metroCache = join(import.meta.dirname, '.cache', 'metro');
/** Bundles go outside the apps: Metro's file map of an app must not find the last build's output in it. */
let outputs: string;

/** Each release with each ky major, and each native networking, once. */
const apps: readonly { release: ReactNativeRelease; ky: 'ky' | 'ky1'; networking: NativeNetworking }[] = [
  { release: releases[0]!, ky: 'ky', networking: 'ios' },
  { release: releases[0]!, ky: 'ky1', networking: 'android' },
  { release: releases[1]!, ky: 'ky', networking: 'android' },
  { release: releases[1]!, ky: 'ky1', networking: 'ios' },
];

let work: string;
let packed: Packed[];
let aws: AwsStandIn;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ky-auth-react-native-'));
  outputs = join(work, 'bundles');
  mkdirSync(outputs);
  packed = packAll(join(work, 'packs'));
  aws = await startAwsStandIn();
}, 180_000);

afterAll(async () => {
  await aws?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const sigv4 = (principal: string) => ({ authorizedBy: `SigV4 ${principal}` });

/** What each scenario resolves to when ky-auth works there: what the API answered, or the error. */
const expected = (accessToken: string, release: ReactNativeRelease) => ({
  signRequestPost: { ok: { ...sigv4('AKIDEXAMPLE'), order: { sku: 'widget-42' } } },
  signRequestGet: { ok: sigv4('AKIDEXAMPLE') },
  presignUrl: { ok: { authorizedBy: 'presigned URL' } },
  apiKey: { ok: { authorizedBy: 'API key' } },
  userPoolToken: { ok: { authorizedBy: 'user-pool token' }, input: accessToken },
  iamGet: { ok: sigv4('AKIDEXAMPLE') },
  iamPost: { ok: { ...sigv4('AKIDEXAMPLE'), order: { sku: 'widget-42' } } },
  identityPoolGuest: { ok: sigv4('ASIAGUESTEXAMPLE') },
  identityPoolSignedIn: { ok: sigv4('ASIAUSEREXAMPLE') },
  userPoolSession: {
    ok: { first: { authorizedBy: 'user-pool token' }, afterRefresh: { authorizedBy: 'user-pool token' } },
  },
  userPoolSessionWithSecret: { ok: { authorizedBy: 'user-pool token' } },
  oidcClient: { ok: { authorizedBy: 'OIDC access token' } },
  // The platform's globals stay as they were: no TextDecoder before 0.85, its own after.
  oidcRefresh: {
    ok: {
      partner: { authorizedBy: 'OIDC access token' },
      textDecoderAfter: release.textDecoder ? 'function' : 'undefined',
    },
  },
  fromConfig: {
    ok: {
      orders: sigv4('ASIAGUESTEXAMPLE'),
      catalog: { authorizedBy: 'API key' },
      profile: { authorizedBy: 'user-pool token' },
    },
  },
  lambdaToken: { ok: { authorizedBy: 'Lambda authorizer' } },
  customHeaders: { ok: { authorizedBy: 'none', tenant: 'acme', credentialHeaders: [] } },
  fromConfigNone: { ok: { authorizedBy: 'none', tenant: null, credentialHeaders: [] } },
  explainedTokenRejection: {
    failed: {
      name: 'HTTPError',
      message: expect.stringContaining(
        'A Cognito user-pool authorizer without OAuth scopes on the method accepts only ID tokens',
      ),
    },
  },
  clockSkewRetry: { ok: { authorizedBy: "SigV4 AKIDEXAMPLE, re-signed at the server's time" } },
  explainedRejection: {
    failed: {
      name: 'HTTPError',
      message: expect.stringContaining(
        'their IAM policy does not allow execute-api:Invoke on GET /prod/denied: add it to the role',
      ),
    },
  },
  // The native layer followed the API's redirect to another origin before JavaScript saw it: ky-auth
  // must not hand the app that foreign answer as the API's.
  redirectWithApiKey: { failed: expect.objectContaining({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' }) },
  redirectSigned: { failed: expect.objectContaining({ code: 'ERR_REDIRECT_WITH_CREDENTIALS' }) },
});

describe.each(apps)(
  'React Native $release.version ($networking networking) with $ky',
  ({ release, ky, networking }) => {
    let device: Device;
    let bundlePath: string;

    beforeAll(async () => {
      const project = userProject(join(work, `rn-${release.version}-${ky}`), packed, ky);
      makeReactNativeApp(project, release);
      for (const file of ['setup.js', 'scenarios.js'])
        copyFileSync(join(programs, file), join(project, file));
      copyFileSync(join(programs, ky === 'ky' ? 'ky2.js' : 'ky1.js'), join(project, 'index.js'));
      mkdirSync(metroCache, { recursive: true });
      bundlePath = await bundle({
        project,
        release,
        entry: 'index.js',
        out: join(outputs, `${release.version}-${ky}.${networking}.bundle.js`),
        platform: networking,
        runBeforeMain: [],
        cacheDir: join(metroCache, release.version),
      });
      device = loadOnDevice(bundlePath, { release, networking, port: aws.port });
    }, 240_000);

    it(`compiles with React Native ${release.version}'s Hermes compiler`, async () => {
      const compiled = await run(
        release.hermesc,
        ['-emit-binary', '-w', '-out', `${bundlePath}.hbc`, bundlePath],
        {
          cwd: work,
        },
      );
      expect({ code: compiled.code, stderr: compiled.stderr }).toEqual({ code: 0, stderr: '' });
    });

    it.each(Object.keys(expected('', release)))('%s', async (name) => {
      const want = expected(aws.accessToken, release)[name as keyof ReturnType<typeof expected>];
      const input = 'input' in want ? want.input : undefined;
      const got = await device.run(name, input);
      const { input: _input, ...answer } = want as { input?: unknown };
      expect(got).toEqual(answer);
    });
  },
);

describe('React Native apps as written', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const snippet = /^### React Native\n[\s\S]*?```js\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '';

  it.each(releases)("the README's React Native snippet runs on $version", async (release) => {
    expect(snippet).toContain("import 'react-native-url-polyfill/auto';");
    const project = userProject(join(work, `readme-${release.version}`), packed, 'ky');
    makeReactNativeApp(project, release);
    copyFileSync(join(programs, 'setup.js'), join(project, 'setup.js'));
    // The stand-in API's host and key; nothing else changes.
    writeFileSync(
      join(project, 'api.js'),
      snippet
        .replace('abc123.execute-api', 'a1b2c3d4e5.execute-api')
        .replace('my-usage-plan-key', 'da2-examplecatalogkey0000000'),
    );
    writeFileSync(
      join(project, 'index.js'),
      "import './setup.js';\nimport { api } from './api.js';\nglobalThis.scenarios = { readme: () => api.get('catalog').json() };\n",
    );
    const bundled = await bundle({
      project,
      release,
      entry: 'index.js',
      out: join(outputs, `readme-${release.version}.bundle.js`),
      platform: 'android',
      runBeforeMain: [],
      cacheDir: join(metroCache, release.version),
    });
    const device = loadOnDevice(bundled, { release, networking: 'android', port: aws.port });
    expect(await device.run('readme')).toEqual({ authorizedBy: 'API key' });
  });

  // One platform per release keeps the suite short; the device scenarios above cover both with each.
  it.each([
    { release: releases[0]!, platform: 'ios' as const },
    { release: releases[1]!, platform: 'android' as const },
  ])(
    'examples/react-native bundles for $platform with $release.version, InitializeCore first',
    async ({ release, platform }) => {
      const project = userProject(join(work, `example-${release.version}`), packed, 'ky');
      makeReactNativeApp(project, release);
      for (const file of ['index.js', 'App.tsx'])
        copyFileSync(join(import.meta.dirname, '..', 'examples', 'react-native', file), join(project, file));
      // What React Native's template runs before the app's entry (its native modules set up the globals).
      const initializeCore = createRequire(join(project, 'package.json')).resolve(
        'react-native/Libraries/Core/InitializeCore',
      );
      const out = await bundle({
        project,
        release,
        entry: 'index.js',
        out: join(outputs, `example-${release.version}.${platform}.bundle.js`),
        platform,
        runBeforeMain: [initializeCore],
        cacheDir: join(metroCache, release.version),
      });
      const source = readFileSync(out, 'utf8');
      expect(source).toContain("registerComponent('KyAuthExample'");
      const compiled = await run(release.hermesc, ['-emit-binary', '-w', '-out', `${out}.hbc`, out], {
        cwd: work,
      });
      expect({ code: compiled.code, stderr: compiled.stderr }).toEqual({ code: 0, stderr: '' });
    },
  );
});
