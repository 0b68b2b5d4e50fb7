import type { HidBinding, HidDeviceInfo, HidHandle } from '../../transport/index.ts';
import {
  defaultHidPosLayout,
  encodeScanReports,
  HID_POS_USAGE_PAGE,
  type HidPosLayout,
} from '../hid-pos-report.ts';

export const SIM_VENDOR_ID = 0x0c2e;
export const SIM_PRODUCT_ID = 0x0b61;

interface OpenHandle {
  data: Set<(r: Buffer) => void>;
  error: Set<(e: Error) => void>;
  closed: boolean;
}

/**
 * An in-process HID binding holding one simulated HID POS scanner (and a keyboard beside it, so
 * autodetection has something to skip). It speaks the same reports as a real scanner: a code over
 * 56 bytes is split across reports with the continuation flag. Unplug/replug behave as node-hid does:
 * open handles get an error, opening fails until replugged, and the path changes on each replug.
 */
export class SimulatedHidPosScanner implements HidBinding {
  private readonly handles = new Set<OpenHandle>();
  private readonly layout: HidPosLayout;
  private plugged = true;
  private generation = 1;
  /** Gap between the reports of one code, as a full-speed device polled every few ms sends them. */
  reportGapMs: number;

  constructor(opts: { layout?: Partial<HidPosLayout>; reportGapMs?: number } = {}) {
    this.layout = { ...defaultHidPosLayout, ...opts.layout };
    this.reportGapMs = opts.reportGapMs ?? 0;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  get openHandles(): number {
    return [...this.handles].filter((h) => !h.closed).length;
  }

  private info(): HidDeviceInfo {
    return {
      vendorId: SIM_VENDOR_ID,
      productId: SIM_PRODUCT_ID,
      path: `/dev/hidraw-sim${this.generation}`,
      manufacturer: 'Simulated',
      product: 'HID POS 2D scanner (simulated)',
      usagePage: HID_POS_USAGE_PAGE,
    };
  }

  async list(): Promise<HidDeviceInfo[]> {
    const keyboard: HidDeviceInfo = {
      vendorId: 0x046d,
      productId: 0xc31c,
      path: '/dev/hidraw-kbd',
      manufacturer: 'Simulated',
      product: 'Keyboard',
      usagePage: 0x01,
    };
    return this.plugged ? [keyboard, this.info()] : [keyboard];
  }

  async open(sel: { path?: string; vendorId?: number; productId?: number }): Promise<HidHandle> {
    const me = this.info();
    const matches =
      this.plugged &&
      (sel.path !== undefined
        ? sel.path === me.path
        : sel.vendorId === me.vendorId && sel.productId === me.productId);
    if (!matches) throw new Error('cannot open device with path or vendor/product id');
    const h: OpenHandle = { data: new Set(), error: new Set(), closed: false };
    this.handles.add(h);
    return {
      async write() {
        // A HID POS scanner takes no output reports we use (beeper/LED reports are vendor specific).
      },
      onData: (fn) => void h.data.add(fn),
      onError: (fn) => void h.error.add(fn),
      close: async () => {
        h.closed = true;
        this.handles.delete(h);
      },
    };
  }

  /** Scans a code: emits its reports to every open handle. Resolves when all were delivered. */
  async scan(code: string | Uint8Array, aimId = ']Q1'): Promise<void> {
    const bytes = typeof code === 'string' ? Buffer.from(code, 'utf8') : code;
    for (const r of encodeScanReports(bytes, aimId, this.layout)) await this.sendReport(r);
  }

  /** Sends any bytes as one report (garbled, truncated, hostile) to test the parser's guard. */
  async sendReport(report: Uint8Array): Promise<void> {
    if (this.reportGapMs > 0) await new Promise((r) => setTimeout(r, this.reportGapMs));
    else await new Promise((r) => setImmediate(r));
    for (const h of this.handles) if (!h.closed) for (const fn of h.data) fn(Buffer.from(report));
  }

  unplug(): void {
    this.plugged = false;
    for (const h of [...this.handles]) {
      h.closed = true;
      this.handles.delete(h);
      for (const fn of h.error) fn(new Error('could not read from HID device'));
    }
  }

  replug(): void {
    this.generation++;
    this.plugged = true;
  }
}
