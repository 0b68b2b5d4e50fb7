import { makeRawScan, type RawScan } from './raw-scan.ts';
import { ScanError } from './scan-errors.ts';

export interface LineSplitterOptions {
  /** Bytes that end a code, as the scanner is programmed: "\r" (the factory default of most), "\n", "\r\n". */
  terminator: Buffer;
  /** The scanner prefixes each code with its AIM id ("]Q1"). */
  aimPrefix: boolean;
  maxBytes: number;
  onScan(scan: RawScan): void;
  onError(err: ScanError): void;
}

/**
 * Cuts a virtual-COM scanner's byte stream into codes at the terminator; a code may arrive over any
 * number of chunks. An overlong line is dropped up to its terminator, so the next code is read whole.
 */
export class LineSplitter {
  private buf = Buffer.alloc(0);
  private overflow = false;
  private readonly o: LineSplitterOptions;

  constructor(opts: LineSplitterOptions) {
    if (opts.terminator.length === 0) throw new RangeError('scanner terminator must not be empty');
    this.o = opts;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.overflow = false;
  }

  push(chunk: Uint8Array): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const at = this.buf.indexOf(this.o.terminator);
      if (at < 0) break;
      const line = this.buf.subarray(0, at);
      this.buf = this.buf.subarray(at + this.o.terminator.length);
      if (this.overflow) {
        this.overflow = false;
        continue;
      }
      if (line.length > this.o.maxBytes) {
        this.o.onError(new ScanError('too-long', `line exceeds ${this.o.maxBytes} bytes`));
        continue;
      }
      this.emit(line);
    }
    if (this.buf.length > this.o.maxBytes) {
      this.buf = Buffer.alloc(0);
      if (!this.overflow) this.o.onError(new ScanError('too-long', `line exceeds ${this.o.maxBytes} bytes`));
      this.overflow = true;
    }
  }

  private emit(raw: Buffer): void {
    // A "\r\n" scanner read with terminator "\r" leaves a "\n" in front of the next code.
    let start = 0;
    let end = raw.length;
    while (start < end && (raw[start] === 0x0a || raw[start] === 0x0d)) start++;
    while (end > start && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end--;
    let line = raw.subarray(start, end);
    if (line.length === 0) return;
    let aimId = '';
    if (this.o.aimPrefix && line.length >= 3 && line[0] === 0x5d) {
      aimId = line.subarray(0, 3).toString('latin1');
      line = line.subarray(3);
    }
    try {
      this.o.onScan(makeRawScan(aimId, line, 'serial'));
    } catch (e) {
      if (e instanceof ScanError) this.o.onError(e);
      else throw e;
    }
  }
}

/** "CR" | "LF" | "CRLF" | a literal like "\\r\\n" from config → bytes. */
export function parseTerminator(spec: string): Buffer {
  const named: Record<string, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', TAB: '\t' };
  const s =
    named[spec.toUpperCase()] ?? spec.replaceAll('\\r', '\r').replaceAll('\\n', '\n').replaceAll('\\t', '\t');
  if (s.length === 0) throw new RangeError('scanner terminator must not be empty');
  return Buffer.from(s, 'latin1');
}
