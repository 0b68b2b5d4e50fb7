import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPrinterLink } from '../../../../drivers/printer/open-printer-link.ts';
import type { ByteLink } from '../../../../drivers/printer/printer-link.ts';
import { ReceiptPrinter } from '../../../../drivers/printer/receipt-printer.ts';
import { layoutReceipt } from '../../../../drivers/printer/receipt-layout.ts';
import { encodeReceipt } from '../../../../drivers/printer/receipt-encoder.ts';
import { loadReceiptTemplate } from '../../../../drivers/printer/receipt-template.ts';
import { PrinterSimulatorHost } from '../../../../drivers/printer/simulator/simulator-host.ts';
import { inspectReceiptPng } from './png-check.ts';

const ARTIFACTS = path.resolve('test-results/printer');
const LOOKUP = 'https://zwfw.example.gov.cn/banjian/chaxun?no=ZJ330106-20261121-000123';
const values = {
  siteName: '西湖区政务服务中心',
  receiptNo: 'ZJ330106-20261121-000123',
  matters: ['新生儿出生一件事：出生医学证明', '户口登记', '医保参保登记'],
  applicantName: '张三丰',
  maskedId: '330106********1234',
  acceptedAt: '2026-11-21 23:20',
  timeLimit: '5个工作日',
  owedMaterials: ['结婚证复印件'],
  kioskId: 'DEMO-0001',
  lookupPayload: LOOKUP,
};

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function simOnPty(paper: 58 | 80, pngDir: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prn-'));
  const host = await PrinterSimulatorHost.onPty(path.join(dir, 'printer'), { paper, pngDir });
  const link = openPrinterLink({ transport: 'serial', path: host.pty.a, baudRate: 115200 });
  const printer = new ReceiptPrinter(link, { lineTimeMs: 0 });
  cleanup.push(async () => {
    printer.dispose();
    await link.close();
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await until(() => link.state === 'open');
  return { host, link, printer };
}

describe('receipt through the ESC/POS simulator on a socat pty', () => {
  for (const paper of [58, 80] as const) {
    it(`${paper} mm: PNG has the receipt's Chinese lines and a QR that decodes to the lookup payload`, async () => {
      const pngDir = path.join(ARTIFACTS, `receipt-${paper}mm`);
      fs.rmSync(pngDir, { recursive: true, force: true });
      const { host, printer } = await simOnPty(paper, pngDir);
      const lines = layoutReceipt(loadReceiptTemplate(), values, paper);
      const out = await printer.printJob(encodeReceipt(lines));
      expect(out).toMatchObject({ sent: true, printed: true });
      await until(() => host.pngFiles.length === 1);

      // Text: what the simulator parsed from the GB18030 byte stream, line by line.
      const log = host.sim.textLog;
      expect(log).toContain('受理回执');
      expect(log).toContain('西湖区政务服务中心');
      expect(log.join('\n')).toContain('ZJ330106-20261121-000123');
      expect(log).toContain('申请人：张三丰');
      expect(log).toContain('证件号码：330106********1234');
      for (const m of values.matters) expect(log.join('')).toContain(m);
      expect(log.join('')).toContain('结婚证复印件');
      expect(log.join('')).not.toMatch(/\{\{|�/); // no unfilled placeholder, no mis-decoded byte
      // The parsed lines are exactly the laid-out lines: nothing was lost or garbled on the way.
      const sent = lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
      expect(log.filter((l) => l !== '')).toEqual(sent);

      const png = await inspectReceiptPng(host.pngFiles[0]!);
      expect(png.width).toBe(paper === 58 ? 384 : 576);
      expect(png.darkRatio).toBeGreaterThan(0.03); // text and QR were drawn, not a blank strip
      expect(png.qr).toBe(LOOKUP);
      expect(host.sim.receipts[0]!.complete).toBe(true);
      expect(host.sim.unknown).toEqual([]);
    });
  }

  it('a QR payload with Chinese survives: length counted in encoded bytes', async () => {
    const pngDir = path.join(ARTIFACTS, 'receipt-zh-qr');
    fs.rmSync(pngDir, { recursive: true, force: true });
    const { host, printer } = await simOnPty(80, pngDir);
    const payload = '办件查询:ZJ330106-20261121-000123';
    const lines = layoutReceipt(loadReceiptTemplate(), { ...values, lookupPayload: payload }, 80);
    expect((await printer.printJob(encodeReceipt(lines))).printed).toBe(true);
    await until(() => host.pngFiles.length === 1);
    expect((await inspectReceiptPng(host.pngFiles[0]!)).qr).toBe(payload);
  });
});

describe('printer transports against the simulator', () => {
  async function statusOver(link: ByteLink, host: PrinterSimulatorHost): Promise<string[]> {
    cleanup.push(async () => {
      await link.close();
      await host.close();
    });
    host.sim.loadPaper();
    await until(() => link.state === 'open');
    const p = new ReceiptPrinter(link, { lineTimeMs: 0 });
    const states = [(await p.status()).state];
    host.sim.setFault('paper-out');
    states.push((await p.status()).state);
    host.sim.setFault('cover-open');
    states.push((await p.status()).state);
    host.sim.setFault('offline');
    states.push((await p.status()).state);
    p.dispose();
    return states;
  }
  const expected = ['ready', 'paper-out', 'cover-open', 'offline'];

  it('serial (pty): DLE EOT states', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prn-'));
    const host = await PrinterSimulatorHost.onPty(path.join(dir, 'p'));
    expect(
      await statusOver(openPrinterLink({ transport: 'serial', path: host.pty.a, baudRate: 115200 }), host),
    ).toEqual(expected);
  });

  it('USB printer-class device file opener (driven on a pty): DLE EOT states', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prn-'));
    const host = await PrinterSimulatorHost.onPty(path.join(dir, 'p'));
    expect(await statusOver(openPrinterLink({ transport: 'usb-lp', path: host.pty.a }), host)).toEqual(
      expected,
    );
  });

  it('raw TCP 9100-style: DLE EOT states, and reconnects after the printer drops the connection', async () => {
    const host = await PrinterSimulatorHost.onTcp(0);
    const link = openPrinterLink(
      { transport: 'tcp', host: '127.0.0.1', port: host.port },
      { initialMs: 20, maxMs: 100 },
    );
    const seen: string[] = [];
    link.onState((s) => seen.push(s));
    expect(await statusOver(link, host)).toEqual(expected);
    host.sim.loadPaper();
    host.dropClients();
    await until(() => seen.includes('closed'));
    await until(() => link.state === 'open');
    const p = new ReceiptPrinter(link, { lineTimeMs: 0 });
    expect((await p.status()).state).toBe('ready');
    p.dispose();
  });
});
