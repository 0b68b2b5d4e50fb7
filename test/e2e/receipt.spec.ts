import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { next, openGuide, presentCard, sign, stepIs, submit } from './journey-helpers.ts';
import type { KioskProcess } from './kiosk-process.ts';

/** 城乡居民养老保险待遇资格认证 with the demo card, up to the receipt. */
async function pensionJourney(page: Page, kiosk: KioskProcess) {
  await openGuide(page, kiosk.appUrl, '养老金认证', '城乡居民养老保险待遇资格认证');
  await presentCard(page, kiosk.call, 2, 'applicant');
  await next(page);
  await stepIs(page, 'face');
  await page.getByRole('button', { name: '演示：模拟人脸核验通过' }).click();
  await next(page);
  await stepIs(page, 'form');
  await page.locator('[data-field="applicant.phone"] input').fill('13912345678');
  await next(page);
  await stepIs(page, 'sign');
  await sign(page);
  await next(page);
  await stepIs(page, 'review');
  return submit(page);
}

// The printer ran out of paper at 3 a.m.: the resident still leaves with the receipt number (on screen,
// with its QR to photograph), nothing is lost, and the receipt prints once paper is loaded.
test('paper out: the receipt is shown on screen with its QR, and prints once paper is back', async ({
  page,
  kiosk,
}) => {
  expect((await kiosk.call('printing.simulate.fault', { fault: 'paper-out' })).ok).toBe(true);

  const sub = await pensionJourney(page, kiosk);

  expect(sub.print?.printed).toBe(false);
  const onScreen = page.getByTestId('receipt-on-screen');
  await expect(onScreen).toBeVisible();
  await expect(onScreen).toContainText(sub.receiptNo);
  await expect(onScreen).toContainText('城乡居民养老保险待遇资格认证');
  await expect(page.getByTestId('receipt-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('receipt-printed')).toHaveCount(0);

  type Jobs = { jobs: { receiptNo: string; kind: string; state: string; reprintable: boolean }[] };
  const job = async () =>
    ((await kiosk.call('printing.jobs', {})).value as Jobs).jobs.find(
      (j) => j.receiptNo === sub.receiptNo && j.kind === 'receipt',
    );
  expect((await job())?.state).not.toBe('done');
  expect((await job())?.reprintable).toBe(true);

  // Paper loaded: the kiosk notices (status check) and prints the waiting receipt by itself.
  expect((await kiosk.call('printing.simulate.fault', { fault: 'none' })).ok).toBe(true);
  await expect.poll(async () => (await job())?.state, { timeout: 10_000 }).toBe('done');
});

test('an unknown printer fault is refused as a bad request', async ({ kiosk }) => {
  const bad = await kiosk.call('printing.simulate.fault', { fault: 'on-fire' });
  expect(bad).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
});

test('the QR on a printed receipt, scanned at 办件查询, opens that application', async ({ page, kiosk }) => {
  const sub = await pensionJourney(page, kiosk);
  expect(sub.print?.printed).toBe(true);
  // The same payload the printer drew as the QR (the simulator's PNG tests decode it from paper).
  const qr = (sub.print!.receipt as unknown as { qrPayload: string }).qrPayload;
  expect(qr).toContain(`no=${sub.receiptNo}`);

  await page.getByRole('button', { name: '首页' }).click();
  await page.locator('.tile', { hasText: '办件查询' }).click();
  await expect(page.getByRole('heading', { name: '办件查询' })).toBeVisible();
  expect((await kiosk.call('scanner.simulate', { action: 'scan', text: qr })).ok).toBe(true);
  await expect(page.getByTestId('application-detail')).toContainText(sub.receiptNo);
  // A receipt with its tag tampered is refused, not opened.
  expect(
    (await kiosk.call('scanner.simulate', { action: 'scan', text: qr.replace(/s=.{4}/, 's=AAAA') })).ok,
  ).toBe(true);
  await expect(page.getByText('回执二维码无法验证')).toBeVisible();
  await expect(page.getByTestId('application-detail')).toHaveCount(0);
});
