import fs from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (or KIOSK_CHROMIUM); Playwright's own browser download is not available here. */
export function chromiumPath(): string {
  const candidates = [process.env.KIOSK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => Boolean(p),
  );
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('未找到 Chromium：请安装 Debian 的 chromium 包，或设置 KIOSK_CHROMIUM');
  return found;
}

export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-features=Translate,MediaRouter',
      ...extraArgs,
    ],
  };
}
