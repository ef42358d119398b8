// Runs jest once over every project and ends with the summary line CI reads:
// `tests: N passed, N failed` (`, N skipped` when any were skipped), taken from jest's JSON results.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ky-auth-jest-'));
const resultsFile = join(dir, 'results.json');
const jestBin = join(import.meta.dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(
  process.execPath,
  [jestBin, '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: [
        process.env.NODE_OPTIONS,
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
      ]
        .filter(Boolean)
        .join(' '),
    },
  },
);

let summary;
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  // A suite that fails to load has no test results of its own; count it as a failure.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  summary = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
} catch {
  summary = 'tests: 0 passed, 1 failed';
}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(run.status === 0 && !summary.includes(' 0 passed') ? 0 : 1);
