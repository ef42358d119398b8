import { join } from 'node:path';
import { type ProcessRun, runProcess } from '@ky-auth/test-kit';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** The project's Node 24, which runs the examples' `.ts` files directly. */
export const nodeBinary = join(repoRoot, 'node_modules', '.bin', 'node');

export type NodeRun = ProcessRun;

/**
 * Runs a `.ts` file with the project's Node from the repository root, as a user would, and collects its
 * output. Killed (and reported) after `timeoutMs`.
 */
export function runNode(file: string, timeoutMs = 30_000): Promise<NodeRun> {
  // Jest's NODE_OPTIONS (--experimental-vm-modules) are not the user's.
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  return runProcess(nodeBinary, [file], { cwd: repoRoot, env, timeoutMs });
}
