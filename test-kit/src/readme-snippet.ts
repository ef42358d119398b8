import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first ```ts block of a README: the snippet a package's README opens with.
 *
 * @example
 * expect(firstTypeScriptBlock(new URL('../README.md', import.meta.url))).toContain("from '@ky-auth/api-key'");
 */
export function firstTypeScriptBlock(readme: URL): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`${fileURLToPath(readme)} has no \`\`\`ts block`);
  return match[1];
}

/**
 * Runs a README's opening snippet as its own module, resolved from the README's folder (so it imports
 * the packages by their public names), and returns the module once its top-level awaits have settled.
 *
 * @example
 * await runReadmeSnippet(new URL('../README.md', import.meta.url));
 * expect(keysTheServerSaw).toEqual(['YOUR-API-KEY']);
 */
export async function runReadmeSnippet(readme: URL): Promise<unknown> {
  const file = join(dirname(fileURLToPath(readme)), `.readme-snippet-${randomUUID()}.ts`);
  writeFileSync(file, `${firstTypeScriptBlock(readme)}\nexport {};\n`);
  try {
    return await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}
