import iconv from 'iconv-lite';
import { encodeStatus } from '../printer-status.ts';
import { PAPER_COLUMNS, type PaperWidth } from '../text-width.ts';

/**
 * An ESC/POS printer in software: parses the byte stream the way a printer does (incrementally, a
 * command may be split across reads), keeps paper and cover state for scripted faults, answers
 * DLE EOT in real time, and records what it printed so it can be rendered to PNG and checked.
 */

export type SimItem =
  | {
      kind: 'text';
      text: string;
      align: 'left' | 'center' | 'right';
      bold: boolean;
      width: number;
      height: number;
    }
  | { kind: 'qr'; data: Buffer; moduleSize: number; level: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'feed'; lines: number };

export interface SimReceipt {
  items: SimItem[];
  /** False when paper ran out or the cover opened before the cut: the resident got a torn stub. */
  complete: boolean;
}

export type SimFault =
  'none' | 'paper-out' | 'paper-near-end' | 'cover-open' | 'offline' | 'error' | `paper-out-after:${number}`;

export const SIM_FAULTS = [
  'none',
  'paper-out',
  'paper-near-end',
  'cover-open',
  'offline',
  'error',
  'paper-out-after:N',
] as const;

export interface SimState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Powered but not answering: no DLE EOT replies at all, as with a cable pulled. */
  silent: boolean;
  error: boolean;
  /** Lines left on the roll before it runs out (scripted mid-job paper-out); null = plenty. */
  linesLeft: number | null;
}

export function parseFault(s: string): SimFault {
  if (/^paper-out-after:\d+$/.test(s)) return s as SimFault;
  if ((SIM_FAULTS as readonly string[]).includes(s) && s !== 'paper-out-after:N') return s as SimFault;
  throw new RangeError(`unknown printer fault "${s}"; one of ${SIM_FAULTS.join(', ')}`);
}

export class EscPosSimulator {
  readonly paper: PaperWidth;
  readonly state: SimState = {
    paperOut: false,
    paperNearEnd: false,
    coverOpen: false,
    silent: false,
    error: false,
    linesLeft: null,
  };
  /** Finished receipts (ended by a cut, or torn off by a fault). */
  readonly receipts: SimReceipt[] = [];
  /** Every printed text line, in order: the simulator's own log that tests compare the PNG with. */
  readonly textLog: string[] = [];
  /** Bytes that were not status queries; "no bytes sent" in tests means this stays 0. */
  jobBytes = 0;
  /** Bytes received while unable to print (discarded, as a printer that has stopped does). */
  discardedBytes = 0;
  /** Commands the parser did not know, as hex, for technicians reading a capture. */
  readonly unknown: string[] = [];
  private current: SimItem[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private line: number[] = [];
  private mode = {
    align: 'left' as 'left' | 'center' | 'right',
    bold: false,
    width: 1,
    height: 1,
    chinese: true,
  };
  private qr = { moduleSize: 3, level: 'M' as 'L' | 'M' | 'Q' | 'H', data: Buffer.alloc(0) };
  private readonly receiptListeners = new Set<(r: SimReceipt) => void>();

  constructor(opts: { paper?: PaperWidth; fault?: SimFault } = {}) {
    this.paper = opts.paper ?? 80;
    if (opts.fault) this.setFault(opts.fault);
  }

  get columns(): number {
    return PAPER_COLUMNS[this.paper];
  }

  setFault(f: SimFault): void {
    Object.assign(this.state, {
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
      silent: false,
      error: false,
      linesLeft: null,
    });
    if (f === 'paper-out') this.state.paperOut = true;
    else if (f === 'paper-near-end') this.state.paperNearEnd = true;
    else if (f === 'cover-open') this.state.coverOpen = true;
    else if (f === 'offline') this.state.silent = true;
    else if (f === 'error') this.state.error = true;
    else if (f.startsWith('paper-out-after:'))
      this.state.linesLeft = Number(f.slice('paper-out-after:'.length));
  }

  /** A technician loads a new roll and closes the cover. */
  loadPaper(): void {
    this.setFault('none');
  }

  /** The QR code on the last finished receipt, as a scanner held over the paper would read it. */
  lastQr(): string | null {
    for (let i = this.receipts.length - 1; i >= 0; i--) {
      const qr = this.receipts[i]!.items.findLast((x) => x.kind === 'qr');
      if (qr && qr.kind === 'qr') return qr.data.toString('utf8');
    }
    return null;
  }

  onReceipt(fn: (r: SimReceipt) => void): () => void {
    this.receiptListeners.add(fn);
    return () => this.receiptListeners.delete(fn);
  }

  private canPrint(): boolean {
    return !this.state.paperOut && !this.state.coverOpen && !this.state.error && !this.state.silent;
  }

  /** Feeds received bytes; returns the reply bytes (DLE EOT answers) to send back. */
  receive(chunk: Buffer): Buffer {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const replies: number[] = [];
    let i = 0;
    const b = this.buf;
    while (i < b.length) {
      const c = b[i]!;
      const need = (n: number): boolean => i + n <= b.length;
      if (c === 0x10) {
        if (!need(3)) break;
        if (b[i + 1] === 0x04) {
          const n = b[i + 2]!;
          if (!this.state.silent && n >= 1 && n <= 4) {
            const s = encodeStatus({
              offline: this.state.silent,
              coverOpen: this.state.coverOpen,
              paperOut: this.state.paperOut,
              paperNearEnd: this.state.paperNearEnd,
              error: this.state.error,
            });
            replies.push(s[n as 1 | 2 | 3 | 4]);
          }
          i += 3;
          continue;
        }
        this.countJob(1);
        i += 1;
        continue;
      }
      const start = i;
      const consumed = this.command(b, i);
      if (consumed === 0) break; // incomplete command: wait for more bytes
      i += consumed;
      this.countJob(i - start);
    }
    this.buf = i >= b.length ? Buffer.alloc(0) : Buffer.from(b.subarray(i));
    return Buffer.from(replies);
  }

  private countJob(n: number): void {
    this.jobBytes += n;
    if (!this.canPrint()) this.discardedBytes += n;
  }

  /** Parses one command or text byte at b[i]; returns bytes consumed, 0 when more bytes are needed. */
  private command(b: Buffer, i: number): number {
    const c = b[i]!;
    const avail = b.length - i;
    const print = this.canPrint();
    if (c === 0x1b) {
      if (avail < 2) return 0;
      const op = b[i + 1]!;
      if (op === 0x40) {
        this.line = [];
        Object.assign(this.mode, { align: 'left', bold: false, width: 1, height: 1 });
        return 2;
      }
      if (avail < 3) return 0;
      const n = b[i + 2]!;
      if (op === 0x61)
        this.mode.align = n === 1 || n === 0x31 ? 'center' : n === 2 || n === 0x32 ? 'right' : 'left';
      else if (op === 0x45) this.mode.bold = (n & 1) === 1;
      else if (op === 0x2d)
        void 0; // underline: not rendered
      else if (op === 0x64) {
        if (print) {
          this.flushLine();
          this.current.push({ kind: 'feed', lines: n });
          this.consumePaper(n);
        }
      } else this.unknown.push(b.subarray(i, i + 3).toString('hex'));
      return 3;
    }
    if (c === 0x1c) {
      if (avail < 2) return 0;
      const op = b[i + 1]!;
      if (op === 0x26) {
        this.mode.chinese = true;
        return 2;
      }
      if (op === 0x2e) {
        this.mode.chinese = false;
        return 2;
      }
      if (op === 0x21 || op === 0x57) return avail < 3 ? 0 : 3;
      this.unknown.push(b.subarray(i, i + 2).toString('hex'));
      return 2;
    }
    if (c === 0x1d) {
      if (avail < 2) return 0;
      const op = b[i + 1]!;
      if (op === 0x21) {
        if (avail < 3) return 0;
        const n = b[i + 2]!;
        this.mode.width = (n >> 4) + 1;
        this.mode.height = (n & 0x0f) + 1;
        return 3;
      }
      if (op === 0x56) {
        if (avail < 3) return 0;
        const m = b[i + 2]!;
        const len = m === 0x41 || m === 0x42 ? 4 : 3;
        if (avail < len) return 0;
        if (print) this.cut(true);
        return len;
      }
      if (op === 0x72) return avail < 3 ? 0 : 3; // GS r: non-real-time status, not emulated
      if (op === 0x28) {
        if (avail < 5) return 0;
        const len = b[i + 3]! + 256 * b[i + 4]!;
        if (avail < 5 + len) return 0;
        if (b[i + 2] === 0x6b) this.qrFunction(b.subarray(i + 5, i + 5 + len), print);
        else this.unknown.push(b.subarray(i, i + 3).toString('hex'));
        return 5 + len;
      }
      this.unknown.push(b.subarray(i, i + 2).toString('hex'));
      return 2;
    }
    if (c === 0x0a) {
      if (print) {
        this.flushLine(true);
        this.consumePaper(1);
      }
      return 1;
    }
    if (c === 0x0d || c < 0x20) return 1; // CR and other controls are ignored, as printers do
    // Text: in Chinese mode a GB18030 lead byte takes 2 or 4 bytes; keep sequences whole.
    let len = 1;
    if (c >= 0x81 && c <= 0xfe && this.mode.chinese) {
      if (avail < 2) return 0;
      const b2 = b[i + 1]!;
      len = b2 >= 0x30 && b2 <= 0x39 ? 4 : 2;
      if (avail < len) return 0;
    }
    if (print) for (let k = 0; k < len; k++) this.line.push(b[i + k]!);
    return len;
  }

  private qrFunction(p: Buffer, print: boolean): void {
    // p = cn fn params…; cn is 0x31 for QR.
    const fn = p[1];
    if (p[0] !== 0x31) return;
    if (fn === 0x43) this.qr.moduleSize = p[2] ?? 3;
    else if (fn === 0x45) this.qr.level = (['L', 'M', 'Q', 'H'] as const)[(p[2] ?? 0x31) - 0x30] ?? 'M';
    else if (fn === 0x50) this.qr.data = Buffer.from(p.subarray(3));
    else if (fn === 0x51 && print) {
      this.flushLine();
      this.current.push({
        kind: 'qr',
        data: this.qr.data,
        moduleSize: this.qr.moduleSize,
        level: this.qr.level,
      });
      this.consumePaper(Math.ceil(((21 + 4 * 10) * this.qr.moduleSize) / 24));
    }
  }

  private flushLine(force = false): void {
    if (this.line.length === 0 && !force) return;
    const text = iconv.decode(Buffer.from(this.line), this.mode.chinese ? 'gb18030' : 'latin1');
    this.line = [];
    this.current.push({
      kind: 'text',
      text,
      align: this.mode.align,
      bold: this.mode.bold,
      width: this.mode.width,
      height: this.mode.height,
    });
    this.textLog.push(text);
  }

  /** Scripted mid-job paper-out: the roll ends after linesLeft more lines. */
  private consumePaper(lines: number): void {
    if (this.state.linesLeft === null) return;
    this.state.linesLeft -= lines;
    if (this.state.linesLeft <= 0) {
      this.state.linesLeft = null;
      this.state.paperOut = true;
      this.line = [];
      this.cut(false);
    }
  }

  private cut(complete: boolean): void {
    this.flushLine();
    if (this.current.length === 0) return;
    const r: SimReceipt = { items: this.current, complete };
    this.current = [];
    this.receipts.push(r);
    for (const l of this.receiptListeners) l(r);
  }
}
