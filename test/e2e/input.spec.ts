import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { axeFindings, layoutFindings } from './a11y-checks.ts';

/**
 * The in-app keyboard on the technician's input self-check page (input-lab.html), which mounts the
 * same KioskTextField the resident screens use.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function openLab(page: Page, baseUrl: string, query = ''): Promise<void> {
  await page.goto(`${baseUrl}/input-lab.html${query}`);
  await page.getByTestId('field-name').waitFor();
}

async function tap(page: Page, keys: string): Promise<void> {
  for (const k of keys) await page.getByTestId(`key-${k}`).click();
}

async function expectFieldClearOfKeyboard(page: Page, testId: string): Promise<void> {
  const field = await page.getByTestId(testId).boundingBox();
  const kb = await page.getByTestId('keyboard').boundingBox();
  expect(field && kb).toBeTruthy();
  expect(field!.y + field!.height, `${testId} is above the keyboard`).toBeLessThanOrEqual(kb!.y);
  expect(field!.y).toBeGreaterThanOrEqual(0);
}

test('typing "zhangsan" on the pinyin keyboard offers 张三 and enters it', async ({ page, kiosk }) => {
  await openLab(page, kiosk.baseUrl);
  await page.getByTestId('field-name').click();
  await expect(page.getByTestId('keyboard')).toHaveAttribute('data-mode', 'pinyin');
  await expect(page.getByTestId('pinyin-buffer')).toHaveText('');
  await tap(page, 'zhangsan');
  await expect(page.getByTestId('pinyin-buffer')).toHaveText('zhangsan');
  const first = await page.getByTestId('candidates').locator('button').allInnerTexts();
  expect(first.slice(0, 5)).toContain('张三');
  await page.getByTestId('candidates').getByRole('button', { name: '张三', exact: true }).click();
  await expect(page.getByTestId('field-name')).toHaveValue('张三');
  await expect(page.getByTestId('pinyin-buffer')).toHaveText('');
  await expectFieldClearOfKeyboard(page, 'field-name');

  // A physical keyboard or the tactile keypad types into the same candidate bar: letters, then 1.
  await page.keyboard.type('yinhang');
  await page.keyboard.press('1');
  await expect(page.getByTestId('field-name')).toHaveValue('张三银行');
});

test('the number pad enters an ID number with X and checks it (GB 11643)', async ({ page, kiosk }) => {
  await openLab(page, kiosk.baseUrl);
  await page.getByTestId('field-id').click();
  await expect(page.getByTestId('keyboard')).toHaveAttribute('data-mode', 'numeric');
  await expectFieldClearOfKeyboard(page, 'field-id');
  await tap(page, '11010519491231002X');
  await expect(page.getByTestId('field-id')).toHaveValue('11010519491231002X');
  await expect(page.getByTestId('field-id-msg')).toHaveText('✓ 号码格式正确');
  // One wrong digit: stated in words (not colour alone), and the field is marked invalid.
  await page.getByTestId('key-delete').click();
  await tap(page, '1');
  await expect(page.getByTestId('field-id-msg')).toHaveText('✕ 身份证号码有误，请逐位核对');
  await expect(page.getByTestId('field-id')).toHaveAttribute('aria-invalid', 'true');
  // The pad has no X for a phone number, and the field takes 11 digits only.
  await page.getByTestId('key-done').click();
  await page.getByTestId('field-phone').click();
  await expect(page.getByTestId('key-X')).toHaveCount(0);
  await tap(page, '138123456789');
  await expect(page.getByTestId('field-phone')).toHaveValue('13812345678');
});

test('a handwritten 人 is recognised among the top 5', async ({ page, kiosk }) => {
  const index = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'resources/input/handwriting-index.json'), 'utf8'),
  ) as {
    chars: string;
    strokes: string[];
    grid: number;
  };
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const strokes = index.strokes[[...index.chars].indexOf('人')]!.split(' ').map((s) => {
    const pts: [number, number][] = [];
    for (let i = 0; i + 1 < s.length; i += 2)
      pts.push([B64.indexOf(s[i]!) / index.grid, B64.indexOf(s[i + 1]!) / index.grid]);
    return pts;
  });
  await openLab(page, kiosk.baseUrl);
  await page.getByTestId('field-name').click();
  await page.getByTestId('kb-mode-handwriting').click();
  const pad = (await page.getByTestId('hw-pad').boundingBox())!;
  for (const stroke of strokes) {
    // Drawn by a finger: wobbly, in the middle 70 % of the pad.
    const at = ([x, y]: [number, number], i: number) =>
      [
        pad.x + pad.width * (0.15 + 0.7 * x) + (i % 2 ? 3 : -3),
        pad.y + pad.height * (0.15 + 0.7 * y),
      ] as const;
    await page.mouse.move(...at(stroke[0]!, 0));
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) await page.mouse.move(...at(stroke[i]!, i), { steps: 4 });
    await page.mouse.up();
  }
  await expect(page.getByTestId('candidates').locator('button').first()).toBeVisible({ timeout: 15_000 });
  const top5 = (await page.getByTestId('candidates').locator('button').allInnerTexts()).slice(0, 5);
  expect(top5).toContain('人');
  await page.getByTestId('candidates').getByRole('button', { name: '人', exact: true }).click();
  await expect(page.getByTestId('field-name')).toHaveValue('人');
});

for (const variant of [
  { name: 'zh-CN', query: '' },
  { name: 'elder mode', query: '?elder' },
  { name: 'ug', query: '?locale=ug' },
]) {
  test(`keyboard in every mode passes axe and the size checks (${variant.name})`, async ({ page, kiosk }) => {
    await openLab(page, kiosk.baseUrl, variant.query);
    const elder = variant.name === 'elder mode';
    const failures: string[] = [];
    for (const [field, modes] of [
      ['field-name', ['pinyin', 'handwriting', 'latin', 'numeric']],
      ['field-id', []],
    ] as const) {
      await page.getByTestId(field).click();
      for (const mode of modes.length ? modes : [null]) {
        if (mode) await page.getByTestId(`kb-mode-${mode}`).click();
        if (mode === 'pinyin') await tap(page, 'zhang');
        const found = [
          ...(await axeFindings(page, elder)),
          ...(await layoutFindings(page, {
            minFont: elder ? 32 : 24,
            minHeading: elder ? 40 : 24,
            minTarget: 60,
            minGap: 8,
          })),
        ];
        for (const f of found) failures.push(`${field}/${mode}: ${f.rule} at ${f.where} — ${f.detail}`);
        if (mode === 'pinyin') await page.getByTestId('key-clear').click();
      }
      await expectFieldClearOfKeyboard(page, field);
      await page.getByTestId('key-done').click();
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
}
