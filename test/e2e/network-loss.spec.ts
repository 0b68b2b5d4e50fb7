import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startDevPlatform } from '../../platform/dev-platform.ts';
import { startEnrolledKiosk } from './enrolled-kiosk.ts';
import { axeFindings, layoutFindings, textSpacingFindings } from './a11y-checks.ts';

/**
 * Network loss at a village station: the platform goes away while a resident is at the kiosk. The
 * kiosk keeps working and says so in one plain strip (no dead error page); when the platform is back
 * the strip goes by itself, without a reload, a restart or a technician.
 */
test('the platform going away shows a plain offline strip, and it clears by itself when the link is back', async ({
  page,
}) => {
  const rig = await startEnrolledKiosk('NET-0001');
  const { root, kiosk } = rig;
  let platform = rig.platform;
  const port = Number(new URL(platform.url).port);
  try {
    await page.goto(kiosk.appUrl);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('attract').click();
    await expect(page.locator('.tile', { hasText: '个人办事' })).toBeVisible();
    await kiosk.call('sync.now', {});
    await expect(page.getByTestId('network-banner')).toHaveCount(0);

    await platform.close();
    await kiosk.call('sync.now', {}); // the next attempt (the relay's own timer would do it later)
    const banner = page.getByTestId('network-banner');
    await expect(banner).toHaveText('网络未连接，已填写的内容会保存在本机，联网后自动提交');
    // The strip passes the same accessibility gate as every screen (contrast, size, target rules).
    expect(await axeFindings(page, false)).toEqual([]);
    expect(await layoutFindings(page, { minFont: 24, minHeading: 24, minTarget: 60, minGap: 8 })).toEqual([]);
    expect(await textSpacingFindings(page)).toEqual([]);
    // The resident carries on: the catalogue still opens from the local cache.
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await page.getByLabel('搜索事项').fill('社保');
    await expect(page.getByTestId('catalogue-hit').first()).toBeVisible();

    platform = await startDevPlatform({ dataDir: path.join(root, 'platform'), port });
    await kiosk.call('sync.now', {});
    await expect(banner).toHaveCount(0);
  } finally {
    await kiosk.stop();
    await platform.close(); // the restarted one; rig.close() would close the first again
    fs.rmSync(root, { recursive: true, force: true });
  }
});
