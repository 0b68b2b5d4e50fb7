import type { PrinterStatus } from '../../../drivers/printer/printer-status.ts';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';

/**
 * Polls a receipt printer's real-time status on a timer (and whenever asked), so the kiosk knows
 * the printer is out of paper at 3 a.m. before anyone tries to print. Listeners hear every check;
 * the feature decides what is a change worth reporting.
 */
export class PrinterMonitor {
  private readonly printer: ReceiptPrinter;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly listener: (s: PrinterStatus, at: number) => void;
  private timer: TimerHandle | null = null;
  private stopped = true;
  last: PrinterStatus | null = null;
  lastAt: number | null = null;

  constructor(opts: {
    printer: ReceiptPrinter;
    clock: Clock;
    intervalMs: number;
    onStatus: (s: PrinterStatus, at: number) => void;
  }) {
    this.printer = opts.printer;
    this.clock = opts.clock;
    this.intervalMs = opts.intervalMs;
    this.listener = opts.onStatus;
  }

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.refresh().finally(() => this.schedule(this.intervalMs));
    }, ms);
  }

  /** Queries now. Also used by the feature before and after every job (the printer does those itself). */
  async refresh(): Promise<PrinterStatus> {
    const s = await this.printer.status();
    this.note(s);
    return s;
  }

  /** Records a status learned elsewhere (a job's pre/post check) so the timer's view stays current. */
  note(s: PrinterStatus): void {
    this.last = s;
    this.lastAt = this.clock.now();
    this.listener(s, this.lastAt);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
