import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const READY_PREFIX = 'KIOSK_READY ';

export interface KioskProcess {
  child: ChildProcess;
  /** URL with the per-launch token in its fragment, as a resident's browser window opens it. */
  appUrl: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  /** Calls the contract over the bridge as the renderer would (for asserting core state). */
  call(channel: string, payload?: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  stop(): Promise<void>;
}

/**
 * Starts browser mode (`node electron/web/main.ts --no-open`) as its own process with a fresh data
 * folder, and waits for the ready line. Each e2e test gets its own kiosk.
 */
export async function startKiosk(
  env: Record<string, string> = {},
  opts: { keepData?: boolean } = {},
): Promise<KioskProcess> {
  const dataDir = env.KIOSK_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', path.join(ROOT, 'electron/web/main.ts'), '--no-open'],
    {
      cwd: ROOT,
      // No embedded demo platform: tests run kiosks side by side, and those that sync start their own.
      env: {
        ...process.env,
        KIOSK_DATA_DIR: dataDir,
        KIOSK_LOG_LEVEL: 'warn',
        KIOSK_DEMO_PLATFORM: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const appUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start in 20 s: ${stderr}`)), 20_000);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) {
        clearTimeout(timer);
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}: ${stderr}`));
    });
  });
  const baseUrl = appUrl.split('/#')[0]!;
  const token = /token=([^&]+)/.exec(appUrl)![1]!;
  return {
    child,
    appUrl,
    baseUrl,
    token,
    dataDir,
    async call(channel, payload = {}) {
      const res = await fetch(`${baseUrl}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
