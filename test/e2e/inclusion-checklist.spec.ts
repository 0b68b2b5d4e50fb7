import { test, expect } from './fixtures.ts';
import type { Page, Request } from '@playwright/test';
import { next, openGuide, presentCard, stepIs } from './journey-helpers.ts';

/**
 * Checklist items of ../shared/specs/inclusion.md §7 that the accessibility gate does not cover:
 *  K5  no ads, promos or unsolicited pop-ups: nothing but the idle dialog ever opens by itself;
 *  K6  dialog controls: at least 60 px, at the bottom of the dialog (where MIIT puts close controls);
 *  K20 offline and privacy: with everything but the kiosk's own origin blocked the screens, fonts
 *      and input work, and after a resident's session nothing of theirs is left in the page.
 */

/** Every request that leaves the kiosk's own origin is aborted and remembered. */
async function blockTheWorld(page: Page, appUrl: string): Promise<string[]> {
  const own = new URL(appUrl).origin;
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(own) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('requestfailed', (r: Request) => {
    if (!r.url().startsWith(own) && !outside.includes(r.url())) outside.push(r.url());
  });
  return outside;
}

test('K5: only the idle dialog ever opens by itself, on every main screen', async ({ page, kiosk }) => {
  await page.clock.install();
  await page.goto(kiosk.appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('attract').click();
  const unsolicited = page.locator('[role=dialog], [role=alertdialog], .toast');
  for (const tile of ['个人办事', '法人办事', '办件查询']) {
    await page.locator('.tile', { hasText: tile }).click();
    await expect(page.locator('main h1')).toBeVisible();
    // Just under the idle time: a long read of a page brings nothing up by itself.
    await page.clock.runFor(55_000);
    await expect(unsolicited).toHaveCount(0);
    await page.getByRole('button', { name: '首页' }).click();
  }
  // The one that may: the idle dialog, after the idle time.
  await page.clock.runFor(61_000);
  await expect(page.getByRole('alertdialog')).toContainText('还在吗？');
});

test('K6: the controls of each dialog are at least 60 px and at its bottom', async ({ page, kiosk }) => {
  await page.clock.install();
  await openGuide(page, kiosk.appUrl, '慢特病', '门诊慢特病待遇认定');
  const check = async (dialog: ReturnType<Page['locator']>, name: string) => {
    const box = await dialog.evaluate((el) => {
      const r = (el.matches('.dialog') ? el : (el.querySelector('.dialog') ?? el)).getBoundingClientRect();
      return { y: r.y, height: r.height };
    });
    const buttons = dialog.getByRole('button');
    expect(await buttons.count(), name).toBeGreaterThan(0);
    for (const b of await buttons.all()) {
      const r = (await b.boundingBox())!;
      expect(r.width, `${name}: button width`).toBeGreaterThanOrEqual(60);
      expect(r.height, `${name}: button height`).toBeGreaterThanOrEqual(60);
      // In the bottom third of the dialog: where a hand and a screen reader look for them.
      expect(r.y + r.height / 2, `${name}: button position`).toBeGreaterThan(box.y + (box.height * 2) / 3);
    }
  };
  // 重新开始 asks first.
  await page.getByRole('button', { name: '重新开始' }).click();
  await check(page.locator('[role=dialog]'), 'restart');
  await page
    .getByRole('button', { name: '取消' })
    .or(page.getByRole('button', { name: '否' }))
    .first()
    .click();
  // The idle dialog.
  await page.clock.runFor(61_000);
  await check(page.getByRole('alertdialog'), 'idle');
});

test('K20: with the outside world blocked, a resident finishes a form, and nothing of theirs stays in the page', async ({
  page,
  kiosk,
}) => {
  const outside = await blockTheWorld(page, kiosk.appUrl);
  await openGuide(page, kiosk.appUrl, '养老金认证', '城乡居民养老保险待遇资格认证');
  // Fonts are the kiosk's own: Chinese text renders with the bundled CJK face, nothing fetched.
  expect(await page.evaluate(() => document.fonts.status)).toBe('loaded');
  await presentCard(page, kiosk.call, 2, 'applicant');
  await next(page);
  await page.getByRole('button', { name: '演示：模拟人脸核验通过' }).click();
  await next(page);
  await stepIs(page, 'form');
  // The kiosk keyboard works offline (its phrase index is local).
  await page.locator('[data-field="applicant.phone"] input').click();
  for (const d of '13912345678') await page.getByTestId(`key-${d}`).click();
  await page.getByTestId('key-done').click();
  await expect(page.locator('[data-field="applicant.phone"] input')).toHaveValue('13912345678');
  await expect(page.locator('[data-field="applicant.name"] input')).toHaveValue('李秀英');

  // The resident's session ends (as 结束 or the idle timeout end it).
  await kiosk.call('session.end', { reason: 'resident' });
  await expect(page.getByText('请触摸屏幕开始')).toBeVisible();
  const left = await page.evaluate(async () => ({
    text: [
      document.body.innerText,
      document.body.innerHTML,
      ...[...document.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value),
    ].join('\n'),
    storage: localStorage.length + sessionStorage.length,
    idb: (await indexedDB.databases()).length,
    caches: 'caches' in self ? (await caches.keys()).length : 0,
  }));
  expect(left.text).not.toContain('李秀英');
  expect(left.text).not.toContain('13912345678');
  expect(left.storage).toBe(0);
  expect(left.idb).toBe(0);
  expect(left.caches).toBe(0);
  expect(outside, 'requests that tried to leave the kiosk').toEqual([]);
});
