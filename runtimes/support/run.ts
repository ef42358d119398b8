import { type ProcessRun, runProcess } from '@ky-auth/test-kit';
import { userEnv } from './packed.ts';

export type Run = ProcessRun;

/** Runs a command to its end, in the environment of a user's shell, and collects its output. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Run> {
  return runProcess(command, args, {
    cwd: options.cwd,
    env: { ...userEnv(), ...options.env },
    timeoutMs: options.timeoutMs,
  });
}

/** The last line of a program's stdout, parsed: the smoke programs print their answer as JSON there. */
export function answerOf(result: Run): unknown {
  const last = result.stdout.trim().split('\n').at(-1);
  if (result.code !== 0 || last === undefined || last === '') {
    throw new Error(`exited with ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return JSON.parse(last);
}
