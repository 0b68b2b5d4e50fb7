import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, test, expect } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;

// The real Electron shell: these run only where a real Electron binary is available, because this
// build machine cannot download one. Elsewhere they are reported as skipped with this reason.
test.describe('Electron shell (real binary)', () => {
  test.skip(!dist, 'no Electron binary here: set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist folder');

  test('boots locked down into the attract screen with only the contract exposed', async () => {
    const { buildElectron, buildRenderer } = await import('../../scripts/build.ts');
    await buildRenderer();
    await buildElectron();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-'));
    const app = await electron.launch({
      executablePath: path.join(dist!, 'electron'),
      args: [ROOT, '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_UNLOCKED: '1' },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
      expect(page.url()).toBe('app://kiosk/index.html');
      const surface = await page.evaluate(() => ({
        keys: Object.keys((window as unknown as { kiosk: object }).kiosk).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(surface).toEqual({
        keys: ['invoke', 'on', 'shell'],
        hasRequire: 'undefined',
        hasProcess: 'undefined',
      });
      await page.evaluate(() => (window.location.href = 'https://example.com/'));
      await page.waitForTimeout(500);
      expect(page.url()).toBe('app://kiosk/index.html');
      await page.getByTestId('attract').click();
      await expect(page.locator('.tile')).toHaveCount(4);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
