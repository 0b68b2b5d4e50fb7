import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { axeFindings, layoutFindings, textSpacingFindings } from './a11y-checks.ts';

/**
 * K14 (../shared/specs/inclusion.md): a touched button looks pressed while the finger is still
 * down, and a wait on the core longer than 1 s shows 正在处理，请稍候 (role=status) — after 1 s,
 * never before, and not at all when the core answers quickly. The core is made slow from outside:
 * the bridge request is held back by Playwright before it reaches the core, so no test-only code
 * runs in the kiosk.
 */

const NOTICE = '正在处理，请稍候';

declare global {
  interface Window {
    __wait?: { down: number | null; shown: number[]; hidden: number[] };
  }
}

/** Records, in page time, the last pointerdown and every time the notice appears or goes. */
async function watchNotice(page: Page): Promise<void> {
  await page.evaluate((text) => {
    const w = { down: null as number | null, shown: [] as number[], hidden: [] as number[] };
    window.__wait = w;
    document.addEventListener('pointerdown', (e) => (w.down = e.timeStamp), { capture: true });
    let on = false;
    new MutationObserver(() => {
      const now = [...document.querySelectorAll('[role="status"]')].some((el) =>
        (el.textContent ?? '').includes(text),
      );
      if (now !== on) (now ? w.shown : w.hidden).push(performance.now());
      on = now;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, NOTICE);
}

const waitLog = (page: Page) => page.evaluate(() => window.__wait!);

/** Holds every bridge call of `channel` back by `ms` before it reaches the core. */
async function slowCore(page: Page, channel: string, ms: number): Promise<void> {
  await page.route(`**/api/invoke/${channel}`, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

async function toCatalogue(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '个人办事' }).click();
  await expect(page.getByRole('heading', { name: '个人办事' })).toBeVisible();
}

test.describe('K14 responsiveness', () => {
  // A touch screen: the pressed look is checked with real touch events.
  test.use({ hasTouch: true });

  test('a held touch shows the pressed look before the finger lifts', async ({ page, kiosk }) => {
    await page.goto(kiosk.appUrl);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('attract').click();
    const tile = page.locator('.tile', { hasText: '个人办事' });
    const look = () =>
      tile.evaluate((el) => `${getComputedStyle(el).filter} ${getComputedStyle(el).boxShadow}`);
    const resting = await look();
    const box = (await tile.boundingBox())!;
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    // The finger is down: the tile is marked pressed and looks different, and nothing has opened yet.
    await expect(tile).toHaveAttribute('data-pressed', 'true');
    expect(await look()).not.toBe(resting);
    await expect(page.getByRole('heading', { name: '您好，请选择要办理的业务' })).toBeVisible();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    // The lift is the tap: the screen opens.
    await expect(page.getByRole('heading', { name: '个人办事' })).toBeVisible();
  });

  test('a slow 办事指南 shows 正在处理，请稍候 after 1 s and not before; a quick one shows none', async ({
    page,
    kiosk,
  }) => {
    await toCatalogue(page, kiosk.appUrl);
    await page.getByLabel('搜索事项').fill('慢特病');
    const hit = page.getByTestId('catalogue-hit').filter({ hasText: '门诊慢特病待遇认定' }).first();
    await expect(hit).toBeVisible();
    const notice = page.getByRole('status').filter({ hasText: NOTICE });

    await slowCore(page, 'catalogue.matter', 3000);
    await watchNotice(page);
    await hit.click();
    await expect(notice).toBeVisible();
    await expect(page.getByRole('heading', { name: '门诊慢特病待遇认定' })).toBeVisible({ timeout: 8000 });
    await expect(notice).toHaveCount(0);
    const slow = await waitLog(page);
    expect(slow.shown).toHaveLength(1);
    const shownAfter = slow.shown[0]! - slow.down!;
    // After 1 s (a timer, so never early), and well before the answer at 3 s even on a busy machine.
    expect(shownAfter).toBeGreaterThanOrEqual(1000);
    expect(shownAfter).toBeLessThan(2500);
    expect(slow.hidden.length).toBe(1);

    // The core answering at once: no notice at any point.
    await page.unroute('**/api/invoke/catalogue.matter');
    await page.getByRole('button', { name: '返回列表' }).click();
    await watchNotice(page);
    await hit.click();
    await expect(page.getByRole('heading', { name: '门诊慢特病待遇认定' })).toBeVisible();
    await page.waitForTimeout(1200);
    expect((await waitLog(page)).shown).toEqual([]);
  });

  test('a slow 下一步 in a matter shows the notice after 1 s, then the next step', async ({
    page,
    kiosk,
  }) => {
    await toCatalogue(page, kiosk.appUrl);
    await page.getByLabel('搜索事项').fill('慢特病');
    await page.getByTestId('catalogue-hit').filter({ hasText: '门诊慢特病待遇认定' }).first().click();
    await page.getByTestId('start-flow').click();
    await expect(page.getByTestId('step-identify')).toBeVisible();
    await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
    await page.getByLabel('姓名').fill('王五');
    await page.getByLabel('身份证号码').fill('11010519491231002X');
    await page.getByRole('button', { name: '确认' }).click();
    await expect(page.getByTestId('identity-applicant')).toContainText('王五');

    await slowCore(page, 'flow.next', 3000);
    await watchNotice(page);
    await page.getByTestId('flow-next').click();
    const notice = page.getByRole('status').filter({ hasText: NOTICE });
    await expect(notice).toBeVisible();
    // The resident cannot tap 下一步 twice while waiting, and the notice takes no taps itself.
    await expect(page.getByTestId('flow-next')).toBeDisabled();
    expect(await notice.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
    await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'form', { timeout: 8000 });
    await expect(notice).toHaveCount(0);
    const log = await waitLog(page);
    expect(log.shown).toHaveLength(1);
    expect(log.shown[0]! - log.down!).toBeGreaterThanOrEqual(1000);
    expect(log.shown[0]! - log.down!).toBeLessThan(2500);
  });

  test('a slow first touch and a slow 智能导办 answer each show the notice after 1 s, then go on', async ({
    page,
    kiosk,
  }) => {
    const notice = page.getByRole('status').filter({ hasText: NOTICE });
    await page.goto(kiosk.appUrl);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    // The first touch on the attract screen opens a session in the core.
    await slowCore(page, 'session.start', 2500);
    await watchNotice(page);
    await page.getByTestId('attract').click();
    await expect(notice).toBeVisible();
    await expect(page.getByRole('heading', { name: '您好，请选择要办理的业务' })).toBeVisible({
      timeout: 8000,
    });
    await expect(notice).toHaveCount(0);
    const first = await waitLog(page);
    expect(first.shown).toHaveLength(1);
    expect(first.shown[0]! - first.down!).toBeGreaterThanOrEqual(1000);

    // 智能导办: each answer comes from the core.
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await slowCore(page, 'flow.finder', 2500);
    await watchNotice(page);
    await page.getByTestId('finder-start').click();
    await expect(notice).toBeVisible();
    await expect(page.getByTestId('finder')).toBeVisible({ timeout: 8000 });
    await expect(notice).toHaveCount(0);
    const finder = await waitLog(page);
    expect(finder.shown).toHaveLength(1);
    expect(finder.shown[0]! - finder.down!).toBeGreaterThanOrEqual(1000);
  });

  test('the notice passes the accessibility gate in elder mode (axe, sizes, text spacing)', async ({
    page,
    kiosk,
  }) => {
    await page.goto(kiosk.appUrl);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('attract').click();
    await page.getByTestId('elder-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-elder', 'true');
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await page.getByLabel('搜索事项').fill('慢特病');
    const hit = page.getByTestId('catalogue-hit').filter({ hasText: '门诊慢特病待遇认定' }).first();
    await expect(hit).toBeVisible();
    // Long enough for the checks to run while the notice is up.
    await slowCore(page, 'catalogue.matter', 8000);
    await hit.click();
    await expect(page.getByRole('status').filter({ hasText: NOTICE })).toBeVisible();
    const findings = [
      ...(await axeFindings(page, true)),
      ...(await layoutFindings(page, { minFont: 32, minHeading: 40, minTarget: 60, minGap: 8 })),
      ...(await textSpacingFindings(page)),
    ];
    expect(findings.map((f) => `${f.rule} at ${f.where} — ${f.detail}`)).toEqual([]);
    await expect(page.getByRole('status').filter({ hasText: NOTICE })).toBeVisible();
  });
});
