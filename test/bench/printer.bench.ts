import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, type Benchmark } from './bench.ts';
import { openPrinterLink } from '../../drivers/printer/open-printer-link.ts';
import { ReceiptPrinter } from '../../drivers/printer/receipt-printer.ts';
import { layoutReceipt } from '../../drivers/printer/receipt-layout.ts';
import { encodeReceipt } from '../../drivers/printer/receipt-encoder.ts';
import { loadReceiptTemplate } from '../../drivers/printer/receipt-template.ts';
import { PrinterSimulatorHost } from '../../drivers/printer/simulator/simulator-host.ts';

const BAUD = 115200;
const values = {
  siteName: '杭州市西湖区政务服务中心',
  receiptNo: 'ZJ330106-20261121-000123',
  matters: ['新生儿出生一件事：出生医学证明', '户口登记', '医保参保登记', '生育津贴申领'],
  applicantName: '欧阳娜娜',
  maskedId: '330106********1234',
  acceptedAt: '2026-11-21 23:20',
  timeLimit: '5个工作日',
  owedMaterials: ['结婚证复印件', '父母双方户口簿首页及本人页'],
  kioskId: 'ZJ-XH-0007',
  lookupPayload: 'https://zwfw.example.gov.cn/banjian/chaxun?no=ZJ330106-20261121-000123',
};

/**
 * printer.receipt_encode_ms: template → lines → ESC/POS bytes for a full 80 mm acceptance receipt.
 * printer.receipt_ratio_to_wire: one printJob (status check, job, post-print status check) to the
 * simulator on a real socat pty that consumes bytes at 115200 baud (10 bits a byte), divided by the
 * time those same bytes need on a 115200 line: the job plus the 2 × 12 query and 2 × 4 reply bytes.
 * A ratio of 1 means the software adds nothing to the wire.
 */
const bench: Benchmark = {
  area: 'printer',
  async run(log) {
    const template = loadReceiptTemplate();
    for (let i = 0; i < 50; i++) encodeReceipt(layoutReceipt(template, values, 80)); // warm-up
    const encodeMs: number[] = [];
    let job: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      job = encodeReceipt(layoutReceipt(template, values, 80));
      encodeMs.push(performance.now() - t0);
    }
    log(`receipt: ${job.length} bytes, encode median ${median(encodeMs).toFixed(3)} ms`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printer-bench-'));
    const host = await PrinterSimulatorHost.onPty(path.join(dir, 'printer'), { paper: 80, baud: BAUD });
    const link = openPrinterLink({ transport: 'serial', path: host.pty.a, baudRate: BAUD });
    const printer = new ReceiptPrinter(link, { lineTimeMs: 0, assumedBaud: BAUD });
    const ratios: number[] = [];
    try {
      const end = Date.now() + 5000;
      while (link.state !== 'open' && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      if (link.state !== 'open') throw new Error('pty link did not open');
      await printer.printJob(job); // warm-up
      const wireMs = ((job.length + 24 + 8) * 10 * 1000) / BAUD;
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const out = await printer.printJob(job);
        const ms = performance.now() - t0;
        if (!out.printed) throw new Error(`simulator did not print: ${out.failure}`);
        ratios.push(ms / wireMs);
      }
      log(
        `wire time ${wireMs.toFixed(1)} ms; end-to-end median ${(median(ratios) * wireMs).toFixed(1)} ms over ${ratios.length} jobs`,
      );
    } finally {
      printer.dispose();
      await link.close();
      await host.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return [
      { name: 'printer.receipt_encode_ms', value: median(encodeMs), unit: 'ms', target: '<= 5' },
      { name: 'printer.receipt_ratio_to_wire', value: median(ratios), unit: 'ratio', target: '<= 1.1' },
    ];
  },
};
export default bench;
