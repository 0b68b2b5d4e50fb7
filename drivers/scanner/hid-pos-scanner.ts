import {
  hidOpener,
  loadHidBinding,
  realClock,
  ReconnectingTransport,
  type BackoffOptions,
  type DriverClock,
  type HidBinding,
  type HidDeviceInfo,
  type LinkOpener,
  type TransportStateEvent,
} from '../transport/index.ts';
import { defaultHidPosLayout, HID_POS_USAGE_PAGE, reportSize, type HidPosLayout } from './hid-pos-report.ts';
import type { RawScan } from './raw-scan.ts';
import { ScanReassembler } from './scan-reassembler.ts';
import type { ScanError } from './scan-errors.ts';
import { Listeners, type ScannerSource } from './scanner-source.ts';

export interface HidPosSelector {
  vendorId?: number;
  productId?: number;
  path?: string;
  /** Used when neither path nor vendor/product id is given: the first device on this usage page. */
  usagePage?: number;
}

/** Picks the scanner among the attached HID devices (keyboards, touch screens and card readers too). */
export function pickHidPosDevice(devices: HidDeviceInfo[], sel: HidPosSelector): HidDeviceInfo | null {
  const matches = devices.filter((d) => {
    if (sel.path !== undefined) return d.path === sel.path;
    if (sel.vendorId !== undefined || sel.productId !== undefined) {
      if (sel.vendorId !== undefined && d.vendorId !== sel.vendorId) return false;
      if (sel.productId !== undefined && d.productId !== sel.productId) return false;
      // A composite scanner lists one interface per usage page; prefer its POS one below.
      return true;
    }
    return d.usagePage === (sel.usagePage ?? HID_POS_USAGE_PAGE);
  });
  const usage = sel.usagePage ?? HID_POS_USAGE_PAGE;
  return matches.find((d) => d.usagePage === usage) ?? matches[0] ?? null;
}

/**
 * Opens the scanner as a Link whose chunks are whole input reports (no stream framing), choosing the
 * device afresh on every reconnect: after a replug the hidraw path usually changes.
 */
export function hidPosOpener(sel: HidPosSelector, layout: HidPosLayout, binding?: HidBinding): LinkOpener {
  return async (handlers) => {
    const b = binding ?? (await loadHidBinding());
    const dev = pickHidPosDevice(await b.list(), sel);
    if (!dev) {
      const what =
        sel.vendorId !== undefined
          ? `${hex4(sel.vendorId)}:${hex4(sel.productId ?? 0)}`
          : `usage page 0x${(sel.usagePage ?? HID_POS_USAGE_PAGE).toString(16)}`;
      throw new Error(`no HID POS scanner found (${what})`);
    }
    return hidOpener({
      ...(dev.path ? { path: dev.path } : { vendorId: dev.vendorId, productId: dev.productId }),
      binding: b,
      framing: {
        lengthPrefix: false,
        inReportIdPrefix: false,
        reportSize: reportSize(layout),
        reportId: layout.reportId ?? 0,
      },
    })(handlers);
  };
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** "0c2e:0b61" → ids; throws RangeError on anything else. */
export function parseVidPid(spec: string): { vendorId: number; productId: number } {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(spec.trim());
  if (!m) throw new RangeError(`expected VID:PID in hex, e.g. 0c2e:0b61 (got "${spec}")`);
  return { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
}

export interface HidPosScannerOptions extends HidPosSelector {
  layout?: Partial<HidPosLayout>;
  binding?: HidBinding;
  clock?: DriverClock;
  backoff?: Partial<BackoffOptions>;
  maxBytes?: number;
}

/** A HID POS scanner: reconnecting transport (drivers/transport) + report reassembly. */
export class HidPosScanner implements ScannerSource {
  readonly description: string;
  private readonly transport: ReconnectingTransport;
  private readonly reassembler: ScanReassembler;
  private readonly scans = new Listeners<RawScan>();
  private readonly errors = new Listeners<ScanError>();

  constructor(o: HidPosScannerOptions) {
    const layout = { ...defaultHidPosLayout, ...o.layout };
    const clock = o.clock ?? realClock;
    this.description =
      o.vendorId !== undefined
        ? `HID POS ${hex4(o.vendorId)}:${hex4(o.productId ?? 0)}`
        : o.path !== undefined
          ? `HID POS ${o.path}`
          : 'HID POS (usage page 0x8c)';
    this.transport = new ReconnectingTransport({
      open: hidPosOpener(o, layout, o.binding),
      description: this.description,
      clock,
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
    this.reassembler = new ScanReassembler({
      layout,
      now: () => clock.now(),
      ...(o.maxBytes ? { maxBytes: o.maxBytes } : {}),
      onScan: (s) => this.scans.emit(s),
      onError: (e) => this.errors.emit(e),
    });
    this.transport.onData((report) => this.reassembler.push(report));
    // A code cut off by an unplug must not be glued to the first code after the replug.
    this.transport.onState((ev) => {
      if (ev.state !== 'open') this.reassembler.reset();
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
