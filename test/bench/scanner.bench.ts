import { chromium, type Page } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { startKiosk } from '../e2e/kiosk-process.ts';
import { demoReceiptKey, signedReceiptPayload } from '../../electron/core/scanner/receipt-signature.ts';
import { sendWedgeBurst } from '../../drivers/scanner/simulator/wedge-burst.ts';
import { median, percentile, type Benchmark } from './bench.ts';

const RUNS = 20;
const WARMUP = 3;
const RECEIPT_QR = signedReceiptPayload(
  'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}',
  'R20261121-0001',
  'DEMO-0001',
  demoReceiptKey('DEMO-0001'),
);

/**
 * Scan-to-screen in browser mode: from the moment the (simulated) HID POS scanner sends the reports
 * of a receipt QR until the 办件查询 screen shows that application. The path measured is the real
 * one: reports → reassembly → classification and signature check → `scanner.scan` over WebSocket →
 * `applications.lookup` over HTTP → React render. The keyboard-wedge path is measured beside it.
 */
const bench: Benchmark = {
  area: 'scanner',
  async run(log) {
    await buildRenderer();
    const browser = await chromium.launch(chromiumLaunchOptions());
    const kiosk = await startKiosk();
    const hid: number[] = [];
    const wedge: number[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 0.5 });
      await page.goto(kiosk.appUrl);
      await page.locator('html[data-ready="true"]').waitFor();
      await page.getByTestId('attract').click();
      await page.locator('.tile', { hasText: '办件查询' }).click();
      const detail = page.getByTestId('application-detail');
      const reset = async (p: Page): Promise<void> => {
        await p.getByRole('button', { name: '查询其他办件' }).click();
        await p.getByTestId('scan-prompt').waitFor();
      };
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const r = await kiosk.call('scanner.simulate', { action: 'scan', text: RECEIPT_QR });
        if (!r.ok) throw new Error(`simulated scan failed: ${JSON.stringify(r.error)}`);
        await detail.waitFor({ state: 'visible' });
        const ms = performance.now() - t0;
        if (i >= WARMUP) hid.push(ms);
        await reset(page);
      }
      const cdp = await page.context().newCDPSession(page);
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        await sendWedgeBurst((m, p) => cdp.send(m, p), RECEIPT_QR);
        await detail.waitFor({ state: 'visible' });
        const ms = performance.now() - t0;
        if (i >= WARMUP) wedge.push(ms);
        await reset(page);
      }
      log(
        `HID POS: median ${median(hid).toFixed(1)} ms, p95 ${percentile(hid, 95).toFixed(1)} ms over ${RUNS}`,
      );
      log(
        `wedge:   median ${median(wedge).toFixed(1)} ms, p95 ${percentile(wedge, 95).toFixed(1)} ms over ${RUNS}`,
      );
    } finally {
      await browser.close();
      await kiosk.stop();
    }
    return [
      { name: 'scanner.scan_to_screen_ms', value: Math.round(median(hid)), unit: 'ms', target: '<= 150' },
      {
        name: 'scanner.scan_to_screen_p95_ms',
        value: Math.round(percentile(hid, 95)),
        unit: 'ms',
        target: null,
      },
      { name: 'scanner.wedge_scan_to_screen_ms', value: Math.round(median(wedge)), unit: 'ms', target: null },
    ];
  },
};
export default bench;
