import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The first ```ts block of a README, or of its `## section` when one is named: the snippet a package's
 * README opens with, or the one a section shows.
 *
 * @example
 * expect(firstTypeScriptBlock(new URL('../README.md', import.meta.url))).toContain("from '@ky-auth/api-key'");
 */
export function firstTypeScriptBlock(readme: URL, section?: string): string {
  const text = readFileSync(readme, 'utf8');
  const start = section === undefined ? 0 : text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`${fileURLToPath(readme)} has no section "## ${section}"`);
  const end = text.indexOf('\n## ', start + 1);
  const match = /```ts\n([\s\S]*?)```/.exec(text.slice(start, end < 0 ? undefined : end));
  if (match?.[1] === undefined) throw new Error(`${fileURLToPath(readme)} has no \`\`\`ts block`);
  return match[1];
}

/**
 * Runs a README's opening snippet (or its `section`'s) as its own module, resolved from the README's
 * folder (so it imports the packages by their public names) or from the folder `from`, and returns the
 * module once its top-level awaits have settled.
 *
 * @example
 * await runReadmeSnippet(new URL('../README.md', import.meta.url));
 * expect(keysTheServerSaw).toEqual(['YOUR-API-KEY']);
 */
export async function runReadmeSnippet(
  readme: URL,
  { section, from }: { readonly section?: string; readonly from?: URL } = {},
): Promise<unknown> {
  const folder = from === undefined ? dirname(fileURLToPath(readme)) : fileURLToPath(from);
  const file = join(folder, `.readme-snippet-${randomUUID()}.ts`);
  writeFileSync(file, `${firstTypeScriptBlock(readme, section)}\nexport {};\n`);
  try {
    return await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}
