import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the real kioskctl in a child process, as a technician would, against a data directory. */
export function runKioskctl(
  args: string[],
  opts: { dataDir: string; input?: string; env?: Record<string, string> },
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'cli/kioskctl.ts'), ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, KIOSK_DATA_DIR: opts.dataDir, KIOSK_LOG_LEVEL: 'silent', ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking: for tests whose platform or kiosk runs in this process and must
 * answer kioskctl while it runs.
 */
export function runKioskctlAsync(
  args: string[],
  opts: { dataDir: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'cli/kioskctl.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, KIOSK_DATA_DIR: opts.dataDir, KIOSK_LOG_LEVEL: 'silent', ...opts.env },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
