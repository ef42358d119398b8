import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  CredentialsError,
  configErrorCodes,
  errorCodes,
  KyAuthError,
  RequestPolicyError,
  SigningError,
  TokenError,
} from '../index.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const packagesDir = join(repoRoot, 'packages');

/** Codes of other libraries that ky-auth's sources name but never throw. */
const foreignCodes: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: "jose's code for an expired JWT, read by @ky-auth/testing's emulated authorizers",
};

/** Every source file of every package (`packages/*\/src/**\/*.ts`): no tests, no test support. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test-support' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        files.push(path);
      }
    }
  };
  for (const name of readdirSync(packagesDir)) walk(join(packagesDir, name, 'src'));
  return files;
}

const sources = sourceFiles().map((path) => ({
  path: relative(repoRoot, path),
  text: readFileSync(path, 'utf8'),
}));
const known = new Set<string>(errorCodes);
const codeLiteral = /'(ERR_[A-Z0-9_]*[A-Z0-9])'/g;

/** Source text without comments, so a code named only in TSDoc does not count as thrown. */
const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** The codes each source file throws, or builds an error with. */
function thrownCodes(): Map<string, string[]> {
  const thrown = new Map<string, string[]>();
  const add = (code: string, path: string) => thrown.set(code, [...(thrown.get(code) ?? []), path]);
  for (const { path, text } of sources) {
    // The list itself, and its ERR_CONFIG_ part, throw nothing.
    if (path.endsWith('errors/codes.ts') || path.endsWith('config/error-codes.ts')) continue;
    const code = withoutComments(text);
    for (const [, literal] of code.matchAll(codeLiteral)) add(literal!, path);
    // The configuration parser spells its codes without the prefix (`fail('NO_REST_API', …)`), typed as
    // `Problem`, the ERR_CONFIG_ codes' suffixes.
    if (path.includes('core/src/config/') && /\b(fail|oneOf)\(/.test(code)) {
      for (const [, problem] of code.matchAll(/'([A-Z][A-Z0-9_]+)'/g)) {
        if (known.has(`ERR_CONFIG_${problem}`)) add(`ERR_CONFIG_${problem}`, path);
      }
    }
  }
  return thrown;
}

const errorsMd = readFileSync(join(repoRoot, 'ERRORS.md'), 'utf8');
/** The rows of ERRORS.md's table: code and class. */
const documented = new Map(
  [...errorsMd.matchAll(/^\| `(ERR_[A-Z0-9_]+)` +\| `(\w+)`/gm)].map(([, code, errorClass]) => [
    code!,
    errorClass!,
  ]),
);

describe('errorCodes, the one list of every code ky-auth throws', () => {
  it('has every ERR_ code a package source names (a thrown code missing from it fails here)', () => {
    const unlisted = sources.flatMap(({ path, text }) =>
      [...text.matchAll(codeLiteral)]
        .map(([, code]) => code!)
        .filter((code) => !known.has(code) && !Object.hasOwn(foreignCodes, code))
        .map((code) => `${code} in ${path}`),
    );
    expect(unlisted).toEqual([]);
  });

  it('has no dead code: each is thrown by some package source', () => {
    const thrown = thrownCodes();
    expect(errorCodes.filter((code) => !thrown.has(code))).toEqual([]);
  });

  it('lists each code once', () => {
    expect(errorCodes.filter((code, index) => errorCodes.indexOf(code) !== index)).toEqual([]);
  });

  it('has configErrorCodes as its ERR_CONFIG_ part, in order', () => {
    expect(configErrorCodes).toEqual(errorCodes.filter((code) => code.startsWith('ERR_CONFIG_')));
    expect(configErrorCodes).toContain('ERR_CONFIG_INVALID');
    expect(configErrorCodes).not.toContain('ERR_TOKEN_EXPIRED');
  });
});

describe('ERRORS.md, the one table of codes', () => {
  it('documents every code, and no code that is not in the list', () => {
    expect(errorCodes.filter((code) => !documented.has(code))).toEqual([]);
    expect([...documented.keys()].filter((code) => !known.has(code))).toEqual([]);
  });

  it('gives each code one of the six classes, ConfigError for every ERR_CONFIG_ code', () => {
    const classes = new Set([
      KyAuthError.name,
      ConfigError.name,
      CredentialsError.name,
      TokenError.name,
      SigningError.name,
      RequestPolicyError.name,
    ]);
    expect([...documented].filter(([, errorClass]) => !classes.has(errorClass))).toEqual([]);
    expect(
      [...documented].filter(
        ([code, errorClass]) => code.startsWith('ERR_CONFIG_') !== (errorClass === 'ConfigError'),
      ),
    ).toEqual([]);
  });

  it('names only listed codes in the READMEs', () => {
    const readmes = [
      join(repoRoot, 'README.md'),
      ...readdirSync(packagesDir).map((name) => join(packagesDir, name, 'README.md')),
    ];
    const stale = readmes.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/`(ERR_[A-Z0-9_]*[A-Z0-9])`/g)]
        .map(([, code]) => code!)
        .filter((code) => !known.has(code) && !Object.hasOwn(foreignCodes, code))
        .map((code) => `${code} in ${relative(repoRoot, path)}`),
    );
    expect(stale).toEqual([]);
  });
});
