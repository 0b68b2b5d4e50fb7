import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startKiosk } from './kiosk-process.ts';
import { startDevPlatform } from '../../platform/dev-platform.ts';

/**
 * First boot in browser mode against the dev platform (a real HTTP server with its own database)
 * and simulated devices: a kiosk shipped with setup required shows the wizard, the technician
 * enrols it, runs the self-tests and sets the PIN, and the kiosk reaches the attract screen.
 */
test('the setup wizard enrols the kiosk, runs the self-tests, sets the PIN and hands over to the attract screen', async ({
  page,
}) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-setup-'));
  const platform = await startDevPlatform({ dataDir: path.join(root, 'platform') });
  const dataDir = path.join(root, 'kiosk');
  fs.mkdirSync(dataDir);
  const configFile = path.join(dataDir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify({ kioskId: 'SETUP-0001', setup: { required: true } }));
  const kiosk = await startKiosk({ KIOSK_DATA_DIR: dataDir, KIOSK_CONFIG: configFile });
  try {
    await page.goto(kiosk.appUrl);
    await expect(page.getByTestId('setup')).toBeVisible();

    await page.getByTestId('setup-siteName').fill('东城区政务服务中心');
    await page.getByTestId('setup-regionCode').fill('110101001000');
    await page.getByTestId('setup-platformUrl').fill(platform.url);
    // A wrong code is refused by the platform and the wizard says so.
    await page.getByTestId('setup-enrolmentCode').fill('WRONG-CODE');
    await page.getByTestId('setup-enrol').click();
    await expect(page.getByTestId('setup-message')).toContainText('登记失败');
    await page.getByTestId('setup-enrolmentCode').fill(platform.createEnrolmentCode());
    await page.getByTestId('setup-enrol').click();
    await expect(page.getByTestId('setup-enrolled')).toContainText('SETUP-0001');
    await expect(page.getByTestId('setup-device-idcard')).toContainText('ready');
    await expect(page.getByTestId('setup-device-printer')).toContainText('ready');

    await page.getByTestId('setup-selftest').click();
    for (const check of ['database', 'audit-chain', 'disk', 'devices']) {
      await expect(page.getByTestId(`setup-check-${check}`)).toContainText('✓');
    }
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-pin').fill('482916');
    await page.getByTestId('setup-pin2').fill('482916');
    await page.getByTestId('setup-finish').click();
    await expect(page.getByTestId('setup')).toHaveCount(0);
    await expect(page.getByText('请触摸屏幕开始')).toBeVisible();

    // The platform knows the kiosk; the wizard is closed for good to anyone without technician mode.
    expect(platform.db.prepare('SELECT id FROM kiosk').all()).toEqual([{ id: 'SETUP-0001' }]);
    expect(await kiosk.call('setup.status')).toMatchObject({
      ok: true,
      value: { provisioned: true, enrolled: true },
    });
    expect(await kiosk.call('setup.selftest')).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    await page.reload();
    await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
    await expect(page.getByTestId('setup')).toHaveCount(0);
  } finally {
    await kiosk.stop();
    await platform.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
