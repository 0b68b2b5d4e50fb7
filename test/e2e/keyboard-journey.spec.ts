import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { recordPrompts } from './voice-helpers.ts';

/**
 * K9: a journey done with keys only (the tactile keypad maps to Tab / Enter) and checked by what
 * the kiosk says, as a resident who cannot see the screen experiences it.
 */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? (el.getAttribute('aria-label') ?? el.innerText ?? '').replace(/\s+/g, ' ').trim() : '';
    });
    if (name.test(label)) return;
  }
  throw new Error(`no focusable control named ${name} within 150 Tab presses`);
}

test('keyboard only: attract → home → 办件查询 → 返回 → 个人办事 → 首页, guided by voice', async ({
  page,
  kiosk,
}) => {
  const prompts = await recordPrompts(page);
  await page.goto(kiosk.appUrl);
  await page.locator('html[data-ready="true"]').waitFor();
  const said = async (n: number): Promise<string> => {
    await expect.poll(() => prompts.length, { timeout: 5_000 }).toBe(n);
    return prompts[n - 1]!.text;
  };

  await tabTo(page, /请触摸屏幕开始/);
  await page.keyboard.press('Enter');
  expect(await said(1)).toBe('您好，请选择要办理的业务');

  await tabTo(page, /^办件查询/);
  await page.keyboard.press('Enter');
  expect(await said(2)).toBe('办件查询');

  await tabTo(page, /^返回$/);
  await page.keyboard.press('Enter');
  expect(await said(3)).toBe('您好，请选择要办理的业务');

  await tabTo(page, /^个人办事/);
  await page.keyboard.press('Enter');
  expect(await said(4)).toBe('个人办事');

  await tabTo(page, /^首页$/);
  await page.keyboard.press('Enter');
  expect(await said(5)).toBe('您好，请选择要办理的业务');
  await expect(page.locator('.tile')).toHaveCount(4);
  // Every prompt went to the core's Chinese voice; a prompt overtaken by the next screen while it was
  // still being synthesised is dropped (reason ok, not spoken), and the last one is heard. The core
  // answers a prompt once synthesis settles, after the screen showed it: wait for every answer.
  await expect.poll(() => prompts.every((p) => p.result !== undefined), { timeout: 10_000 }).toBe(true);
  expect(prompts.every((p) => p.locale === 'zh-CN' && p.result?.reason === 'ok')).toBe(true);
  expect(prompts.at(-1)!.result?.spoken).toBe(true);
});
