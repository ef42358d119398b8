// A small mutation runner: does the suite notice when the code guarding credentials is weakened?
// For each mutant (one small change to one source line: a comparison flipped, a condition negated, a
// boolean or a redirect mode swapped, a call statement removed), it runs the given jest test files with
// --bail and records whether any test failed (killed) or all passed (survived). The source file is
// restored after every mutant, also on Ctrl-C.
//
//   node scripts/mutate.mjs --files 'packages/core/src/engine/lib/auth-engine.ts,…' \
//     --tests 'packages/core/src/engine,integration-tests/adversarial/wire-guarantees.test.ts' \
//     [--lines 120-200] [--limit 50] [--out mutation-report.json]
//   node scripts/mutate.mjs --survivors a.json,b.json --tests … (re-run a previous run's survivors)
//
// Prints one line per mutant and a score per folder; writes the survivors to --out for review.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .flatMap((arg, index, all) => (arg.startsWith('--') ? [[arg.slice(2), all[index + 1]]] : [])),
);
const root = join(import.meta.dirname, '..');
// --survivors F: only the mutants listed in F (a previous run's --out), against --tests (say, a broader set).
const listed = args.survivors
  ? args.survivors.split(',').flatMap((path) => JSON.parse(readFileSync(path, 'utf8')))
  : undefined;
const files = listed
  ? [...new Set(listed.map((mutant) => mutant.file))]
  : (args.files ?? '').split(',').filter(Boolean);
const tests = (args.tests ?? '').split(',').filter(Boolean);
const limit = Number(args.limit ?? Number.POSITIVE_INFINITY);
const [fromLine, toLine] = (args.lines ?? '1-1000000').split('-').map(Number);
if ((files.length === 0 && listed === undefined) || tests.length === 0) {
  console.error(
    'usage: node scripts/mutate.mjs --files a.ts,b.ts --tests dir,file.test.ts [--limit N] [--out F]',
  );
  process.exit(2);
}

/** Each operator: a pattern found on a line, and what one occurrence becomes. */
const operators = [
  ['flip ===', /===/g, '!=='],
  ['flip !==', /!==/g, '==='],
  ['&& to ||', /&&/g, '||'],
  ['|| to &&', /\|\|/g, '&&'],
  ['?? to &&', /\?\?(?!=)/g, '&&'],
  ['true to false', /\btrue\b/g, 'false'],
  ['false to true', /\bfalse\b/g, 'true'],
  ["'manual' to 'follow'", /'manual'/g, "'follow'"],
  ["'refuse' to 'follow'", /'refuse'/g, "'follow'"],
  ['< to <=', /(?<![<=])<(?![<=])/g, '<='],
  ['> to >=', /(?<![-=>])>(?![>=])/g, '>='],
  ['negate if', /\bif \((?!!)/g, 'if (!'],
  ['drop negation', /\bif \(!(?!=)/g, 'if ('],
];

/** Lines a mutant is worth making on: code, not comments, imports or types. */
const isCode = (line) => {
  const trimmed = line.trim();
  return (
    trimmed !== '' &&
    !trimmed.startsWith('//') &&
    !trimmed.startsWith('*') &&
    !trimmed.startsWith('/*') &&
    !trimmed.startsWith('import ') &&
    !trimmed.startsWith('export type') &&
    !trimmed.startsWith('export interface') &&
    !/^(readonly )?[a-zA-Z]+\??: [^=]+;$/.test(trimmed)
  );
};

function mutantsOf(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const mutants = [];
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (lineNumber < fromLine || lineNumber > toLine || !isCode(line)) return;
    for (const [name, pattern, replacement] of operators) {
      for (const match of line.matchAll(pattern)) {
        const mutated = line.slice(0, match.index) + replacement + line.slice(match.index + match[0].length);
        mutants.push({
          file,
          line: lineNumber,
          operator: name,
          original: line.trim(),
          mutated: mutated.trim(),
          text: mutated,
        });
      }
    }
    // A call statement removed: the work it did (a mark, a check, a header) is not done.
    if (/^\s*(?:void\s+)?[\w.?]+\([^;]*\);\s*$/.test(line) && !/^\s*(return|throw)\b/.test(line)) {
      mutants.push({
        file,
        line: lineNumber,
        operator: 'remove call',
        original: line.trim(),
        mutated: '(removed)',
        text: '',
      });
    }
  });
  return mutants;
}

const jest = join(root, 'scripts', 'jest.mjs');
const run = () => {
  const result = spawnSync(process.execPath, [jest, '--bail', '--silent', ...tests], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 180_000,
    // Its own process group: a mutant that loops for ever (a loop bound flipped) is timed out, and the
    // timeout kills only the wrapper; jest, its child, would go on spinning a core.
    detached: true,
  });
  if (result.signal !== null) {
    try {
      process.kill(-result.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
  return result;
};

const baseline = run();
if (baseline.status !== 0) {
  console.error('The tests fail without any mutant: fix them first.\n', baseline.stdout.slice(-2000));
  process.exit(1);
}

const all = (
  listed
    ? listed.map((mutant) => {
        const lines = readFileSync(join(root, mutant.file), 'utf8').split('\n');
        // The file may have moved on: the same line, the nearest one to where it was.
        const at = lines
          .map((text, index) => ({ text, index }))
          .filter(({ text }) => text.trim() === mutant.original)
          .sort((a, b) => Math.abs(a.index + 1 - mutant.line) - Math.abs(b.index + 1 - mutant.line))[0];
        if (at === undefined) throw new Error(`${mutant.file}:${mutant.line} is gone: re-run the file whole`);
        const indent = at.text.slice(0, at.text.length - at.text.trimStart().length);
        const text = mutant.mutated === '(removed)' ? '' : indent + mutant.mutated;
        return { ...mutant, line: at.index + 1, text };
      })
    : files.flatMap(mutantsOf)
).slice(0, limit);
const originals = new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
const restore = () => {
  for (const [file, text] of originals) writeFileSync(join(root, file), text);
};
process.on('SIGINT', () => {
  restore();
  process.exit(130);
});

const results = [];
for (const [index, mutant] of all.entries()) {
  const lines = originals.get(mutant.file).split('\n');
  lines[mutant.line - 1] = mutant.text;
  writeFileSync(join(root, mutant.file), lines.join('\n'));
  const outcome = run();
  restore();
  const killed = outcome.status !== 0;
  results.push({ ...mutant, killed });
  console.log(
    `${String(index + 1).padStart(4)}/${all.length} ${killed ? 'killed  ' : 'SURVIVED'} ${mutant.file}:${mutant.line} ${mutant.operator}: ${mutant.original}`,
  );
}
restore();

const byFolder = new Map();
for (const result of results) {
  const folder = dirname(result.file);
  const entry = byFolder.get(folder) ?? { killed: 0, total: 0 };
  entry.total += 1;
  if (result.killed) entry.killed += 1;
  byFolder.set(folder, entry);
}
console.log('\nscore per folder:');
for (const [folder, { killed, total }] of byFolder)
  console.log(`  ${folder}: ${killed}/${total} killed (${((killed / total) * 100).toFixed(0)} %)`);
const survivors = results.filter((result) => !result.killed);
if (args.out)
  writeFileSync(
    args.out,
    JSON.stringify(
      survivors.map(({ text, ...rest }) => rest),
      null,
      2,
    ),
  );
console.log(`${survivors.length} survivor(s)${args.out ? `, written to ${args.out}` : ''}`);
