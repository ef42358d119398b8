import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Finds and starts the system's Chromium for the browser test and the browser bench: headless, a fresh
 * profile, never a browser downloaded by a test tool.
 */

/** The flags Chromium runs with: headless, and nothing that talks to the network by itself. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const installHint =
  'run `sh scripts/ensure-chromium.sh` (as root: apt-get install -y chromium), or set CHROMIUM_PATH';

/**
 * The system's Chromium: `$CHROMIUM_PATH`, else `chromium` on the PATH, else Debian's /usr/bin/chromium.
 * Never a browser downloaded by a test tool.
 *
 * @throws {Error} saying how to install it, when there is none.
 */
export function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (isExecutable(configured)) return configured;
    throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file: ${installHint}.`);
  }
  const found = [onPath('chromium'), '/usr/bin/chromium'].find(
    (candidate) => candidate !== undefined && isExecutable(candidate),
  );
  if (found === undefined) throw new Error(`The browser test needs Chromium and found none: ${installHint}.`);
  return found;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A running headless Chromium with a fresh profile; `close()` quits it and deletes the profile. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts the system's Chromium headless with a fresh user-data directory.
 *
 * @throws {Error} naming the binary and the cause, when it cannot start.
 */
export async function launchChromium(extraFlags: readonly string[] = []): Promise<LaunchedChromium> {
  const executablePath = findChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'ky-auth-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...chromiumFlags, ...extraFlags],
      timeout: 30_000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium (${executablePath}) did not start: ${installHint}.`, { cause: error });
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
