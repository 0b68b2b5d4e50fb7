import { test, expect } from './fixtures.ts';

test.describe('matter catalogue on the kiosk', () => {
  test('search 社保, open a matter guide, see its materials; elder mode keeps targets large', async ({
    page,
    kiosk,
  }) => {
    await page.goto(kiosk.appUrl);
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('attract').click();
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await expect(page.getByRole('heading', { name: '个人办事' })).toBeVisible();

    // Browse first: the demo catalogue was imported on first start; bundles lead the list.
    await expect(page.getByTestId('catalogue-hit').first()).toContainText('一件事');

    const field = page.getByLabel('搜索事项');
    await field.fill('社保');
    await expect(page.getByText('同时为您搜索：社会保险、社会保障')).toBeVisible();
    const hit = page.getByTestId('catalogue-hit').filter({ hasText: '社会保障卡申领' });
    await expect(hit).toBeVisible();
    await hit.click();

    const guide = page.getByTestId('matter-guide');
    await expect(guide.getByRole('heading', { name: '社会保障卡申领' })).toBeVisible();
    await expect(guide.getByRole('heading', { name: '所需材料' })).toBeVisible();
    const materials = guide.getByTestId('materials');
    await expect(materials).toContainText('居民身份证或户口簿（新生儿）');
    await expect(materials).toContainText('数码照片回执');
    await expect(guide).toContainText('受理条件');
    await expect(guide).toContainText('承诺时限：10 个工作日');
    await expect(guide).toContainText('不收费');
    await expect(guide).toContainText('新生儿出生一件事');

    // Elder mode: larger text, every button of the guide still a large target (≥ 60 px).
    await page.getByTestId('elder-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-elder', 'true');
    const fontPx = await materials
      .locator('li')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(32);
    for (const box of await page
      .locator('.catalogue button')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(60);
    }

    // 返回列表 returns to the same results without retyping.
    await page.getByRole('button', { name: '返回列表' }).click();
    await expect(page.getByLabel('搜索事项')).toHaveValue('社保');
    await expect(hit).toBeVisible();
  });

  test('the 新生儿出生一件事 bundle shows the merged form and paper list', async ({ page, kiosk }) => {
    await page.goto(kiosk.appUrl);
    await page.getByTestId('attract').click();
    await page.locator('.tile', { hasText: '个人办事' }).click();
    await page.getByLabel('搜索事项').fill('生孩子');
    await page.getByTestId('catalogue-hit').filter({ hasText: '新生儿出生一件事' }).click();
    const guide = page.getByTestId('bundle-guide');
    await expect(guide.getByRole('heading', { name: '新生儿出生一件事' })).toBeVisible();
    const saving = await guide.getByTestId('bundle-saving').textContent();
    const [merged, total] = (saving ?? '').match(/\d+/g)!.map(Number);
    expect(merged).toBeLessThan(total! * 0.6);
    await expect(guide.getByTestId('materials')).toContainText('出生医学证明');
  });

  test('法人办事 lists 企业开办一件事 and the core serves catalogue calls', async ({ page, kiosk }) => {
    await page.goto(kiosk.appUrl);
    await page.getByTestId('attract').click();
    await page.locator('.tile', { hasText: '法人办事' }).click();
    await expect(page.getByTestId('catalogue-hit').first()).toContainText('企业开办一件事');
    const info = await kiosk.call('catalogue.info');
    expect(info).toMatchObject({ ok: true, value: { state: { profile: 'sm2' } } });
    const bad = await kiosk.call('catalogue.matter', { id: 'no-such-matter' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});
