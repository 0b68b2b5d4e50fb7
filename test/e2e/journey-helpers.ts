import type { Page, Response } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Steps a resident takes in every journey, shared by the journey specs. */
export type SubmitAnswer = {
  ok: true;
  value: {
    receiptNo: string;
    owed: { name: string; promisedDate: string }[];
    print: { printed: boolean; receipt: { lines: { text: string }[] } | null } | null;
  };
};

export async function openGuide(page: Page, appUrl: string, query: string, hit: string): Promise<void> {
  await page.goto(appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '个人办事' }).click();
  await page.getByLabel('搜索事项').fill(query);
  await page.getByTestId('catalogue-hit').filter({ hasText: hit }).first().click();
  await page.getByTestId('start-flow').click();
  await expect(page.getByTestId('step-identify')).toBeVisible();
}

/** Places a demo card (by deck index) and waits until the identify step shows it read. */
export async function presentCard(
  page: Page,
  call: (c: string, p?: object) => Promise<unknown>,
  card: number,
  who: string,
) {
  await call('idcard.simulate.insert', { card });
  await expect(page.getByTestId(`identity-${who}`)).toContainText('已读取', { timeout: 10_000 });
}

export const next = (page: Page) => page.getByRole('button', { name: '下一步' }).click();
export const stepIs = (page: Page, kind: string) =>
  expect(page.getByTestId('flow')).toHaveAttribute('data-step', kind);

export async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('sign-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 40 + i * 30, box.y + 60 + (i % 3) * 25);
  await page.mouse.up();
  await page.getByRole('button', { name: '确认签名' }).click();
  await expect(page.getByText(/已签名（\d\d:\d\d）/)).toBeVisible();
}

export async function submit(page: Page): Promise<SubmitAnswer['value']> {
  const answer = page.waitForResponse((r: Response) => r.url().includes('/api/invoke/flow.submit'));
  await page.getByRole('button', { name: '确认提交' }).click();
  const body = (await (await answer).json()) as SubmitAnswer;
  expect(body.ok).toBe(true);
  await expect(page.getByTestId('receipt-no')).toContainText(body.value.receiptNo);
  return body.value;
}

/** 城乡居民养老保险待遇资格认证 up to its form: the demo card of 李秀英 and the demo face pass. */
export async function toPensionForm(
  page: Page,
  appUrl: string,
  call: (c: string, p?: object) => Promise<unknown>,
): Promise<void> {
  await openGuide(page, appUrl, '养老金认证', '城乡居民养老保险待遇资格认证');
  await presentCard(page, call, 2, 'applicant');
  await next(page);
  await page.getByRole('button', { name: '演示：模拟人脸核验通过' }).click();
  await next(page);
  await stepIs(page, 'form');
}

/** 门诊慢特病待遇认定 (manual ID entry allowed, no face check) up to its identify step. */
export async function openChronicIdentify(page: Page, appUrl: string): Promise<void> {
  await openGuide(page, appUrl, '慢特病', '门诊慢特病待遇认定');
}

/** 门诊慢特病待遇认定 with a demo card, through its form steps, up to the materials step. */
export async function toChronicMaterials(
  page: Page,
  appUrl: string,
  call: (c: string, p?: object) => Promise<unknown>,
): Promise<void> {
  await openGuide(page, appUrl, '慢特病', '门诊慢特病待遇认定');
  await presentCard(page, call, 0, 'applicant');
  await next(page);
  await stepIs(page, 'form');
  while ((await page.getByTestId('flow').getAttribute('data-step')) === 'form') {
    const stepId = await page.getByTestId('flow').getAttribute('data-step-id');
    const phone = page.locator('[data-field="applicant.phone"] input');
    if (await phone.count()) await phone.fill('13800001234');
    const reason = page.locator('[data-field="matter.reason"] input');
    if (await reason.count()) await reason.fill('高血压三级');
    await next(page);
    await expect(page.getByTestId('flow')).not.toHaveAttribute('data-step-id', stepId!);
  }
  await stepIs(page, 'materials');
}
