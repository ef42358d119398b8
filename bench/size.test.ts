import { describe, expect, it } from '@jest/globals';
import { type BundleSize, bundleSize, formatBytes, staticallyNeeded } from './lib/bundle.ts';
import { kyAuthEntries, payForWhatYouUseRatio, perFormatEntries } from './lib/size-entries.ts';

const sizes = new Map<string, BundleSize>();
const sizeOf = async (id: string): Promise<BundleSize> => {
  let size = sizes.get(id);
  if (size === undefined) {
    const entry = kyAuthEntries.find((e) => e.id === id)!;
    size = await bundleSize(entry.source, `${id}.ts`);
    sizes.set(id, size);
  }
  return size;
};

/** Where the bytes go, for the failure message: the five largest source files (minified bytes). */
const largest = ({ inputs }: BundleSize) =>
  inputs
    .slice(0, 5)
    .map(({ path, bytes }) => `${path} ${formatBytes(bytes)}`)
    .join(', ');

describe('browser bundle budgets (esbuild, minified, gzip -9, ky external)', () => {
  for (const entry of kyAuthEntries.filter((e) => e.budget !== undefined)) {
    it(`${entry.label} stays within its ${formatBytes(entry.budget!)} ceiling`, async () => {
      const size = await sizeOf(entry.id);
      const verdict = size.gzip <= entry.budget! ? 'within budget' : `over budget; largest: ${largest(size)}`;
      expect(`${formatBytes(size.gzip)} gzip, ${verdict}`).toBe(
        `${formatBytes(size.gzip)} gzip, within budget`,
      );
    });
  }

  it('an app pays only for the authorizers its config uses', async () => {
    const all = await sizeOf('from-config-all');
    const apiKeyOnly = await sizeOf('from-config-api-key');
    expect(apiKeyOnly.gzip).toBeLessThanOrEqual(all.gzip * payForWhatYouUseRatio);
    // And none of the other authorizers' code is in it.
    const paths = apiKeyOnly.inputs.map(({ path }) => path).join('\n');
    expect(paths).not.toMatch(/packages\/(iam-signer|cognito-token|oidc-token)\//);
  });

  it('an app with oidcClient loads oauth4webapi only at its first token request', async () => {
    const { inputs } = await sizeOf('oidc-client');
    const paths = inputs.map(({ path }) => path).join('\n');
    expect(paths).toContain('packages/oidc-token/src/oidc-client.ts');
    expect(paths).not.toContain('oauth4webapi');
  });

  it('an app that signs in ky hooks never loads the body reader signRequest uses', async () => {
    // The engine hands the signer the bytes it sends: the reader loads only for signRequest's own reads.
    const paths = (await sizeOf('iam')).inputs.map(({ path }) => path);
    expect(paths).toContain('packages/iam-signer/src/lib/sign-fetch-request.ts');
    expect(paths).not.toContain('packages/iam-signer/src/lib/read-body.ts');
  });

  it.each(perFormatEntries)('%s pays only for its own configuration format', async (id, reader) => {
    const all = await sizeOf('from-config-api-key');
    const own = await sizeOf(id);
    expect(own.gzip).toBeLessThan(all.gzip);
    const readers = (size: BundleSize) =>
      size.inputs.map(({ path }) => /config\/lib\/styles\/([\w-]+)\.ts$/.exec(path)?.[1]).filter(Boolean);
    expect(readers(own)).toEqual([reader]);
    // The do-it-all door holds all four, so the check above can fail.
    expect(readers(all)).toHaveLength(4);
  });

  // Plumbing shared through a barrel once put the body reader, used only by lazily loaded code, up front in
  // every IAM app (0.6 kB gzip): each `@ky-auth/core/internal/*` subpath is one file for that reason.
  it.each(kyAuthEntries.map((entry) => [entry.id, entry] as const))(
    '%s loads up front only what it needs before a dynamic import runs',
    async (_id, entry) => {
      const { inputs } = await sizeOf(entry.id);
      const needed = await staticallyNeeded(entry.source, `${entry.id}.ts`);
      expect(inputs.map(({ path }) => path).filter((path) => !needed.has(path))).toEqual([]);
    },
  );

  it('bundles no Node built-in for the browser', async () => {
    for (const entry of kyAuthEntries) {
      const { inputs } = await sizeOf(entry.id);
      expect(inputs.filter(({ path }) => path.startsWith('node:'))).toEqual([]);
    }
  });
});
