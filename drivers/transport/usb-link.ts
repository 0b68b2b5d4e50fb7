import type { Link, LinkOpener } from './link.ts';

/** One OUT transfer: which bulk endpoint gets which bytes. */
export interface UsbOutChunk {
  /** Endpoint address with direction bit, as vendor documents write it (0x02, 0x06). */
  endpoint: number;
  data: Uint8Array;
}

export interface UsbOptions {
  vendorId: number;
  productId: number;
  interfaceNumber?: number;
  /** IN endpoint addresses (0x81, 0x85) polled for bytes; their data is merged in arrival order. */
  inEndpoints: number[];
  /**
   * Splits one logical write into bulk transfers. Vendor framings differ (the SAM module takes the
   * 7-byte header on 0x02 and the rest on 0x06, some firmware takes it all on 0x02), so the
   * protocol layer decides, not the link.
   */
  splitWrite: (data: Uint8Array) => UsbOutChunk[];
  /** Bytes asked for per IN transfer; the SAM module's largest reply is 2321 bytes. */
  readSize?: number;
  binding?: UsbBinding;
}

/** The slice of a libusb device the link needs; tests inject an in-memory one (no hardware here). */
export interface UsbDeviceHandle {
  transferOut(endpoint: number, data: Uint8Array): Promise<void>;
  /** Resolves with the next bytes from the endpoint (possibly empty on a timeout). */
  transferIn(endpoint: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
  /** Called once when the device is unplugged. */
  onDetach(fn: () => void): void;
}

export interface UsbDeviceInfo {
  vendorId: number;
  productId: number;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
}

export interface UsbBinding {
  open(opts: { vendorId: number; productId: number; interfaceNumber: number }): Promise<UsbDeviceHandle>;
  list(): Promise<UsbDeviceInfo[]>;
}

/**
 * A vendor-bulk USB device (the standard SAM module 0400:C35A is neither HID nor CDC) as a Link.
 * Reads run as one outstanding transfer per IN endpoint, re-armed after each completion, so bytes
 * are never requested twice and an unplug ends every loop.
 */
export function usbOpener(opts: UsbOptions): LinkOpener {
  return async (handlers) => {
    const binding = opts.binding ?? (await loadUsbBinding());
    const dev = await binding.open({
      vendorId: opts.vendorId,
      productId: opts.productId,
      interfaceNumber: opts.interfaceNumber ?? 0,
    });
    let closed = false;
    const lost = (err: Error): void => {
      if (closed) return;
      closed = true;
      void dev.close().catch(() => undefined);
      handlers.onClose(err);
    };
    dev.onDetach(() => lost(new Error(`usb ${hex4(opts.vendorId)}:${hex4(opts.productId)} unplugged`)));
    const readSize = opts.readSize ?? 4096;
    for (const ep of opts.inEndpoints) {
      void (async () => {
        while (!closed) {
          try {
            const bytes = await dev.transferIn(ep, readSize);
            if (!closed && bytes.length > 0) handlers.onData(Buffer.from(bytes));
          } catch (e) {
            lost(e instanceof Error ? e : new Error(String(e)));
          }
        }
      })();
    }
    return {
      async write(data) {
        for (const chunk of opts.splitWrite(data)) await dev.transferOut(chunk.endpoint, chunk.data);
      },
      async close() {
        if (closed) return;
        closed = true;
        await dev.close().catch(() => undefined);
      },
    } satisfies Link;
  };
}

export function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** Minimal structural view of the `usb` package's WebUSB-style device (kept local: no DOM USB types). */
interface WebUsbDeviceLike {
  vendorId: number;
  productId: number;
  manufacturerName?: string | null;
  productName?: string | null;
  serialNumber?: string | null;
  configuration?: unknown;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(v: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  transferOut(ep: number, data: Uint8Array): Promise<{ status: string }>;
  transferIn(ep: number, length: number): Promise<{ status: string; data?: DataView }>;
}
interface WebUsbLike {
  findDeviceByIds(vid: number, pid: number): Promise<WebUsbDeviceLike | undefined>;
  getDevices(): Promise<WebUsbDeviceLike[]>;
  addEventListener(type: 'disconnect', fn: (ev: { device: WebUsbDeviceLike }) => void): void;
  removeEventListener(type: 'disconnect', fn: (ev: { device: WebUsbDeviceLike }) => void): void;
}

/**
 * The real binding over npm `usb` (libusb). Loaded lazily so that machines without libusb, and the
 * tests, never touch it. On Linux the device needs a udev rule granting the kiosk user access.
 */
export async function loadUsbBinding(): Promise<UsbBinding> {
  const mod = (await import('usb')) as unknown as { usb: WebUsbLike };
  const webusb = mod.usb;
  return {
    async list() {
      const devs = await webusb.getDevices();
      return devs.map((d) => ({
        vendorId: d.vendorId,
        productId: d.productId,
        manufacturer: d.manufacturerName ?? null,
        product: d.productName ?? null,
        serialNumber: d.serialNumber ?? null,
      }));
    },
    async open({ vendorId, productId, interfaceNumber }) {
      const dev = await webusb.findDeviceByIds(vendorId, productId);
      if (!dev) throw new Error(`usb ${hex4(vendorId)}:${hex4(productId)} not present`);
      await dev.open();
      if (!dev.configuration) await dev.selectConfiguration(1);
      await dev.claimInterface(interfaceNumber);
      const detachFns: (() => void)[] = [];
      const onDisconnect = (ev: { device: WebUsbDeviceLike }): void => {
        if (ev.device === dev) for (const fn of detachFns) fn();
      };
      webusb.addEventListener('disconnect', onDisconnect);
      return {
        // WebUSB numbers endpoints without the direction bit (0x81 → 1).
        async transferOut(endpoint, data) {
          const r = await dev.transferOut(endpoint & 0x7f, data);
          if (r.status !== 'ok') throw new Error(`usb OUT 0x${endpoint.toString(16)}: ${r.status}`);
        },
        async transferIn(endpoint, length) {
          const r = await dev.transferIn(endpoint & 0x7f, length);
          if (r.status !== 'ok') throw new Error(`usb IN 0x${endpoint.toString(16)}: ${r.status}`);
          return r.data
            ? new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)
            : new Uint8Array();
        },
        async close() {
          webusb.removeEventListener('disconnect', onDisconnect);
          await dev.releaseInterface(interfaceNumber).catch(() => undefined);
          await dev.close();
        },
        onDetach(fn) {
          detachFns.push(fn);
        },
      };
    },
  };
}
