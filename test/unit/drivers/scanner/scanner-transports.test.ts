import { afterEach, describe, expect, it } from 'vitest';
import {
  HidPosScanner,
  parseVidPid,
  pickHidPosDevice,
  SerialScanner,
  SimulatedHidPosScanner,
  SIM_PRODUCT_ID,
  SIM_VENDOR_ID,
  type RawScan,
  type ScanError,
} from '../../../../drivers/scanner/index.ts';
import { SerialScannerSim } from '../../../../drivers/scanner/simulator/serial-scanner-sim.ts';
import type { TransportState } from '../../../../drivers/transport/index.ts';

const RECEIPT =
  'https://zwfw.example.gov.cn/banjian/chaxun?no=R20261121-0001&k=DEMO-0001&s=Zk3mQ0pX7uY2bT9wLc4vHg';

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('HID POS scanner over node-hid (in-process simulated binding)', () => {
  it('finds the scanner by usage page 0x8C among other HID devices, and by VID:PID', async () => {
    const sim = new SimulatedHidPosScanner();
    const devs = await sim.list();
    expect(pickHidPosDevice(devs, {})?.product).toMatch(/scanner/);
    expect(pickHidPosDevice(devs, { vendorId: SIM_VENDOR_ID, productId: SIM_PRODUCT_ID })?.usagePage).toBe(
      0x8c,
    );
    expect(pickHidPosDevice(devs, { vendorId: 1, productId: 2 })).toBeNull();
    expect(parseVidPid('0c2e:0B61')).toEqual({ vendorId: 0x0c2e, productId: 0x0b61 });
    expect(() => parseVidPid('0c2e')).toThrow(/VID:PID/);
  });

  it('reads codes, and after unplug and replug reads again; the states say so', async () => {
    const sim = new SimulatedHidPosScanner();
    const scanner = new HidPosScanner({ binding: sim, backoff: { initialMs: 20, maxMs: 50 } });
    cleanups.push(() => scanner.stop());
    const scans: RawScan[] = [];
    const states: TransportState[] = [];
    scanner.onScan((s) => scans.push(s));
    scanner.onState((ev) => states.push(ev.state));
    scanner.start();
    await scanner.waitOpen(2000);
    await sim.scan(RECEIPT);
    await until(() => scans.length === 1);
    expect(scans[0]?.text).toBe(RECEIPT);

    sim.unplug();
    await until(() => scanner.state === 'reconnecting');
    await new Promise((r) => setTimeout(r, 120)); // several failed reopen attempts while unplugged
    expect(scanner.state).not.toBe('open');
    sim.replug();
    await scanner.waitOpen(2000);
    await sim.scan('6901234567892', ']E0');
    await until(() => scans.length === 2);
    expect(scans[1]).toMatchObject({ text: '6901234567892', symbology: 'ean-upc' });
    expect(states).toEqual(expect.arrayContaining(['connecting', 'open', 'reconnecting']));
    expect(states.lastIndexOf('open')).toBeGreaterThan(states.indexOf('reconnecting'));
  });

  it('a code cut off by an unplug is dropped, not glued to the first code after the replug', async () => {
    const sim = new SimulatedHidPosScanner();
    const scanner = new HidPosScanner({ binding: sim, backoff: { initialMs: 10, maxMs: 20 } });
    cleanups.push(() => scanner.stop());
    const scans: string[] = [];
    scanner.onScan((s) => scans.push(s.text));
    scanner.start();
    await scanner.waitOpen(2000);
    const { encodeScanReports } = await import('../../../../drivers/scanner/index.ts');
    await sim.sendReport(encodeScanReports(Buffer.from(RECEIPT), ']Q1')[0]!);
    sim.unplug();
    sim.replug();
    await until(() => scanner.state === 'open');
    await sim.scan('ESSC01ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    await until(() => scans.length === 1);
    expect(scans).toEqual(['ESSC01ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
  });
});

describe('serial (virtual-COM) scanner over a real socat pty', () => {
  it('reads codes ended by the configured terminator, split over writes', async () => {
    const sim = await SerialScannerSim.start({ terminator: Buffer.from('\r\n') });
    cleanups.push(() => sim.close());
    const scanner = new SerialScanner({
      path: sim.port,
      terminator: Buffer.from('\r\n'),
      backoff: { initialMs: 50, maxMs: 200 },
    });
    cleanups.push(() => scanner.stop());
    const scans: string[] = [];
    const errors: ScanError[] = [];
    scanner.onScan((s) => scans.push(s.text));
    scanner.onError((e) => errors.push(e));
    scanner.start();
    await scanner.waitOpen(3000);
    await sim.write(Buffer.from(RECEIPT.slice(0, 30)));
    await new Promise((r) => setTimeout(r, 30));
    await sim.write(Buffer.from(`${RECEIPT.slice(30)}\r`));
    await sim.write(Buffer.from('\n'));
    await sim.scan('中文也行ESSC01ABCDEFGHIJKLMNOP');
    await until(() => scans.length === 2);
    expect(scans).toEqual([RECEIPT, '中文也行ESSC01ABCDEFGHIJKLMNOP']);
    expect(errors).toEqual([]);
  });

  it('an overlong line is refused and the next code is read whole', async () => {
    const sim = await SerialScannerSim.start();
    cleanups.push(() => sim.close());
    const scanner = new SerialScanner({ path: sim.port, maxBytes: 64 });
    cleanups.push(() => scanner.stop());
    const scans: string[] = [];
    const errors: string[] = [];
    scanner.onScan((s) => scans.push(s.text));
    scanner.onError((e) => errors.push(e.kind));
    scanner.start();
    await scanner.waitOpen(3000);
    await sim.scan('X'.repeat(300));
    await sim.scan('6901234567892');
    await until(() => scans.length === 1);
    expect(scans).toEqual(['6901234567892']);
    expect(errors).toEqual(['too-long']);
  });
});
