import { statusQuery } from './escpos-commands.ts';
import type { ByteLink } from './printer-link.ts';
import { canPrint, decodeStatus, isStatusByte, type PrinterStatus } from './printer-status.ts';

export interface ReceiptPrinterOptions {
  /** How long to wait for the four DLE EOT replies once the queries are on the wire. */
  statusTimeoutMs?: number;
  /**
   * DLE EOT is answered in real time, i.e. before the printer has finished printing what it has
   * buffered. The post-print check therefore waits the job's mechanical print time first:
   * lineTimeMs per LF (about 28 ms for a 4 mm line at 150 mm/s). The simulator prints instantly: 0.
   */
  lineTimeMs?: number;
  /** Slowest link speed assumed when waiting for replies queued behind a job's bytes. */
  assumedBaud?: number;
}

export interface JobOutcome {
  /** Whether any job bytes were written. False means the printer was known unable to print. */
  sent: boolean;
  before: PrinterStatus;
  /** Status after the job had time to print; null when nothing was sent. */
  after: PrinterStatus | null;
  /** Sent, and the post-print status is one in which the receipt came out whole. */
  printed: boolean;
  /** Why it did not print, when it did not. */
  failure?: 'not-ready' | 'write-failed' | 'post-status';
}

const OFFLINE: PrinterStatus = decodeStatus({
  printer: null,
  offlineCause: null,
  errorCause: null,
  paper: null,
});

/**
 * A receipt printer reached over a ByteLink: real-time status and whole-job printing with a status
 * check before (never send to a printer known to be out of paper) and after (mark done only when
 * the printer says it printed cleanly). One operation at a time, so status replies are never
 * attributed to the wrong query.
 */
export class ReceiptPrinter {
  private readonly link: ByteLink;
  private readonly statusTimeoutMs: number;
  private readonly lineTimeMs: number;
  private readonly assumedBaud: number;
  private chain: Promise<unknown> = Promise.resolve();
  private replies: number[] = [];
  private waiter: (() => void) | null = null;
  private readonly offData: () => void;

  constructor(link: ByteLink, opts: ReceiptPrinterOptions = {}) {
    this.link = link;
    this.statusTimeoutMs = opts.statusTimeoutMs ?? 500;
    this.lineTimeMs = opts.lineTimeMs ?? 28;
    this.assumedBaud = opts.assumedBaud ?? 9600;
    this.offData = link.onData((chunk) => {
      // Only status-shaped bytes are kept; anything else (noise after a reconnect) is dropped.
      for (const b of chunk) if (isStatusByte(b)) this.replies.push(b);
      this.waiter?.();
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  /** Queries DLE EOT 1, 2, 3 and 4 in one write and decodes the replies. */
  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.queryStatus(this.statusTimeoutMs));
  }

  /** `before` (a job) goes out in the same write, ahead of the queries, when given. */
  private async queryStatus(timeoutMs: number, before?: Buffer): Promise<PrinterStatus> {
    if (this.link.state !== 'open') return OFFLINE;
    this.replies = [];
    const queries = Buffer.concat([statusQuery(1), statusQuery(2), statusQuery(3), statusQuery(4)]);
    try {
      await this.link.write(before ? Buffer.concat([before, queries]) : queries);
    } catch (e) {
      if (before) throw e;
      return OFFLINE;
    }
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length < 4 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, deadline - Date.now());
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = null;
    }
    const [printer = null, offlineCause = null, errorCause = null, paper = null] = this.replies;
    this.replies = [];
    return decodeStatus({ printer, offlineCause, errorCause, paper });
  }

  /** Prints one whole job (already encoded) with the status checks around it. */
  printJob(job: Buffer): Promise<JobOutcome> {
    return this.exclusive(async () => {
      const before = await this.queryStatus(this.statusTimeoutMs);
      if (!canPrint(before.state))
        return { sent: false, before, after: null, printed: false, failure: 'not-ready' };
      // Replies queue behind the job's bytes on a slow link, so the timeout covers their wire time.
      const wireMs = (job.length * 10 * 1000) / this.assumedBaud;
      let after: PrinterStatus;
      try {
        if (this.lineTimeMs > 0) {
          await this.link.write(job);
          let lines = 0;
          for (const b of job) if (b === 0x0a) lines++;
          await new Promise((r) => setTimeout(r, lines * this.lineTimeMs));
          after = await this.queryStatus(this.statusTimeoutMs + wireMs);
        } else {
          // Instant printing (the simulator): the queries follow the job in the same write, as
          // they would follow it on the wire anyway.
          after = await this.queryStatus(this.statusTimeoutMs + wireMs, job);
        }
      } catch {
        const s2 = await this.queryStatus(this.statusTimeoutMs);
        return { sent: true, before, after: s2, printed: false, failure: 'write-failed' };
      }
      const printed = canPrint(after.state);
      return printed
        ? { sent: true, before, after, printed }
        : { sent: true, before, after, printed, failure: 'post-status' };
    });
  }

  dispose(): void {
    this.offData();
  }
}
