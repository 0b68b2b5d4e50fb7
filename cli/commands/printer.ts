import path from 'node:path';
import { loadConfig } from '../../electron/core/config/config.ts';
import { lookupPayload } from '../../electron/core/printing/receipt-content.ts';
import {
  openPrinterLink,
  parsePrinterAddress,
  describeAddress,
} from '../../drivers/printer/open-printer-link.ts';
import type { ByteLink } from '../../drivers/printer/printer-link.ts';
import type { PrinterState } from '../../drivers/printer/printer-status.ts';
import { ReceiptPrinter } from '../../drivers/printer/receipt-printer.ts';
import { layoutReceipt } from '../../drivers/printer/receipt-layout.ts';
import { encodeReceipt } from '../../drivers/printer/receipt-encoder.ts';
import { loadReceiptTemplate } from '../../drivers/printer/receipt-template.ts';
import { parseFault, SIM_FAULTS } from '../../drivers/printer/simulator/escpos-simulator.ts';
import { PrinterSimulatorHost } from '../../drivers/printer/simulator/simulator-host.ts';
import type { CommandSpec } from '../command.ts';

const STATE_ZH: Record<PrinterState, string> = {
  ready: '就绪',
  'paper-near-end': '纸将用尽（仍可打印，请尽快换纸）',
  'paper-out': '缺纸',
  'cover-open': '纸仓盖打开',
  offline: '离线（无应答：检查电源和连线）',
  error: '故障（切刀或打印头错误）',
};

function paperOf(v: unknown): 58 | 80 {
  if (v === undefined) return 80;
  if (v === '58' || v === '80') return Number(v) as 58 | 80;
  throw new Error(`--paper 只能是 58 或 80 (got ${String(v)})`);
}

async function withPrinter<T>(
  port: unknown,
  fn: (p: ReceiptPrinter, link: ByteLink) => Promise<T>,
): Promise<T> {
  if (typeof port !== 'string' || !port)
    throw new Error('需要 --port，例如 /dev/ttyUSB0、/dev/usb/lp0 或 tcp://10.0.0.5:9100');
  const addr = parsePrinterAddress(port);
  const link = openPrinterLink(addr, { initialMs: 200, maxMs: 500 });
  try {
    const end = Date.now() + 3000;
    while (link.state !== 'open' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    if (link.state !== 'open') throw new Error(`无法打开打印机 ${describeAddress(addr)} (cannot open)`);
    const p = new ReceiptPrinter(link, { lineTimeMs: 28 });
    try {
      return await fn(p, link);
    } finally {
      p.dispose();
    }
  } finally {
    await link.close();
  }
}

export const printerCommands: CommandSpec[] = [
  {
    name: 'printer status',
    summary: '查询小票打印机状态（DLE EOT：缺纸、纸将尽、开盖、离线）(receipt printer status)',
    usage: 'kioskctl printer status --port <串口|/dev/usb/lpN|tcp://主机:9100> [--json]',
    options: { port: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, out }) {
      const s = await withPrinter(values.port, (p) => p.status());
      if (values.json) out(JSON.stringify({ state: s.state, flags: s.flags }));
      else {
        out(`打印机状态: ${STATE_ZH[s.state]} (${s.state})`);
        for (const [k, v] of Object.entries(s.flags)) if (v) out(`  ${k}`);
      }
      return s.state === 'ready' || s.state === 'paper-near-end' ? 0 : 2;
    },
  },
  {
    name: 'printer test',
    summary: '打印一张带二维码的测试小票 (print a test receipt with a QR code)',
    usage: 'kioskctl printer test --port <串口|/dev/usb/lpN|tcp://主机:9100> [--paper 58|80]',
    options: { port: { type: 'string' }, paper: { type: 'string' } },
    async run({ values, out, err }) {
      const config = loadConfig();
      const paper = paperOf(values.paper);
      const receiptNo = `TEST-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
      const lines = layoutReceipt(
        loadReceiptTemplate(),
        {
          siteName: config.siteName,
          receiptNo,
          matters: ['打印机测试（非办件）'],
          applicantName: '测试',
          maskedId: '000000********0000',
          acceptedAt: new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
          timeLimit: '—',
          owedMaterials: [],
          kioskId: config.kioskId,
          lookupPayload: lookupPayload(config.printing.lookupUrl, receiptNo),
        },
        paper,
      );
      const r = await withPrinter(values.port, (p) => p.printJob(encodeReceipt(lines)));
      if (r.printed) {
        out(`测试小票已打印 (${paper} mm)，请核对中文和二维码。`);
        return 0;
      }
      const s = r.after ?? r.before;
      err(r.sent ? `打印未完成：${STATE_ZH[s.state]}` : `未发送（打印机无法打印）：${STATE_ZH[s.state]}`);
      return 2;
    },
  },
  {
    name: 'printer simulate',
    summary: '在伪终端上运行 ESC/POS 小票打印机模拟器，并把小票存为 PNG (run the printer simulator)',
    usage: `kioskctl printer simulate --link <路径> [--fault ${SIM_FAULTS.join('|')}] [--paper 58|80] [--png-dir 目录]`,
    options: {
      link: { type: 'string' },
      fault: { type: 'string' },
      paper: { type: 'string' },
      'png-dir': { type: 'string' },
    },
    async run({ values, out }) {
      if (typeof values.link !== 'string' || !values.link)
        throw new Error('需要 --link <路径>，终端软件把它当作串口打开');
      const fault = parseFault(typeof values.fault === 'string' ? values.fault : 'none');
      const pngDir = path.resolve(
        typeof values['png-dir'] === 'string' ? values['png-dir'] : 'printer-sim-out',
      );
      const host = await PrinterSimulatorHost.onPty(path.resolve(values.link), {
        paper: paperOf(values.paper),
        fault,
        pngDir,
      });
      host.sim.onReceipt((r) => {
        // After the PNG listener (registered first) has written the file.
        setImmediate(() =>
          out(
            `小票 ${host.pngFiles.length}: ${r.complete ? '完整' : '不完整（缺纸/开盖）'} ${r.items.length} 项 → ${host.pngFiles.at(-1) ?? ''}`,
          ),
        );
      });
      out(`模拟打印机就绪: ${host.pty.a} (纸宽 ${host.sim.paper} mm, 故障 ${fault}); PNG 输出到 ${pngDir}`);
      out('按 Ctrl+C 结束');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await host.close();
      out('模拟打印机已停止');
      return 0;
    },
  },
];
