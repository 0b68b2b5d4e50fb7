import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

async function bodyFontPx(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test.describe('attract, home, elder mode and idle wipe', () => {
  test('a resident starts, enlarges text, walks away, and the session is wiped', async ({ page, kiosk }) => {
    await page.clock.install();
    await page.goto(kiosk.appUrl);
    await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');

    await page.getByTestId('attract').click();
    for (const tile of ['个人办事', '法人办事', '办件查询', '呼叫帮办']) {
      await expect(page.locator('.tile', { hasText: tile })).toBeVisible();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('button', { name: '返回' })).toBeVisible();
    await expect(page.getByRole('button', { name: '首页' })).toBeVisible();

    const before = await bodyFontPx(page, '.tile-sub');
    const titleBefore = await bodyFontPx(page, '.tile-title');
    await page.getByTestId('elder-toggle').click();
    await expect(page.getByTestId('elder-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-elder', 'true');
    const after = await bodyFontPx(page, '.tile-sub');
    expect(after).toBeGreaterThanOrEqual(32);
    expect(after / before).toBeGreaterThanOrEqual(1.3);
    expect(await bodyFontPx(page, '.tile-title')).toBeGreaterThan(titleBefore);

    const current = await kiosk.call('session.current');
    expect(current).toMatchObject({ ok: true, value: { session: { elderMode: true } } });
    await page.evaluate(() => sessionStorage.setItem('draft', 'something the resident typed'));

    // 60 s without a touch: the "还在吗？" dialog counts down 15 s, then everything is wiped.
    await page.clock.runFor(59_000);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await page.clock.runFor(1_500);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expect(page.getByRole('alertdialog')).toContainText('还在吗？');
    await expect(page.getByRole('alertdialog')).toContainText('15 秒');
    await page.clock.runFor(15_000);

    await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-elder', 'false');
    await expect.poll(async () => (await kiosk.call('session.current')).value).toEqual({ session: null });
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  });

  test('"继续办理" keeps the session and restarts the idle period', async ({ page, kiosk }) => {
    await page.clock.install();
    await page.goto(kiosk.appUrl);
    await page.getByTestId('attract').click();
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await page.clock.runFor(61_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await page.getByRole('button', { name: '继续办理' }).click();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await page.clock.runFor(30_000);
    await expect(page.getByRole('heading', { name: '个人办事' })).toBeVisible();
    expect((await kiosk.call('session.current')).value).toMatchObject({ session: { elderMode: false } });
    await page.getByRole('button', { name: '返回' }).click();
    await expect(page.locator('.tile')).toHaveCount(4);
  });
});

test.describe('configured idle times', () => {
  test.use({ kioskEnv: { KIOSK_IDLE_SECONDS: '20', KIOSK_COUNTDOWN_SECONDS: '5' } });

  test('idle and countdown times come from configuration', async ({ page, kiosk }) => {
    await page.clock.install();
    await page.goto(kiosk.appUrl);
    await page.getByTestId('attract').click();
    // The idle period starts once the session is open and the home screen shows, not at the tap.
    await expect(page.locator('.tile')).toHaveCount(4);
    await page.clock.runFor(19_000);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await page.clock.runFor(1_500);
    await expect(page.getByRole('alertdialog')).toContainText('5 秒');
    await page.clock.runFor(5_000);
    await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
  });
});
