import type { TransportStateEvent } from '../transport/index.ts';
import type { RawScan } from './raw-scan.ts';
import type { ScanError } from './scan-errors.ts';

/** A scanner as the core sees it, whatever carries it (HID POS, virtual COM). */
export interface ScannerSource {
  readonly description: string;
  readonly state: TransportStateEvent['state'];
  start(): void;
  stop(): Promise<void>;
  onScan(fn: (scan: RawScan) => void): () => void;
  /** Garbled or incomplete reads: already dropped, told so they can be counted and logged (masked). */
  onError(fn: (err: ScanError) => void): () => void;
  onState(fn: (ev: TransportStateEvent) => void): () => void;
  waitOpen(timeoutMs: number): Promise<void>;
}

export class Listeners<T> {
  private readonly fns = new Set<(v: T) => void>();
  add(fn: (v: T) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit(v: T): void {
    for (const fn of this.fns) fn(v);
  }
}
