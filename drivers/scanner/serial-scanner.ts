import {
  ReconnectingTransport,
  serialOpener,
  type BackoffOptions,
  type DriverClock,
  type TransportStateEvent,
} from '../transport/index.ts';
import { LineSplitter } from './line-splitter.ts';
import type { RawScan } from './raw-scan.ts';
import type { ScanError } from './scan-errors.ts';
import { Listeners, type ScannerSource } from './scanner-source.ts';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  /** Default "\r", the factory suffix of most scanners in virtual-COM mode. */
  terminator?: Buffer;
  aimPrefix?: boolean;
  maxBytes?: number;
  clock?: DriverClock;
  backoff?: Partial<BackoffOptions>;
}

/** A scanner in virtual-COM (USB CDC) mode: a line per code. */
export class SerialScanner implements ScannerSource {
  readonly description: string;
  private readonly transport: ReconnectingTransport;
  private readonly splitter: LineSplitter;
  private readonly scans = new Listeners<RawScan>();
  private readonly errors = new Listeners<ScanError>();

  constructor(o: SerialScannerOptions) {
    this.description = `serial scanner ${o.path}`;
    this.transport = new ReconnectingTransport({
      open: serialOpener({ path: o.path, baudRate: o.baudRate ?? 9600 }),
      description: this.description,
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
    this.splitter = new LineSplitter({
      terminator: o.terminator ?? Buffer.from('\r'),
      aimPrefix: o.aimPrefix ?? false,
      maxBytes: o.maxBytes ?? 4096,
      onScan: (s) => this.scans.emit(s),
      onError: (e) => this.errors.emit(e),
    });
    this.transport.onData((c) => this.splitter.push(c));
    this.transport.onState((ev) => {
      if (ev.state !== 'open') this.splitter.reset();
    });
  }

  get state(): TransportStateEvent['state'] {
    return this.transport.state;
  }
  start(): void {
    this.transport.start();
  }
  stop(): Promise<void> {
    return this.transport.stop();
  }
  waitOpen(ms: number): Promise<void> {
    return this.transport.waitOpen(ms);
  }
  onScan(fn: (s: RawScan) => void): () => void {
    return this.scans.add(fn);
  }
  onError(fn: (e: ScanError) => void): () => void {
    return this.errors.add(fn);
  }
  onState(fn: (ev: TransportStateEvent) => void): () => void {
    return this.transport.onState(fn);
  }
}
