import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import type { PrintingOptions } from '../../../electron/core/printing/printing-feature.ts';
import type { Clock } from '../../../electron/core/clock/clock.ts';
import type { CallName, CallResponse, EventName } from '../../../electron/contract/index.ts';
import { openPrinterLink } from '../../../drivers/printer/open-printer-link.ts';
import { PrinterSimulatorHost } from '../../../drivers/printer/simulator/simulator-host.ts';

/**
 * A real core (SQLite file in a temp folder) whose receipt printer is the ESC/POS simulator at the
 * far end of a socat pty, reached through the real serial transport.
 */
export interface PrintingTestCore {
  core: Core;
  dataDir: string;
  host: PrinterSimulatorHost & { pty: { a: string } };
  events: { name: EventName; payload: unknown }[];
  call<K extends CallName>(name: K, req: unknown): Promise<CallResponse<K>>;
  callRaw(name: CallName, req: unknown): Promise<unknown>;
  cleanup(): Promise<void>;
}

export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function makePrintingCore(
  opts: {
    paper?: 58 | 80;
    pngDir?: string;
    printing?: PrintingOptions;
    config?: Record<string, unknown>;
    clock?: Clock;
  } = {},
): Promise<PrintingTestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-print-'));
  const host = await PrinterSimulatorHost.onPty(path.join(dataDir, 'printer'), {
    paper: opts.paper ?? 80,
    ...(opts.pngDir ? { pngDir: opts.pngDir } : {}),
  });
  const link = openPrinterLink({ transport: 'serial', path: host.pty.a, baudRate: 115200 });
  await until(() => link.state === 'open');
  const config = loadConfig(
    { KIOSK_DATA_DIR: dataDir },
    {
      siteName: '西湖区政务服务中心',
      printing: { receipt: { paper: opts.paper ?? 80 } },
      ...opts.config,
    },
  );
  const core = await createCore({
    config,
    shell: 'web',
    log: pino({ level: 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    printing: { receiptLink: link, receiptSimulated: true, ...opts.printing },
  });
  const events: { name: EventName; payload: unknown }[] = [];
  core.subscribe((name, payload) => events.push({ name, payload }));
  const callRaw = (name: CallName, req: unknown): Promise<unknown> =>
    core.dispatch(name, req, { shell: 'web' });
  return {
    core,
    dataDir,
    host,
    events,
    callRaw,
    async call(name, req) {
      const env = (await callRaw(name, req)) as { ok: boolean; value?: unknown; error?: unknown };
      if (!env.ok) throw new Error(`${name} failed: ${JSON.stringify(env.error)}`);
      return env.value as never;
    },
    async cleanup() {
      await core.close();
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const receiptRequest = {
  receiptNo: 'ZJ330106-20261121-000123',
  matters: ['新生儿出生一件事：出生医学证明', '户口登记', '医保参保登记'],
  applicantName: '张三丰',
  idNumber: '330106199001011234',
  acceptedAt: '2026-11-21T15:20:00Z',
  timeLimit: '5个工作日',
  owedMaterials: ['结婚证复印件'],
};
