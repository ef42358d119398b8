import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** The project's Node 24, which runs the examples' `.ts` files directly. */
export const nodeBinary = join(repoRoot, 'node_modules', '.bin', 'node');

export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a `.ts` file with the project's Node from the repository root, as a user would, and collects its
 * output. Killed (and reported) after `timeoutMs`.
 */
export function runNode(file: string, timeoutMs = 30_000): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    // Jest's NODE_OPTIONS (--experimental-vm-modules) are not the user's.
    const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
    const child = spawn(nodeBinary, [file], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      stderr += `\n(killed after ${timeoutMs} ms)`;
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
