import path from 'node:path';
import { KioskError, type DeviceStatus } from '../../contract/index.ts';
import type { printingCalls, PrintFailure, PrintResult } from '../../contract/printing.ts';
import { encodeReceipt } from '../../../drivers/printer/receipt-encoder.ts';
import {
  layoutReceipt,
  type LaidOutLine,
  type ReceiptTemplate,
} from '../../../drivers/printer/receipt-layout.ts';
import { loadReceiptTemplate } from '../../../drivers/printer/receipt-template.ts';
import { canPrint, type PrinterStatus } from '../../../drivers/printer/printer-status.ts';
import { ReceiptPrinter, type JobOutcome } from '../../../drivers/printer/receipt-printer.ts';
import type { ByteLink } from '../../../drivers/printer/printer-link.ts';
import { openPrinterLink, parsePrinterAddress } from '../../../drivers/printer/open-printer-link.ts';
import { PrinterSimulatorHost } from '../../../drivers/printer/simulator/simulator-host.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { cupsSpooler, type CupsSpooler } from './cups-spooler.ts';
import { fillHtmlTemplate, escapeHtml, loadHtmlTemplate } from './html-template.ts';
import { createPayloadCipher, loadOrCreateKey, type PayloadCipher } from './payload-cipher.ts';
import { chromiumPdfRenderer, type PdfRenderer } from './pdf-renderer.ts';
import { PrinterMonitor } from './printer-monitor.ts';
import { PrintQueue, type PrintJob } from './print-queue.ts';
import { ownReceiptKey } from '../scanner/receipt-keys.ts';
import {
  formatBeijingTime,
  maskIdNumber,
  receiptContent,
  templateValues,
  type ReceiptContent,
} from './receipt-content.ts';
import { parseFault } from '../../../drivers/printer/simulator/escpos-simulator.ts';

type PrintingCalls = keyof typeof printingCalls;

export interface PrintingOptions {
  /** Electron passes a webContents.printToPDF-backed renderer; default is headless Debian chromium. */
  pdfRenderer?: PdfRenderer;
  /** A receipt printer link chosen by the caller (tests, kioskctl); default comes from config. */
  receiptLink?: ByteLink;
  /** Whether the injected link leads to a simulator (reported as such, prints without line delay). */
  receiptSimulated?: boolean;
  spooler?: CupsSpooler;
  cipher?: PayloadCipher;
  template?: ReceiptTemplate;
}

export interface PrintingFeature extends Feature<PrintingCalls> {
  /** The in-process simulator in demo mode (null otherwise): tests and the demo UI read its output. */
  readonly simulator: PrinterSimulatorHost | null;
  readonly queue: PrintQueue;
  /** Settles once every automatic reprint started so far has finished (tests wait on it). */
  idle(): Promise<void>;
}

const FAILURE_BY_STATE: Record<PrinterStatus['state'], PrintFailure> = {
  ready: 'interrupted',
  'paper-near-end': 'interrupted',
  'paper-out': 'paper-out',
  'cover-open': 'cover-open',
  offline: 'offline',
  error: 'printer-error',
};

const DEVICE_STATE: Record<PrinterStatus['state'], DeviceStatus['state']> = {
  ready: 'ready',
  'paper-near-end': 'attention',
  'paper-out': 'attention',
  'cover-open': 'attention',
  offline: 'disconnected',
  error: 'fault',
};

function view(lines: LaidOutLine[], qrPayload: string): NonNullable<PrintResult['receipt']> {
  return {
    lines: lines.flatMap((l) =>
      l.kind === 'text' ? [{ text: l.text, align: l.align, bold: l.bold, large: l.size[0] > 1 }] : [],
    ),
    qrPayload,
  };
}

interface A4Content {
  template: 'application-form';
  receiptNo: string;
  matters: string[];
  applicantName: string;
  maskedId: string;
  acceptedAt: string;
  kioskId: string;
  siteName: string;
}

/**
 * Receipts on the thermal printer and A4 documents through CUPS, both through one SQLite queue.
 * The guarantee: a job is in the queue before a byte is sent, is done only after a clean status,
 * and when it cannot print the caller learns so at once (the renderer shows the receipt instead).
 */
export function createPrintingFeature(deps: CoreDeps, opts: PrintingOptions = {}): PrintingFeature {
  const { config, clock, log, bus, devices, sessions } = deps;
  const cfg = config.printing;
  const iso = (): string => new Date(clock.now()).toISOString();
  const cipher =
    opts.cipher ?? createPayloadCipher(loadOrCreateKey(path.join(config.dataDir, 'keys', 'print-queue.key')));
  const queue = new PrintQueue(deps.db, cipher, iso);
  const template = opts.template ?? loadReceiptTemplate();
  const paper = cfg.receipt.paper;

  let simulator: PrinterSimulatorHost | null = null;
  let link: ByteLink | null = opts.receiptLink ?? null;
  let simulated = opts.receiptSimulated ?? false;
  if (!link && cfg.receipt.port) link = openPrinterLink(parsePrinterAddress(cfg.receipt.port));
  else if (!link && config.devices.mode === 'simulated') {
    const sim = PrinterSimulatorHost.inMemory({
      paper,
      ...(cfg.simulatorPngDir ? { pngDir: cfg.simulatorPngDir } : {}),
    });
    simulator = sim.host;
    link = sim.link;
    simulated = true;
  }
  // Same id as the foundation's demo placeholder, so the simulator-backed status replaces it.
  const deviceId = simulated ? 'printer-sim' : 'receipt-printer';
  const printer = link
    ? new ReceiptPrinter(link, { lineTimeMs: simulated ? 0 : cfg.receipt.lineTimeMs })
    : null;
  let lastState: PrinterStatus['state'] | null = null;
  let retries: Promise<unknown> = Promise.resolve();

  const report = (s: PrinterStatus, at: number): void => {
    devices.report({
      id: deviceId,
      kind: 'printer',
      state: DEVICE_STATE[s.state],
      simulated,
      messageKey: `printer.state.${s.state}`,
      detail: `receipt printer ${s.state}`,
    });
    const prev = lastState;
    lastState = s.state;
    if (prev !== s.state) {
      bus.emit('printing.printerStatus', {
        id: deviceId,
        state: s.state,
        simulated,
        checkedAt: new Date(at).toISOString(),
      });
      log.info({ printer: deviceId, from: prev, to: s.state }, 'receipt printer state');
      // Paper is back (or the cover closed): the current resident's pending receipts print now.
      if (prev !== null && !canPrint(prev) && canPrint(s.state)) retries = retries.then(() => retryPending());
    }
  };
  const monitor = printer
    ? new PrinterMonitor({
        printer,
        clock,
        intervalMs: cfg.receipt.statusIntervalSeconds * 1000,
        onStatus: report,
      })
    : null;

  const sessionActive = (job: PrintJob): boolean =>
    job.sessionId !== null && sessions.current()?.id === job.sessionId;

  const emitJob = (job: PrintJob): void =>
    bus.emit('printing.job', {
      jobId: job.id,
      kind: job.kind,
      receiptNo: job.receiptNo,
      state: job.state,
      failure: job.failure,
    });

  const result = (job: PrintJob, receipt: PrintResult['receipt']): PrintResult => ({
    jobId: job.id,
    receiptNo: job.receiptNo,
    state: job.state,
    printed: job.state === 'done',
    failure: job.failure,
    showOnScreen: job.state !== 'done',
    receipt,
  });

  /** Not printed: pending while its resident is still here (retried when paper returns), else failed. */
  const undone = (job: PrintJob, failure: PrintFailure, spoolJob: string | null = null): PrintJob => {
    queue.markUndone(job.id, sessionActive(job) ? 'pending' : 'failed', failure, spoolJob);
    return queue.get(job.id)!;
  };

  async function runReceipt(job: PrintJob): Promise<PrintResult> {
    const content = queue.content<ReceiptContent>(job.id);
    if (!content)
      throw new KioskError('not-found', `print job ${job.id} content was purged`, 'printing.purged');
    const lines = layoutReceipt(template, templateValues(content), paper);
    const screen = view(lines, content.lookupPayload);
    if (!printer) {
      const j = undone(job, 'no-printer');
      emitJob(j);
      return result(j, screen);
    }
    if (!queue.startAttempt(job.id))
      throw new KioskError('conflict', `print job ${job.id} is already printing or done`);
    let outcome: JobOutcome;
    try {
      outcome = await printer.printJob(encodeReceipt(lines));
    } catch (e) {
      log.warn({ job: job.id, err: (e as Error).message }, 'receipt print failed');
      const j = undone(job, 'interrupted');
      emitJob(j);
      return result(j, screen);
    }
    monitor?.note(outcome.after ?? outcome.before);
    let j: PrintJob;
    if (outcome.printed) {
      queue.markDone(job.id);
      j = queue.get(job.id)!;
    } else {
      const status = outcome.after ?? outcome.before;
      j = undone(
        job,
        outcome.failure === 'write-failed' && canPrint(status.state)
          ? 'interrupted'
          : FAILURE_BY_STATE[status.state],
      );
    }
    log.info({ job: j.id, state: j.state, failure: j.failure, sent: outcome.sent }, 'receipt job');
    emitJob(j);
    return result(j, screen);
  }

  async function runA4(job: PrintJob): Promise<PrintResult> {
    const c = queue.content<A4Content>(job.id);
    if (!c) throw new KioskError('not-found', `print job ${job.id} content was purged`, 'printing.purged');
    const spooler = opts.spooler ?? (cfg.a4.queue ? cupsSpooler(cfg.a4.queue) : null);
    if (!spooler) {
      const j = undone(job, 'no-printer');
      emitJob(j);
      return result(j, null);
    }
    if (!queue.startAttempt(job.id))
      throw new KioskError('conflict', `print job ${job.id} is already printing or done`);
    const html = fillHtmlTemplate(loadHtmlTemplate(c.template), {
      receiptNo: c.receiptNo,
      mattersHtml: c.matters.map(escapeHtml).join('<br>'),
      applicantName: c.applicantName,
      maskedId: c.maskedId,
      acceptedAt: c.acceptedAt,
      kioskId: c.kioskId,
      siteName: c.siteName,
    });
    let j: PrintJob;
    try {
      const pdf = await (opts.pdfRenderer ?? chromiumPdfRenderer({ executable: cfg.a4.chromium })).render(
        html,
      );
      // The title reaches CUPS logs and cups-pdf file names: the receipt number only, nothing personal.
      const out = await spooler.print(pdf, `kiosk-${c.receiptNo}`);
      if (out.ok) {
        queue.markDone(job.id, out.spoolJob);
        j = queue.get(job.id)!;
      } else {
        log.warn({ job: job.id, spool: out.spoolJob, reason: out.reason }, 'A4 print failed');
        j = undone(job, 'spooler-error', out.spoolJob);
      }
    } catch (e) {
      log.warn({ job: job.id, err: (e as Error).message }, 'A4 render failed');
      j = undone(job, 'spooler-error');
    }
    emitJob(j);
    return result(j, null);
  }

  const run = (job: PrintJob): Promise<PrintResult> =>
    job.kind === 'receipt' ? runReceipt(job) : runA4(job);

  async function retryPending(): Promise<void> {
    const sid = sessions.current()?.id;
    if (!sid) return;
    for (const job of queue.pendingForSession(sid)) {
      if (job.kind !== 'receipt') continue;
      try {
        await runReceipt(job);
      } catch (e) {
        log.warn({ job: job.id, err: (e as Error).message }, 'automatic reprint failed');
      }
    }
  }

  const offWipe = sessions.onWipe((sid) => {
    const n = queue.releaseSession(sid);
    if (n) log.info({ jobs: n }, 'unprinted jobs wait for a reprint after the session ended');
  });
  const offLink = link?.onState((s) => {
    if (s === 'open') void monitor?.refresh();
    else if (s === 'closed')
      monitor?.note({
        state: 'offline',
        flags: {
          offline: true,
          coverOpen: false,
          paperOut: false,
          paperNearEnd: false,
          error: false,
          autocutterError: false,
          unrecoverableError: false,
        },
      });
  });

  return {
    simulator,
    queue,
    idle: async () => {
      let seen: Promise<unknown> | null = null;
      while (seen !== retries) {
        seen = retries;
        await retries;
      }
    },
    handlers: {
      'printing.receipt': async (req) => {
        // A double tap or a retried request must not print the same receipt twice at once.
        if (queue.latestForReceipt(req.receiptNo)?.state === 'printing') {
          throw new KioskError('conflict', `receipt ${req.receiptNo} is printing now`, 'printing.busy');
        }
        const content = receiptContent(
          { ...req, owedMaterials: req.owedMaterials ?? [] },
          {
            kioskId: config.kioskId,
            siteName: config.siteName,
            lookupUrl: cfg.lookupUrl,
            receiptKey: ownReceiptKey(config),
          },
        );
        const job = queue.add({
          id: deps.newId(),
          kind: 'receipt',
          receiptNo: req.receiptNo,
          sessionId: sessions.current()?.id ?? null,
          content,
        });
        return runReceipt(job);
      },
      'printing.reprint': async (req) => {
        const job = 'jobId' in req ? queue.get(req.jobId) : queue.latestForReceipt(req.receiptNo);
        if (!job) throw new KioskError('not-found', 'no such print job', 'printing.notFound');
        if (job.state === 'done' || !job.hasPayload) {
          throw new KioskError(
            'conflict',
            `print job ${job.id} was printed or its content expired`,
            'printing.purged',
          );
        }
        return run(job);
      },
      'printing.jobs': (req) => ({
        jobs: queue.list({ limit: req.limit, ...(req.state ? { state: req.state } : {}) }).map((j) => ({
          jobId: j.id,
          kind: j.kind,
          receiptNo: j.receiptNo,
          state: j.state,
          failure: j.failure,
          attempts: j.attempts,
          createdAt: j.createdAt,
          updatedAt: j.updatedAt,
          reprintable: j.state !== 'done' && j.state !== 'printing' && j.hasPayload,
        })),
      }),
      'printing.printerStatus': async (req) => {
        if (!monitor) return { id: deviceId, state: 'offline', simulated, checkedAt: null };
        const s = req.refresh || !monitor.last ? await monitor.refresh() : monitor.last;
        return {
          id: deviceId,
          state: s.state,
          simulated,
          checkedAt: monitor.lastAt === null ? null : new Date(monitor.lastAt).toISOString(),
        };
      },
      'printing.simulate.fault': async (req) => {
        if (!simulator) {
          throw new KioskError(
            'rejected',
            'the receipt printer is not the demo simulator',
            'errors.rejected',
          );
        }
        simulator.sim.setFault(parseFault(req.fault));
        // Tell the kiosk at once, as the status timer would a little later.
        await monitor?.refresh();
        return { fault: req.fault };
      },
      'printing.document': async (req) => {
        const content: A4Content = {
          template: req.template,
          receiptNo: req.receiptNo,
          matters: req.matters,
          applicantName: req.applicantName,
          maskedId: maskIdNumber(req.idNumber),
          acceptedAt: formatBeijingTime(req.acceptedAt),
          kioskId: config.kioskId,
          siteName: config.siteName,
        };
        const job = queue.add({
          id: deps.newId(),
          kind: 'a4',
          receiptNo: req.receiptNo,
          sessionId: sessions.current()?.id ?? null,
          content,
        });
        return runA4(job);
      },
    },
    async start() {
      const recovered = queue.recover();
      if (recovered) log.warn({ jobs: recovered }, 'print jobs from before the restart wait for a reprint');
      queue.purgeOlderThan(new Date(clock.now() - cfg.retentionDays * 86_400_000).toISOString());
      if (!monitor) {
        devices.report({
          id: deviceId,
          kind: 'printer',
          state: 'absent',
          simulated,
          messageKey: 'printer.state.absent',
          detail: 'no receipt printer configured',
        });
        return;
      }
      // Not awaited: an unplugged printer must not hold up the kiosk's start. The link's 'open'
      // event triggers another check as soon as it connects.
      void monitor.refresh();
      monitor.start();
    },
    async close() {
      offWipe();
      offLink?.();
      monitor?.stop();
      await retries.catch(() => {});
      printer?.dispose();
      await link?.close();
      await simulator?.close();
    },
  };
}
