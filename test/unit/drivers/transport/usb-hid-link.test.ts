import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from '../../../../drivers/transport/backoff.ts';
import { ReconnectingTransport } from '../../../../drivers/transport/reconnecting-transport.ts';
import { usbOpener, type UsbBinding, type UsbDeviceHandle } from '../../../../drivers/transport/usb-link.ts';
import {
  decodeHidReport,
  encodeHidReports,
  hidOpener,
  type HidBinding,
  type HidHandle,
} from '../../../../drivers/transport/hid-link.ts';
import { FakeClock } from '../../../../electron/core/clock/fake-clock.ts';

// No USB or HID reader is attached here, so these run over injected in-memory bindings that
// behave like libusb / hidapi: transfers per endpoint, unplug notifications, reports.

class MemUsb implements UsbBinding {
  present = true;
  outs: { endpoint: number; data: number[] }[] = [];
  inQueues = new Map<number, Uint8Array[]>();
  waiters = new Map<number, (b: Uint8Array) => void>();
  detach: (() => void) | null = null;
  opens = 0;
  async list() {
    return [];
  }
  async open(): Promise<UsbDeviceHandle> {
    if (!this.present) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    this.opens++;
    return {
      transferOut: async (endpoint, data) => void this.outs.push({ endpoint, data: [...data] }),
      transferIn: (endpoint) =>
        new Promise<Uint8Array>((resolve) => {
          const q = this.inQueues.get(endpoint);
          if (q?.length) resolve(q.shift()!);
          else this.waiters.set(endpoint, resolve);
        }),
      close: async () => undefined,
      onDetach: (fn) => {
        this.detach = fn;
      },
    };
  }
  deliver(endpoint: number, bytes: number[]): void {
    const w = this.waiters.get(endpoint);
    if (w) {
      this.waiters.delete(endpoint);
      w(Uint8Array.from(bytes));
    } else this.inQueues.set(endpoint, [...(this.inQueues.get(endpoint) ?? []), Uint8Array.from(bytes)]);
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('backoff', () => {
  it('grows from the initial delay to the ceiling', () => {
    const mid = (): number => 0.5;
    const ds = [0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(defaultBackoff, a, mid));
    expect(ds).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(backoffDelay(defaultBackoff, 0, () => 0)).toBe(80);
  });
});

describe('USB vendor-bulk link (in-memory libusb)', () => {
  it('splits writes over OUT endpoints, merges IN endpoints and reconnects after unplug', async () => {
    const usb = new MemUsb();
    const clock = new FakeClock();
    const t = new ReconnectingTransport({
      clock,
      random: () => 0.5,
      description: 'usb 0400:C35A',
      open: usbOpener({
        vendorId: 0x0400,
        productId: 0xc35a,
        inEndpoints: [0x81, 0x85],
        binding: usb,
        splitWrite: (d) => [
          { endpoint: 0x02, data: d.subarray(0, 7) },
          { endpoint: 0x06, data: d.subarray(7) },
        ],
      }),
    });
    const got: number[] = [];
    t.onData((c) => got.push(...c));
    const states: string[] = [];
    t.onState((s) => states.push(s.state));
    t.start();
    await t.waitOpen(1000);
    await t.write(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 3, 0x11, 0xff, 0xed]));
    expect(usb.outs).toEqual([
      { endpoint: 0x02, data: [0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 3] },
      { endpoint: 0x06, data: [0x11, 0xff, 0xed] },
    ]);
    usb.deliver(0x81, [0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 4]);
    await tick();
    usb.deliver(0x85, [0, 0, 0x90, 0x94]);
    await tick();
    expect(got).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0, 4, 0, 0, 0x90, 0x94]);

    usb.present = false;
    usb.detach!();
    expect(t.state).toBe('reconnecting');
    await expect(t.write(Uint8Array.from([1]))).rejects.toMatchObject({ kind: 'disconnected' });
    clock.advance(100);
    await tick();
    expect(t.state).toBe('reconnecting');
    usb.present = true;
    clock.advance(1000);
    await tick();
    expect(t.state).toBe('open');
    expect(usb.opens).toBe(2);
    expect(states.slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting']);
    expect(states.at(-1)).toBe('open');
    await t.stop();
  });
});

describe('HID report framing', () => {
  it('cuts a stream into length-prefixed reports and reassembles it', () => {
    const f = { reportId: 2, reportSize: 8, lengthPrefix: true, inReportIdPrefix: true };
    const data = Uint8Array.from(Array.from({ length: 17 }, (_, i) => i + 1));
    const reps = encodeHidReports(data, f);
    expect(reps.map((r) => [...r])).toEqual([
      [2, 7, 1, 2, 3, 4, 5, 6, 7],
      [2, 7, 8, 9, 10, 11, 12, 13, 14],
      [2, 3, 15, 16, 17, 0, 0, 0, 0],
    ]);
    expect(Buffer.concat(reps.map((r) => decodeHidReport(r, f)))).toEqual(Buffer.from(data));
  });

  it('without a length prefix passes whole reports through', () => {
    const f = { reportId: 0, reportSize: 4, lengthPrefix: false, inReportIdPrefix: false };
    expect(encodeHidReports(Uint8Array.from([9, 8, 7, 6, 5]), f).map((r) => [...r])).toEqual([
      [0, 9, 8, 7, 6],
      [0, 5, 0, 0, 0],
    ]);
    expect([...decodeHidReport(Uint8Array.from([1, 2, 3]), f)]).toEqual([1, 2, 3]);
  });

  it('runs a HID link over an injected hidapi and reports the unplug', async () => {
    let onData: (b: Buffer) => void = () => undefined;
    let onError: (e: Error) => void = () => undefined;
    const written: number[][] = [];
    const binding: HidBinding = {
      list: async () => [],
      open: async (): Promise<HidHandle> => ({
        write: async (r) => void written.push([...r]),
        onData: (fn) => void (onData = fn),
        onError: (fn) => void (onError = fn),
        close: async () => undefined,
      }),
    };
    const t = new ReconnectingTransport({
      description: 'hid',
      clock: new FakeClock(),
      open: hidOpener({ vendorId: 1, productId: 2, binding, framing: { reportSize: 4 } }),
    });
    const got: number[] = [];
    t.onData((c) => got.push(...c));
    t.start();
    await t.waitOpen(1000);
    await t.write(Uint8Array.from([1, 2, 3, 4]));
    expect(written).toEqual([
      [0, 3, 1, 2, 3],
      [0, 1, 4, 0, 0],
    ]);
    onData(Buffer.from([2, 0xaa, 0xbb, 0]));
    expect(got).toEqual([0xaa, 0xbb]);
    onError(new Error('could not read from HID device'));
    expect(t.state).toBe('reconnecting');
    await t.stop();
  });
});
