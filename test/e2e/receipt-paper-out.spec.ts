import { test, expect } from './fixtures.ts';
import { next, openGuide, presentCard, sign, stepIs, submit } from './journey-helpers.ts';

// The printer ran out of paper at 3 a.m.: the resident still leaves with the receipt number (on screen,
// with its QR to photograph), nothing is lost, and the receipt prints once paper is loaded.
test('paper out: the receipt is shown on screen with its QR, and prints once paper is back', async ({
  page,
  kiosk,
}) => {
  expect((await kiosk.call('printing.simulate.fault', { fault: 'paper-out' })).ok).toBe(true);

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
  const sub = await submit(page);

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
