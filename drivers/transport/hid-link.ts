import type { Link, LinkOpener } from './link.ts';

/**
 * How a byte stream is carried in HID reports. No public HID report format exists for SAM readers
 * (the spec marks it unconfirmed), so every part of the framing is configuration.
 */
export interface HidReportFraming {
  /** Report ID put in front of every OUT report (0 = device uses no report IDs). */
  reportId: number;
  /** Payload bytes per report, after the report ID (often 63 or 64). */
  reportSize: number;
  /** When true the first payload byte says how many of the following bytes are valid. */
  lengthPrefix: boolean;
  /** When true IN reports start with the report ID byte, which is stripped. */
  inReportIdPrefix: boolean;
}

export const defaultHidFraming: HidReportFraming = {
  reportId: 0,
  reportSize: 64,
  lengthPrefix: true,
  inReportIdPrefix: false,
};

/** Cuts a byte stream into OUT reports (report ID + payload, zero padded). */
export function encodeHidReports(data: Uint8Array, f: HidReportFraming): Buffer[] {
  const per = f.lengthPrefix ? f.reportSize - 1 : f.reportSize;
  if (per <= 0) throw new Error(`hid reportSize ${f.reportSize} too small`);
  const out: Buffer[] = [];
  for (let off = 0; off < data.length; off += per) {
    const part = data.subarray(off, Math.min(data.length, off + per));
    const rep = Buffer.alloc(1 + f.reportSize);
    rep[0] = f.reportId;
    if (f.lengthPrefix) {
      rep[1] = part.length;
      rep.set(part, 2);
    } else rep.set(part, 1);
    out.push(rep);
  }
  return out;
}

/** The stream bytes carried by one IN report (padding dropped when a length prefix says so). */
export function decodeHidReport(report: Uint8Array, f: HidReportFraming): Buffer {
  let r = Buffer.from(report);
  if (f.inReportIdPrefix) r = r.subarray(1);
  if (!f.lengthPrefix) return r;
  const n = Math.min(r[0] ?? 0, r.length - 1);
  return r.subarray(1, 1 + n);
}

export interface HidHandle {
  write(report: Buffer): Promise<void>;
  onData(fn: (report: Buffer) => void): void;
  onError(fn: (err: Error) => void): void;
  close(): Promise<void>;
}

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path: string | null;
  manufacturer: string | null;
  product: string | null;
  usagePage: number | null;
}

export interface HidBinding {
  open(sel: { path?: string; vendorId?: number; productId?: number }): Promise<HidHandle>;
  list(): Promise<HidDeviceInfo[]>;
}

export interface HidOptions {
  path?: string;
  vendorId?: number;
  productId?: number;
  framing?: Partial<HidReportFraming>;
  binding?: HidBinding;
}

/** A reader that presents as a HID device, as a Link carrying the byte stream in reports. */
export function hidOpener(opts: HidOptions): LinkOpener {
  const framing = { ...defaultHidFraming, ...opts.framing };
  return async (handlers) => {
    const binding = opts.binding ?? (await loadHidBinding());
    const sel: { path?: string; vendorId?: number; productId?: number } = {};
    if (opts.path !== undefined) sel.path = opts.path;
    if (opts.vendorId !== undefined) sel.vendorId = opts.vendorId;
    if (opts.productId !== undefined) sel.productId = opts.productId;
    const dev = await binding.open(sel);
    let closed = false;
    dev.onData((report) => {
      if (!closed) {
        const bytes = decodeHidReport(report, framing);
        if (bytes.length) handlers.onData(bytes);
      }
    });
    dev.onError((err) => {
      if (closed) return;
      closed = true;
      void dev.close().catch(() => undefined);
      handlers.onClose(err);
    });
    return {
      async write(data) {
        for (const rep of encodeHidReports(data, framing)) await dev.write(rep);
      },
      async close() {
        if (closed) return;
        closed = true;
        await dev.close().catch(() => undefined);
      },
    } satisfies Link;
  };
}

/** The real binding over npm `node-hid`, loaded lazily (hidraw needs a udev rule on Linux). */
export async function loadHidBinding(): Promise<HidBinding> {
  const HID = await import('node-hid');
  return {
    async list() {
      const devs = await HID.devicesAsync();
      return devs.map((d) => ({
        vendorId: d.vendorId,
        productId: d.productId,
        path: d.path ?? null,
        manufacturer: d.manufacturer ?? null,
        product: d.product ?? null,
        usagePage: d.usagePage ?? null,
      }));
    },
    async open(sel) {
      const dev = sel.path
        ? await HID.HIDAsync.open(sel.path)
        : await HID.HIDAsync.open(sel.vendorId ?? 0, sel.productId ?? 0);
      return {
        async write(report) {
          await dev.write(report);
        },
        onData(fn) {
          dev.on('data', (b: Buffer) => fn(b));
        },
        onError(fn) {
          dev.on('error', (e: Error) => fn(e));
        },
        async close() {
          await dev.close();
        },
      };
    },
  };
}
