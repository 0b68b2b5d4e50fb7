import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.ts';
import { startKiosk } from './kiosk-process.ts';
import { startDevPlatform } from '../../platform/dev-platform.ts';

/**
 * First boot in browser mode against the dev platform (a real HTTP server with its own database)
 * and simulated devices: a kiosk shipped with setup required shows the wizard, the technician
 * enrols it, runs the self-tests and sets the PIN, and the kiosk reaches the attract screen.
 */
test('the setup wizard enrols the kiosk, runs the self-tests, sets the PIN and hands over to the attract screen', async () => {
  // Chromium's built-in fake camera: the camera previews need a device that gives frames.
  const browser = await chromium.launch(
    chromiumLaunchOptions(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']),
  );
  const page = await (
    await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1080, height: 1920 },
      deviceScaleFactor: 0.5,
    })
  ).newPage();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-setup-'));
  const platform = await startDevPlatform({ dataDir: path.join(root, 'platform') });
  const dataDir = path.join(root, 'kiosk');
  fs.mkdirSync(dataDir);
  const configFile = path.join(dataDir, 'config.json');
  // The A4 printer is the CUPS queue `.ci/services.sh` sets up (cups-pdf): the test page really spools.
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      kioskId: 'SETUP-0001',
      setup: { required: true },
      printing: { a4: { queue: process.env.KIOSK_CUPS_QUEUE ?? 'kiosk-pdf' } },
    }),
  );
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
    // Each device does its real job once. The wizard cannot be left before they all have.
    await expect(page.getByTestId('setup-next')).toBeDisabled();
    const row = (d: string) => page.getByTestId(`setup-devicetest-${d}`);
    // Reader: the test waits for the technician's card (the simulated reader's deck here).
    await page.getByTestId('setup-devicetest-idcard-run').click();
    await expect(row('idcard')).toContainText('请将身份证放到读卡区');
    expect((await kiosk.call('idcard.simulate.insert', { card: 1 })).ok).toBe(true);
    await expect(row('idcard')).toHaveAttribute('data-outcome', 'passed');
    await expect(row('idcard')).not.toContainText(/\d{6}/); // nothing of the card on screen
    // Receipt printer: a test receipt comes out with a signed QR, like a resident's.
    await page.getByTestId('setup-devicetest-printer-run').click();
    await expect(row('printer')).toHaveAttribute('data-outcome', 'passed');
    await expect(row('printer')).toContainText('TEST-');
    // Scanner: the QR on that test receipt, read back off the simulated paper, verifies.
    await page.getByTestId('setup-devicetest-scanner-run').click();
    await expect(row('scanner')).toContainText('请扫描测试小票上的二维码');
    expect((await kiosk.call('scanner.simulate', { action: 'scan-printed' })).ok).toBe(true);
    await expect(row('scanner')).toHaveAttribute('data-outcome', 'passed');
    // A4: a test page through the real CUPS queue (cups-pdf).
    await page.getByTestId('setup-devicetest-a4printer-run').click();
    await expect(row('a4printer')).toHaveAttribute('data-outcome', 'passed', { timeout: 30_000 });
    // Cameras: a live preview for each role; frames must arrive, the technician sees the picture.
    await expect(page.getByTestId('setup-next')).toBeDisabled();
    for (const role of ['face', 'document']) {
      await page.getByTestId(`setup-devicetest-camera-${role}-run`).click();
      await expect(row(`camera-${role}`)).toHaveAttribute('data-outcome', 'passed', { timeout: 15_000 });
      await expect(row(`camera-${role}`).locator('video')).toBeVisible();
      await page.getByTestId(`setup-devicetest-camera-${role}-run`).click(); // close the preview
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
    await browser.close();
    await kiosk.stop();
    await platform.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
