import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.KIOSK_CHROMIUM && fs.existsSync(env.KIOSK_CHROMIUM)) return env.KIOSK_CHROMIUM;
  for (const name of CANDIDATES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const p = r.stdout.trim();
    if (r.status === 0 && p) return p;
  }
  return null;
}

/**
 * Opens the UI in Chromium's app window (no tabs, no address bar) with a throwaway profile, so
 * nothing a resident typed survives in a browser profile. Returns false when it cannot (no Chromium,
 * no display); the caller then prints the URL.
 */
export function openAppWindow(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const exe = findChromium(env);
  if (!exe || (!env.DISPLAY && !env.WAYLAND_DISPLAY)) return false;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-ui-'));
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate',
    '--window-size=1080,1920',
    '--use-fake-ui-for-media-stream',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(exe, args, { stdio: 'ignore', detached: false });
  child.on('exit', () => fs.rmSync(profile, { recursive: true, force: true }));
  child.on('error', () => undefined);
  return true;
}
