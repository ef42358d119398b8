/**
 * The dependency graph, checked from the source itself: every workspace package declares what it imports,
 * no file reaches into another package's folder by relative path, and the packages form strict layers
 * (core ← token ← {cognito-token, oidc-token}; core ← {api-key, custom-headers, iam-signer}; the emulator
 * on core alone; no interceptor package depends on another, not even for its tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface WorkspacePackage {
  /** Folder relative to the repository root, `/`-separated (`packages/core`). */
  readonly folder: string;
  readonly name: string;
  readonly private: boolean;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

/** The folders pnpm-workspace.yaml lists (`packages/*` expanded), read from the file rather than copied. */
function workspaceFolders(): string[] {
  const yaml = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:\s+-\s+.+\n)+)/m.exec(yaml)?.[1] ?? '';
  const patterns = [...block.matchAll(/-\s+['"]?([^'"\n]+?)['"]?\s*$/gm)].map((match) => match[1]!);
  return patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern],
  );
}

function readPackage(folder: string): WorkspacePackage {
  const json = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8'));
  return {
    folder,
    name: json.name,
    private: json.private === true,
    dependencies: json.dependencies ?? {},
    devDependencies: json.devDependencies ?? {},
    peerDependencies: json.peerDependencies ?? {},
  };
}

/** Every TypeScript and JavaScript file of a package: src, tests, test-support, programs, support. */
function sourceFiles(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
    });
  return walk(join(repoRoot, folder));
}

interface ImportSite {
  readonly specifier: string;
  /** `import type` / `export type`: needed to typecheck, never loaded at run time. */
  readonly typeOnly: boolean;
  readonly line: number;
}

/**
 * Every module specifier a file names: static imports and re-exports, `import x = require()`, dynamic
 * `import()`, `require()`, and `require.resolve` / `import.meta.resolve` / `createRequire(…).resolve`.
 * Parsed with TypeScript, so specifiers inside comments and template strings do not count.
 */
export function importSites(path: string, text = readFileSync(path, 'utf8')): ImportSite[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined, typeOnly: boolean) => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    sites.push({ specifier: literal.text, typeOnly, line });
  };
  const isResolveCall = (callee: ts.Expression) =>
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'resolve' &&
    ((ts.isIdentifier(callee.expression) && callee.expression.text === 'require') ||
      ts.isMetaProperty(callee.expression) ||
      (ts.isCallExpression(callee.expression) &&
        ts.isIdentifier(callee.expression.expression) &&
        callee.expression.expression.text === 'createRequire'));
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        isResolveCall(callee)
      ) {
        add(node, node.arguments[0], false);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sites;
}

/** The package a bare specifier loads (`@scope/name` or `name`); undefined for relative, `node:`, `#` ones. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Files a published package ships: its src/ minus tests and test support. */
const isShipped = (pkg: WorkspacePackage, file: string) => {
  const path = relative(join(repoRoot, pkg.folder), file).split(sep).join('/');
  return (
    !pkg.private &&
    path.startsWith('src/') &&
    !/\.test\.[cm]?[jt]sx?$/.test(path) &&
    !path.includes('/test-support/') &&
    !path.endsWith('.d.ts')
  );
};

const packages = workspaceFolders().map(readPackage);
const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
const scanned = packages.map((pkg) => ({
  pkg,
  files: sourceFiles(pkg.folder).map((file) => ({ file, sites: importSites(file) })),
}));

const where = (file: string, line: number) => `${relative(repoRoot, file).split(sep).join('/')}:${line}`;

/** What a package imports but its own package.json does not declare, as `file:line → package`. */
export function undeclaredImports(pkg: WorkspacePackage, files: (typeof scanned)[number]['files']): string[] {
  const declared = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
  const atRunTime = { ...pkg.dependencies, ...pkg.peerDependencies };
  return files.flatMap(({ file, sites }) =>
    sites.flatMap(({ specifier, typeOnly, line }) => {
      const name = packageOf(specifier);
      if (name === undefined || name === pkg.name) return [];
      if (!(name in declared)) return [`${where(file, line)} → ${name} (not declared)`];
      if (isShipped(pkg, file) && !typeOnly && !(name in atRunTime)) {
        return [`${where(file, line)} → ${name} (shipped code, but only a devDependency)`];
      }
      return [];
    }),
  );
}

/** Relative imports that leave their package's folder, as `file:line → target`. */
export function escapingImports(pkg: WorkspacePackage, files: (typeof scanned)[number]['files']): string[] {
  const root = join(repoRoot, pkg.folder) + sep;
  return files.flatMap(({ file, sites }) =>
    sites
      .filter(({ specifier }) => specifier.startsWith('.'))
      .filter(({ specifier }) => !resolve(dirname(file), specifier).startsWith(root))
      .map(({ specifier, line }) => `${where(file, line)} → ${specifier}`),
  );
}

const core = '@ky-auth/core';
const token = '@ky-auth/token';
const testKit = '@ky-auth/test-kit';
const emulator = '@ky-auth/testing';
const interceptorPackages = [
  '@ky-auth/api-key',
  '@ky-auth/custom-headers',
  '@ky-auth/iam-signer',
  '@ky-auth/token',
  '@ky-auth/cognito-token',
  '@ky-auth/oidc-token',
];

/** The layers: which @ky-auth packages each may use at run time, and which more only for its tests. */
export const layers: Readonly<Record<string, { runtime: readonly string[]; tests: readonly string[] }>> = {
  [core]: { runtime: [], tests: [testKit] },
  [token]: { runtime: [core], tests: [testKit, emulator] },
  '@ky-auth/cognito-token': { runtime: [core, token], tests: [testKit, emulator] },
  '@ky-auth/oidc-token': { runtime: [core, token], tests: [testKit, emulator] },
  '@ky-auth/api-key': { runtime: [core], tests: [testKit, emulator] },
  '@ky-auth/custom-headers': { runtime: [core], tests: [testKit, emulator] },
  '@ky-auth/iam-signer': { runtime: [core], tests: [testKit, emulator] },
  [emulator]: { runtime: [core], tests: [testKit] },
  [testKit]: { runtime: [], tests: [] },
};

/** Where a package's declared @ky-auth dependencies break its layer, as `package → dependency (field)`. */
export function layerViolations(pkg: WorkspacePackage): string[] {
  const layer = layers[pkg.name];
  if (layer === undefined) return [];
  const fields = ['dependencies', 'peerDependencies', 'devDependencies'] as const;
  return fields.flatMap((field) =>
    Object.keys(pkg[field])
      .filter((name) => name.startsWith('@ky-auth/'))
      .filter((name) =>
        field === 'devDependencies'
          ? !layer.runtime.includes(name) && !layer.tests.includes(name)
          : !layer.runtime.includes(name),
      )
      .map((name) => `${pkg.name} → ${name} (${field})`),
  );
}

describe('the workspace dependency graph', () => {
  it('finds every workspace package, the published ones and the private ones', () => {
    const names = packages.map((pkg) => pkg.name);
    expect(names).toEqual(
      expect.arrayContaining([
        ...interceptorPackages,
        core,
        emulator,
        testKit,
        '@ky-auth/examples',
        '@ky-auth/integration-tests',
        '@ky-auth/runtimes',
      ]),
    );
    // Every layer names a real package: a renamed package cannot silently escape its rule.
    for (const name of Object.keys(layers)) expect(byName.has(name)).toBe(true);
  });

  it.each(scanned.map(({ pkg, files }) => [pkg.name, pkg, files] as const))(
    '%s declares every package it imports in its own package.json',
    (_name, pkg, files) => {
      expect(files.length).toBeGreaterThan(0);
      expect(undeclaredImports(pkg, files)).toEqual([]);
    },
  );

  it.each(scanned.map(({ pkg, files }) => [pkg.name, pkg, files] as const))(
    '%s never imports another folder by relative path',
    (_name, pkg, files) => {
      expect(escapingImports(pkg, files)).toEqual([]);
    },
  );

  it.each(packages.filter((pkg) => pkg.name in layers).map((pkg) => [pkg.name, pkg] as const))(
    '%s depends only on the layers below it',
    (_name, pkg) => {
      expect(layerViolations(pkg)).toEqual([]);
    },
  );

  it('the root package.json declares what the root tooling (bench/, scripts/, jest.config.ts) imports', () => {
    const root = { ...readPackage('.'), private: true };
    const files = [...sourceFiles('bench'), ...sourceFiles('scripts'), join(repoRoot, 'jest.config.ts')];
    expect(files.length).toBeGreaterThan(2);
    expect(
      undeclaredImports(
        root,
        files.map((file) => ({ file, sites: importSites(file) })),
      ),
    ).toEqual([]);
  });

  it('keeps interceptor packages apart: none depends on another, not even for its tests', () => {
    const edges = packages
      .filter((pkg) => interceptorPackages.includes(pkg.name))
      .flatMap((pkg) =>
        Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies })
          .filter((name) => interceptorPackages.includes(name))
          // token is the shared layer of the two token packages, not a sibling of theirs.
          .filter((name) => !(name === token && layers[pkg.name]!.runtime.includes(token)))
          .map((name) => `${pkg.name} → ${name}`),
      );
    expect(edges).toEqual([]);
  });
});

/**
 * The paths a README's "## Files" table names (`src/a.ts`, `src/lib/` for a folder, `src/lib/canonical-*.ts`
 * for a family), as patterns.
 */
export function filesTablePaths(readme: string): string[] | undefined {
  const section = /\n## Files\n([\s\S]*?)(?:\n## |$)/.exec(readme)?.[1];
  if (section === undefined) return undefined;
  const firstCells = [...section.matchAll(/^\|([^|]*)\|/gm)].map((match) => match[1]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

/** The files of `folder` that no pattern of `listed` covers, and the patterns that match no file. */
export function filesTableGaps(files: readonly string[], listed: readonly string[]) {
  const matcher = (pattern: string) =>
    pattern.endsWith('/')
      ? (file: string) => file.startsWith(pattern)
      : (file: string) =>
          new RegExp(`^${pattern.replace(/[.+?^${}()[\]\\|]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(file);
  const matchers = listed.map((pattern) => ({ pattern, matches: matcher(pattern) }));
  return {
    unlisted: files.filter((file) => !matchers.some(({ matches }) => matches(file))),
    missing: matchers.filter(({ matches }) => !files.some(matches)).map(({ pattern }) => pattern),
  };
}

describe('the package READMEs', () => {
  const published = packages.filter((pkg) => pkg.folder.startsWith('packages/'));

  it.each(published.map((pkg) => [pkg.name, pkg] as const))(
    "%s's README lists the role of every source file, and names no file that is gone",
    (_name, pkg) => {
      const readme = readFileSync(join(repoRoot, pkg.folder, 'README.md'), 'utf8');
      const listed = filesTablePaths(readme);
      expect(listed).toBeDefined();
      const files = sourceFiles(pkg.folder)
        .map((file) => relative(join(repoRoot, pkg.folder), file).split(sep).join('/'))
        // Tests sit beside the file they prove; index.ts is the entry that re-exports the rest.
        .filter((file) => file.startsWith('src/') && !/\.test\.ts$/.test(file) && file !== 'src/index.ts');
      expect(filesTableGaps(files, listed ?? [])).toEqual({ unlisted: [], missing: [] });
    },
  );
});

describe('the checks themselves', () => {
  // The rules above pass on a clean tree; these prove each one reports the violation it exists for.
  const fake = (overrides: Partial<WorkspacePackage>): WorkspacePackage => ({
    folder: 'packages/api-key',
    name: '@ky-auth/api-key',
    private: false,
    dependencies: { '@ky-auth/core': 'workspace:^' },
    devDependencies: { '@jest/globals': '^30' },
    peerDependencies: { ky: '^2' },
    ...overrides,
  });
  const file = (name: string, text: string) => {
    const path = join(repoRoot, 'packages/api-key/src', name);
    return { file: path, sites: importSites(path, text) };
  };

  it('reads static, type-only, re-exported, dynamic and resolved specifiers, never comments or strings', () => {
    const sites = importSites(
      'x.ts',
      [
        "import a from 'a';",
        "import type { B } from 'b';",
        "export { c } from '@scope/c/sub';",
        "const d = await import('d');",
        "const e = createRequire(import.meta.url).resolve('e/bin.js');",
        "// import f from 'f';",
        "const g = `import h from 'h'`;",
      ].join('\n'),
    );
    expect(sites.map(({ specifier, typeOnly }) => [specifier, typeOnly])).toEqual([
      ['a', false],
      ['b', true],
      ['@scope/c/sub', false],
      ['d', false],
      ['e/bin.js', false],
    ]);
    expect(['a', '@scope/c/sub', 'node:fs', 'fs/promises', '#hash', './x.ts'].map(packageOf)).toEqual([
      'a',
      '@scope/c',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reports an import the package does not declare, and shipped code that needs a devDependency', () => {
    const files = [
      file('a.test.ts', "import { http } from 'msw';\nimport { expect } from '@jest/globals';"),
      file('a.ts', "import { expect } from '@jest/globals';"),
    ];
    expect(undeclaredImports(fake({}), files)).toEqual([
      'packages/api-key/src/a.test.ts:1 → msw (not declared)',
      'packages/api-key/src/a.ts:1 → @jest/globals (shipped code, but only a devDependency)',
    ]);
  });

  it('reports a relative import into another package', () => {
    const files = [file('b.ts', "import { x } from '../../iam-signer/src/x.ts';\nimport './lib/y.ts';")];
    expect(escapingImports(fake({}), files)).toEqual([
      'packages/api-key/src/b.ts:1 → ../../iam-signer/src/x.ts',
    ]);
  });

  it("reports a source file a README's Files table misses, and a listed file that is gone", () => {
    const readme = [
      '## Files',
      '',
      '| file | role |',
      '| ---- | ---- |',
      '| `src/a.ts`, `src/gone.ts` | a |',
      '| `src/lib/canonical-*.ts` | b |',
      '| `src/test-support/` | c |',
      '',
      '## Next',
      '| `src/not-in-the-table.ts` | d |',
    ].join('\n');
    const listed = filesTablePaths(`# x\n${readme}`);
    expect(listed).toEqual(['src/a.ts', 'src/gone.ts', 'src/lib/canonical-*.ts', 'src/test-support/']);
    const files = [
      'src/a.ts',
      'src/b.ts',
      'src/lib/canonical-query.ts',
      'src/lib/x.ts',
      'src/test-support/s.ts',
    ];
    expect(filesTableGaps(files, listed!)).toEqual({
      unlisted: ['src/b.ts', 'src/lib/x.ts'],
      missing: ['src/gone.ts'],
    });
    expect(filesTablePaths('# no table here')).toBeUndefined();
  });

  it('reports a sibling interceptor even as a devDependency, and core depending on anything', () => {
    expect(layerViolations(fake({ devDependencies: { '@ky-auth/custom-headers': 'workspace:^' } }))).toEqual([
      '@ky-auth/api-key → @ky-auth/custom-headers (devDependencies)',
    ]);
    expect(
      layerViolations(fake({ name: core, dependencies: {}, devDependencies: { [emulator]: 'workspace:^' } })),
    ).toEqual(['@ky-auth/core → @ky-auth/testing (devDependencies)']);
    expect(
      layerViolations(fake({ name: emulator, dependencies: { [core]: '*', '@ky-auth/iam-signer': '*' } })),
    ).toEqual(['@ky-auth/testing → @ky-auth/iam-signer (dependencies)']);
  });
});
