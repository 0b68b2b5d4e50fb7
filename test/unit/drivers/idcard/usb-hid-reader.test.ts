import { describe, expect, it } from 'vitest';
import { ReconnectingTransport } from '../../../../drivers/transport/reconnecting-transport.ts';
import { usbOpener, type UsbBinding, type UsbDeviceHandle } from '../../../../drivers/transport/usb-link.ts';
import {
  hidOpener,
  encodeHidReports,
  decodeHidReport,
  type HidBinding,
  type HidReportFraming,
} from '../../../../drivers/transport/hid-link.ts';
import { SamSimulator, simulatorOpener } from '../../../../drivers/idcard/simulator.ts';
import { SamClient } from '../../../../drivers/idcard/sam-client.ts';
import { SAM_USB, samUsbSplit, type SamUsbFraming } from '../../../../drivers/idcard/usb-framing.ts';
import { HEADER_SIZE } from '../../../../drivers/idcard/frame.ts';
import { FakeClock } from '../../../../electron/core/clock/fake-clock.ts';
import type { ByteTransport } from '../../../../drivers/transport/link.ts';

// No USB or HID reader is attached here. These bindings stand in for libusb/hidapi with a SAM module
// behind them (the simulator), speaking the endpoint layout of spec §1.1, so the codec, client and
// transports are exercised end to end.

/** A 0400:C35A module: request header on 0x02 + body on 0x06 (or all on 0x02), reply header on 0x81, rest on 0x85. */
class SamUsbDevice implements UsbBinding {
  readonly sim = new SamSimulator();
  outLog: { endpoint: number; length: number }[] = [];
  private queues = new Map<number, Buffer[]>([
    [0x81, []],
    [0x85, []],
  ]);
  private waiters = new Map<number, (b: Uint8Array) => void>();
  async list() {
    return [];
  }
  async open(): Promise<UsbDeviceHandle> {
    const receive = this.sim.attach((frame) => {
      this.push(0x81, frame.subarray(0, HEADER_SIZE));
      this.push(0x85, frame.subarray(HEADER_SIZE));
    });
    return {
      transferOut: async (endpoint, data) => {
        if (endpoint !== 0x02 && endpoint !== 0x06)
          throw new Error(`LIBUSB_ERROR_PIPE on 0x${endpoint.toString(16)}`);
        this.outLog.push({ endpoint, length: data.length });
        receive(data);
      },
      transferIn: (endpoint) =>
        new Promise((resolve) => {
          const q = this.queues.get(endpoint)!;
          if (q.length) resolve(q.shift()!);
          else this.waiters.set(endpoint, resolve);
        }),
      close: async () => undefined,
      onDetach: () => undefined,
    };
  }
  private push(ep: number, b: Buffer): void {
    const w = this.waiters.get(ep);
    const copy = Buffer.from(b);
    if (w) {
      this.waiters.delete(ep);
      // The 0x81 header transfer completes before the 0x85 body transfer, as on the bus.
      setImmediate(() => w(copy));
    } else this.queues.get(ep)!.push(copy);
  }
}

async function readOver(transport: ByteTransport): Promise<string> {
  transport.start();
  await transport.waitOpen(1000);
  const client = new SamClient({ transport });
  await client.samStatus();
  const samId = await client.samId();
  const r = await client.readCard();
  client.dispose();
  await transport.stop();
  return `${samId} ${r.card.name} ${r.card.problems.length}`;
}

describe('SAM reader over USB vendor bulk (in-memory libusb)', () => {
  it.each(['split', 'single'] as SamUsbFraming[])('reads a card with %s request framing', async (framing) => {
    const dev = new SamUsbDevice();
    dev.sim.insert(0);
    const transport = new ReconnectingTransport({
      description: 'usb',
      clock: new FakeClock(),
      open: usbOpener({
        vendorId: SAM_USB.vendorId,
        productId: SAM_USB.productId,
        inEndpoints: [...SAM_USB.in],
        splitWrite: samUsbSplit(framing),
        binding: dev,
      }),
    });
    expect(await readOver(transport)).toBe('05.01-20101129-0001228293-0296863149 张伟 0');
    if (framing === 'split') {
      expect(dev.outLog.slice(0, 2)).toEqual([
        { endpoint: 0x02, length: 7 },
        { endpoint: 0x06, length: 3 },
      ]);
    } else expect(dev.outLog.every((o) => o.endpoint === 0x02 && o.length === 10)).toBe(true);
  });
});

describe('SAM reader over HID reports (in-memory hidapi)', () => {
  it('reads a card through length-prefixed 64-byte reports with report IDs', async () => {
    const framing: HidReportFraming = {
      reportId: 1,
      reportSize: 64,
      lengthPrefix: true,
      inReportIdPrefix: true,
    };
    const sim = new SamSimulator();
    sim.insert(4);
    let onData: (b: Buffer) => void = () => undefined;
    const binding: HidBinding = {
      list: async () => [],
      open: async () => {
        const receive = sim.attach((bytes) => {
          for (const rep of encodeHidReports(bytes, framing)) setImmediate(() => onData(rep));
        });
        return {
          write: async (report) => {
            expect(report.length).toBe(65);
            expect(report[0]).toBe(1);
            receive(decodeHidReport(report, framing));
          },
          onData: (fn) => void (onData = fn),
          onError: () => undefined,
          close: async () => undefined,
        };
      },
    };
    const transport = new ReconnectingTransport({
      description: 'hid',
      clock: new FakeClock(),
      open: hidOpener({ vendorId: 0x1234, productId: 0x5678, framing, binding }),
    });
    expect(await readOver(transport)).toBe('05.01-20101129-0001228293-0296863149 史密斯·约翰 0');
  });
});

describe('SamClient discipline', () => {
  it('never puts two commands on the wire, however many callers ask at once', async () => {
    const sim = new SamSimulator();
    sim.insert(0);
    const transport = new ReconnectingTransport({ description: 'sim', open: simulatorOpener(sim) });
    transport.start();
    await transport.waitOpen(1000);
    const client = new SamClient({ transport });
    let maxInFlight = 0;
    const watch = setInterval(() => (maxInFlight = Math.max(maxInFlight, client.commandsInFlight)), 0);
    const results = await Promise.all([
      client.find(),
      client.samStatus(),
      client.find(),
      client.samId(),
      client.readCard(),
    ]);
    clearInterval(watch);
    expect(results[0]).toBe(true);
    expect((results[4] as { card: { name: string } }).card.name).toBe('张伟');
    expect(sim.overlaps).toBe(0);
    expect(maxInFlight).toBeLessThanOrEqual(1);
    client.dispose();
    await transport.stop();
  });

  it('a reply that arrives after its timeout is not taken as the answer to the next command', async () => {
    const sim = new SamSimulator({ processingMs: { find: 120 } });
    sim.insert(0);
    const transport = new ReconnectingTransport({ description: 'sim', open: simulatorOpener(sim) });
    transport.start();
    await transport.waitOpen(1000);
    const client = new SamClient({ transport, timeouts: { find: 40 } });
    await expect(client.find()).rejects.toMatchObject({ kind: 'timeout', messageKey: 'idcard.timeout' });
    // The late 9F reply lands while the next command waits for a quiet line; SAM id gets its own reply.
    expect(await client.samId()).toBe('05.01-20101129-0001228293-0296863149');
    expect(client.stats.staleReplies).toBe(1);
    client.dispose();
    await transport.stop();
  });

  it('unplugging mid-command gives a disconnected error with the resident message', async () => {
    const sim = new SamSimulator({ processingMs: { read: 200 } });
    sim.insert(0);
    const opener = simulatorOpener(sim);
    const transport = new ReconnectingTransport({ description: 'sim', open: opener });
    transport.start();
    await transport.waitOpen(1000);
    const client = new SamClient({ transport, timeouts: { read: 300 } });
    await client.find();
    await client.select();
    const reading = client.read();
    await new Promise((r) => setTimeout(r, 20)); // the read request is on the wire
    const t0 = Date.now();
    opener.unplug();
    await expect(reading).rejects.toMatchObject({ kind: 'disconnected', messageKey: 'idcard.disconnected' });
    expect(Date.now() - t0).toBeLessThan(100); // failed at once, not after the 300 ms timeout
    await expect(client.find()).rejects.toMatchObject({
      kind: 'disconnected',
      messageKey: 'idcard.disconnected',
    });
    client.dispose();
    await transport.stop();
  });
});
