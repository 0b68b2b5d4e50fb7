import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startKiosk, type KioskProcess } from './kiosk-process.ts';

/**
 * The hidden technician entry in browser mode: five taps on the top-left corner, the PIN pad, the
 * lockout after five wrong PINs, and the technician page with device-level health and a self-test.
 * The PIN is set beforehand with the real kioskctl, as an installer would.
 */
const PIN = '482916';

const test = base.extend<{ tech: KioskProcess }>({
  // Playwright reads the fixture's dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  tech: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-tech-'));
    const set = spawnSync(process.execPath, ['cli/kioskctl.ts', 'technician', 'set-pin'], {
      input: `${PIN}\n`,
      encoding: 'utf8',
      env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_LOG_LEVEL: 'silent' },
    });
    expect(set.status, set.stderr).toBe(0);
    const k = await startKiosk({ KIOSK_DATA_DIR: dataDir });
    await use(k);
    await k.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

async function openPinPad(page: Page): Promise<void> {
  for (let i = 0; i < 5; i++) await page.getByTestId('tech-hotspot').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('tech-pin')).toBeVisible();
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByTestId(`tech-key-${d}`).click();
  await page.getByTestId('tech-key-OK').click();
}

/** From a fresh page load to the technician page, with the right PIN. */
async function enterTechnicianMode(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await openPinPad(page);
  await typePin(page, PIN);
}

test('a technician enters with the PIN and sees device health, runs a self-test and leaves', async ({
  page,
  tech,
}) => {
  await page.goto(tech.appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  // Four taps are not the gesture.
  for (let i = 0; i < 4; i++) await page.getByTestId('tech-hotspot').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('tech-pin')).toHaveCount(0);
  await page.waitForTimeout(3100);

  await openPinPad(page);
  await typePin(page, '111111');
  await expect(page.getByTestId('tech-message')).toHaveText('PIN 错误，还可尝试 4 次');
  await typePin(page, PIN);
  await expect(page.getByTestId('tech-panel')).toBeVisible();
  await expect(page.getByTestId('tech-printer')).toContainText('纸张 正常');
  await expect(page.getByTestId('tech-reader')).toHaveText('ready');

  await page.getByTestId('tech-selftest-run').click();
  await expect(page.getByTestId('tech-selftest')).toBeVisible();

  await page.getByTestId('tech-leave').click();
  await expect(page.getByTestId('tech-panel')).toHaveCount(0);
  // The self-test is refused again outside technician mode.
  expect(await tech.call('health.selftest')).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });

  const audit = spawnSync(
    process.execPath,
    ['cli/kioskctl.ts', 'audit', 'list', '--kind', 'technician.', '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, KIOSK_DATA_DIR: tech.dataDir, KIOSK_LOG_LEVEL: 'silent' },
    },
  );
  const kinds = (JSON.parse(audit.stdout) as { kind: string }[]).map((r) => r.kind).reverse();
  expect(kinds).toEqual([
    'technician.pin-set',
    'technician.pin-failed',
    'technician.enter',
    'technician.leave',
  ]);
});

test('five wrong PINs lock technician entry, even for the right PIN', async ({ page, tech }) => {
  await page.goto(tech.appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await openPinPad(page);
  for (let i = 0; i < 4; i++) await typePin(page, '111111');
  await expect(page.getByTestId('tech-message')).toHaveText('PIN 错误，还可尝试 1 次');
  await typePin(page, '111111');
  await expect(page.getByTestId('tech-message')).toContainText('已锁定');
  await typePin(page, PIN);
  await expect(page.getByTestId('tech-message')).toContainText('已锁定');
  await expect(page.getByTestId('tech-panel')).toHaveCount(0);
});

test('in demo mode the technician page inserts a simulated ID card that the reader then reads', async ({
  page,
  tech,
}) => {
  await enterTechnicianMode(page, tech.appUrl);
  await expect(page.getByTestId('tech-demo')).toBeVisible();
  // The reader keeps a card only for the resident session that is reading it.
  expect((await tech.call('session.start')).ok).toBe(true);
  expect((await tech.call('idcard.watch', { on: true })).ok).toBe(true);
  await page.getByTestId('tech-demo-insert-0').click();
  await expect(page.getByTestId('tech-demo-message')).toContainText('已放入');
  await expect
    .poll(
      async () => ((await tech.call('idcard.current')).value as { card: unknown } | undefined)?.card ?? null,
      {
        timeout: 10_000,
      },
    )
    .not.toBeNull();
  await page.getByTestId('tech-demo-remove').click();
  await expect(page.getByTestId('tech-demo-message')).toHaveText('已取出');
});

test('the technician page shows the scanner unplugged, and ready again once it is plugged back in', async ({
  page,
  tech,
}) => {
  await enterTechnicianMode(page, tech.appUrl);
  await expect(page.getByTestId('tech-scanner')).toHaveText('ready');
  // The simulated HID binding drops the device as a pulled USB cable does; the transport retries.
  expect((await tech.call('scanner.simulate', { action: 'unplug' })).ok).toBe(true);
  await expect(page.getByTestId('tech-scanner')).toHaveText('disconnected');
  expect((await tech.call('scanner.simulate', { action: 'replug' })).ok).toBe(true);
  await expect(page.getByTestId('tech-scanner')).toHaveText('ready');
  // Plugged back in, it scans again without a restart.
  expect((await tech.call('scanner.simulate', { action: 'scan', text: 'https://example.com/x' })).ok).toBe(
    true,
  );
});

test('site settings: a technician shortens the idle time and drops a language; both apply at once and are audited', async ({
  page,
  tech,
}) => {
  await enterTechnicianMode(page, tech.appUrl);
  await expect(page.getByTestId('tech-settings')).toBeVisible();
  await expect(page.getByTestId('settings-idleSeconds')).toHaveValue('60');
  await expect(page.getByTestId('settings-locale-zh-CN')).toBeDisabled(); // Chinese always stays

  // Out of range: refused with its reason, nothing changes.
  await page.getByTestId('settings-idleSeconds').fill('5');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toContainText('未保存');
  expect((await tech.call('ui.settings')).value).toMatchObject({ idleSeconds: 60 });

  await page.getByTestId('settings-idleSeconds').fill('45');
  await page.getByTestId('settings-locale-bo').click();
  await page.getByTestId('settings-volume').fill('50');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-message')).toHaveText('已保存，立即生效');
  expect((await tech.call('ui.settings')).value).toMatchObject({
    idleSeconds: 45,
    locales: ['zh-CN', 'en', 'ug'],
  });
  // Outside technician mode the settings cannot be read or changed.
  await page.getByTestId('tech-leave').click();
  expect(await tech.call('settings.set', { idleSeconds: 600 })).toMatchObject({
    ok: false,
    error: { kind: 'unauthorized' },
  });
  // The resident's language menu no longer offers 藏文, without a reload.
  await page.getByTestId('attract').click();
  await page.getByTestId('lang-menu').click();
  await expect(page.getByTestId('lang-ug')).toBeVisible();
  await expect(page.getByTestId('lang-bo')).toHaveCount(0);

  const audit = spawnSync(
    process.execPath,
    ['cli/kioskctl.ts', 'audit', 'list', '--kind', 'config.', '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, KIOSK_DATA_DIR: tech.dataDir, KIOSK_LOG_LEVEL: 'silent' },
    },
  );
  const records = (JSON.parse(audit.stdout) as { actor: string; details: Record<string, unknown> }[]).filter(
    (r) => r.actor === 'technician',
  );
  expect(records).toHaveLength(1); // one save, one record (the refused one changed nothing)
  expect(records[0]!.details).toEqual({
    source: 'technician-page',
    idleSecondsFrom: 60,
    idleSecondsTo: 45,
    localesFrom: 'zh-CN,en,ug,bo',
    localesTo: 'zh-CN,en,ug',
    volumeFrom: 80,
    volumeTo: 50,
  });
});
