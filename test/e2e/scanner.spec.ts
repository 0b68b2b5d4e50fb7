import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { demoReceiptKey, signedReceiptPayload } from '../../electron/core/scanner/receipt-signature.ts';
import { sendWedgeBurst } from '../../drivers/scanner/simulator/wedge-burst.ts';

// The demo kiosk's own receipt for the demo application (same key the demo core derives).
const LOOKUP = 'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}';
const RECEIPT_QR = signedReceiptPayload(LOOKUP, 'R20261121-0001', 'DEMO-0001', demoReceiptKey('DEMO-0001'));

async function openQuery(page: Page, appUrl: string): Promise<void> {
  // No page.clock here: it replaces KeyboardEvent.timeStamp, and the wedge detector judges bursts by
  // the key events' own times (the simulated scanner stamps its keys 2 ms apart).
  await page.goto(appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '办件查询' }).click();
  await expect(page.getByRole('heading', { name: '办件查询' })).toBeVisible();
  await expect(page.getByTestId('scan-prompt')).toBeVisible();
}

/** Records every value the receipt field takes, so "never typed into the field" can be asserted. */
async function watchField(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { fieldValues: string[] };
    w.fieldValues = [];
    document.addEventListener('input', (e) => w.fieldValues.push((e.target as HTMLInputElement).value), true);
  });
}
const fieldValues = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { fieldValues: string[] }).fieldValues);

/** A keyboard-wedge scanner typing `code` + Enter as trusted key events, back to back. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await sendWedgeBurst((m, p) => cdp.send(m, p), code);
  await cdp.detach();
}

test.describe('办件查询 by scanning the receipt', () => {
  test('typed slowly into the field the characters are typed; the same code as a wedge scan opens the application', async ({
    page,
    kiosk,
  }) => {
    test.setTimeout(90_000);
    await openQuery(page, kiosk.appUrl);
    const field = page.getByTestId('receipt-input');
    await field.click();

    // A person: one key every ~80 ms (Playwright waits `delay` after keydown and again after keyup).
    await page.keyboard.type(RECEIPT_QR, { delay: 40 });
    await expect(field).toHaveValue(RECEIPT_QR);
    await expect(page.getByTestId('application-detail')).toHaveCount(0);

    // A wedge scanner: the whole code back to back, then Enter, into the same focused field.
    await field.fill('');
    await expect(field).toBeFocused();
    await watchField(page);
    await wedgeScan(page, RECEIPT_QR);
    const detail = page.getByTestId('application-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toContainText('R20261121-0001');
    await expect(detail).toContainText('出生医学证明办理');
    await expect(detail).toContainText('办理中');
    await expect(detail).toContainText('330106********1234');
    expect(await fieldValues(page)).toEqual([]);
  });

  test('a wedge scan of a web address is refused with a plain message and types nothing', async ({
    page,
    kiosk,
  }) => {
    await openQuery(page, kiosk.appUrl);
    await page.getByTestId('receipt-input').click();
    await watchField(page);
    await wedgeScan(page, 'https://pay.example.com/qr?id=12345');
    await expect(page.getByTestId('scan-message')).toHaveText(
      '不支持扫描网址。请扫描本机打印的办件回执二维码',
    );
    await expect(page.getByTestId('receipt-input')).toHaveValue('');
    expect(await fieldValues(page)).toEqual([]);
  });

  test("a forged receipt (someone else's number on a copied code) does not open anything", async ({
    page,
    kiosk,
  }) => {
    await openQuery(page, kiosk.appUrl);
    await wedgeScan(page, RECEIPT_QR.replace('0001&', '0002&'));
    await expect(page.getByTestId('scan-message')).toHaveText('回执二维码无法验证，请到窗口咨询或呼叫帮办');
    await expect(page.getByTestId('application-detail')).toHaveCount(0);
  });

  test('the HID POS scanner (simulated) opens the application; unplug and replug show in device status', async ({
    page,
    kiosk,
  }) => {
    await openQuery(page, kiosk.appUrl);
    const scanner = async (): Promise<unknown> =>
      ((await kiosk.call('device.list')).value as { devices: { kind: string }[] }).devices.find(
        (d) => d.kind === 'scanner',
      );
    await expect.poll(scanner).toMatchObject({ id: 'scanner-sim', state: 'ready' });

    expect((await kiosk.call('scanner.simulate', { action: 'scan', text: RECEIPT_QR })).ok).toBe(true);
    await expect(page.getByTestId('application-detail')).toContainText('新生儿落户');
    await page.getByRole('button', { name: '查询其他办件' }).click();

    await kiosk.call('scanner.simulate', { action: 'unplug' });
    await expect
      .poll(scanner)
      .toMatchObject({ state: 'disconnected', messageKey: 'device.scanner.disconnected' });
    await kiosk.call('scanner.simulate', { action: 'replug' });
    await expect.poll(scanner, { timeout: 10_000 }).toMatchObject({ state: 'ready' });
    expect((await kiosk.call('scanner.simulate', { action: 'scan', text: RECEIPT_QR })).ok).toBe(true);
    await expect(page.getByTestId('application-detail')).toContainText('R20261121-0001');
  });
});
