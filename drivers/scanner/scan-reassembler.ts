import { defaultHidPosLayout, parseScanReport, type HidPosLayout } from './hid-pos-report.ts';
import { makeRawScan, type RawScan } from './raw-scan.ts';
import { ScanError } from './scan-errors.ts';

export interface ReassemblerOptions {
  layout?: HidPosLayout;
  /** A code longer than this is garbage or an attack, not a receipt or a 社保卡 (QR max is 2953 B). */
  maxBytes?: number;
  /** A continuation that arrives later than this belongs to nothing: the partial code is dropped. */
  partTimeoutMs?: number;
  now: () => number;
  onScan(scan: RawScan): void;
  onError(err: ScanError): void;
}

/**
 * Joins the reports of one code (a QR over 56 bytes spans several) and hands on whole codes. Any bad
 * report drops only the code it belonged to; the next code starts clean.
 */
export class ScanReassembler {
  private readonly layout: HidPosLayout;
  private readonly maxBytes: number;
  private readonly partTimeoutMs: number;
  private readonly o: ReassemblerOptions;
  private parts: Buffer[] = [];
  private size = 0;
  private aimId = '';
  private lastAt = 0;
  /** After an overlong code: its remaining parts are swallowed rather than read as a new code. */
  private skipping = false;

  constructor(opts: ReassemblerOptions) {
    this.o = opts;
    this.layout = opts.layout ?? defaultHidPosLayout;
    this.maxBytes = opts.maxBytes ?? 4096;
    this.partTimeoutMs = opts.partTimeoutMs ?? 500;
  }

  get pending(): boolean {
    return this.parts.length > 0 || this.skipping;
  }

  /** Forgets a partial code (the device went away mid-code). */
  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aimId = '';
    this.skipping = false;
  }

  push(report: Uint8Array): void {
    const now = this.o.now();
    if (this.pending && now - this.lastAt > this.partTimeoutMs) {
      const wasSkipping = this.skipping;
      this.reset();
      if (!wasSkipping) {
        this.o.onError(
          new ScanError('incomplete', `continuation not received within ${this.partTimeoutMs} ms`),
        );
      }
    }
    let part;
    try {
      part = parseScanReport(report, this.layout);
    } catch (e) {
      this.reset();
      this.o.onError(e instanceof ScanError ? e : new ScanError('short-report', String(e)));
      return;
    }
    this.lastAt = now;
    if (this.skipping) {
      this.skipping = part.more;
      return;
    }
    if (this.parts.length > 0 && part.aimId !== this.aimId) {
      this.reset();
      this.o.onError(new ScanError('symbology-changed', 'symbology changed in the middle of a code'));
    }
    if (this.parts.length === 0) this.aimId = part.aimId;
    this.size += part.data.length;
    if (this.size > this.maxBytes) {
      this.reset();
      this.skipping = part.more;
      this.o.onError(new ScanError('too-long', `code exceeds ${this.maxBytes} bytes`));
      return;
    }
    this.parts.push(part.data);
    if (part.more) return;
    const bytes = Buffer.concat(this.parts);
    const aimId = this.aimId;
    this.reset();
    if (bytes.length === 0) return; // an empty read: nothing to hand on
    let scan: RawScan;
    try {
      scan = makeRawScan(aimId, bytes, 'hid-pos');
    } catch (e) {
      if (e instanceof ScanError) return this.o.onError(e);
      throw e;
    }
    this.o.onScan(scan);
  }
}
