import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/core/events/event-bus.ts';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { createDeviceTests, type DeviceTestDeps } from '../../../electron/core/setup/device-tests.ts';
import type { PrintResult } from '../../../electron/contract/printing.ts';

// The live device tests' rules, with a real event bus and short waits: what the technician is
// told when nothing happens, when the wrong thing happens, and that nothing personal is reported.

const printed = (receiptNo: string, ok = true): PrintResult => ({
  jobId: 'j1',
  receiptNo,
  state: ok ? 'done' : 'failed',
  printed: ok,
  failure: ok ? null : 'paper-out',
  showOnScreen: !ok,
  receipt: null,
});

function setup(over: Partial<DeviceTestDeps> = {}) {
  const bus = new EventBus();
  const watched: boolean[] = [];
  const receipts: string[] = [];
  const tests = createDeviceTests({
    bus,
    clock: new FakeClock(),
    kioskId: 'SETUP-0001',
    hasDevice: () => true,
    currentCard: async () => null,
    watchReader: (on) => watched.push(on),
    printReceipt: async (r) => {
      receipts.push(r.receiptNo);
      return printed(r.receiptNo);
    },
    printA4: async (r) => printed(r.receiptNo),
    waitMs: 200,
    ...over,
  });
  return { bus, tests, watched, receipts };
}

const scan = (bus: EventBus, kind: 'receipt' | 'refused', receiptNo: string | null) =>
  bus.emit('scanner.scan', {
    scanId: 's1',
    source: 'hid-pos',
    kind,
    receiptNo,
    refusal: kind === 'refused' ? 'url' : null,
    needsOnlineVerification: false,
    verifiable: true,
    messageKey: 'scanner.ok',
    masked: 'x',
  });

describe('device tests', () => {
  it('the reader test waits for a card with the reader watching, and times out plainly without one', async () => {
    const { tests, watched } = setup();
    const r = await tests.run('idcard');
    expect(r).toMatchObject({ device: 'idcard', outcome: 'timed-out' });
    expect(r.detail).toMatch(/no card read within/);
    expect(watched).toEqual([true, false]); // the reader is not left polling afterwards
  });

  it('a reader fault during the test is reported as a failure with its kind', async () => {
    const { tests, bus } = setup();
    const p = tests.run('idcard');
    await new Promise((r) => setTimeout(r, 20));
    bus.emit('idcard.fault', { kind: 'sam-fault', messageKey: 'idcard.fault.sam', detail: 'x' });
    expect(await p).toMatchObject({ outcome: 'failed', detail: 'fault sam-fault' });
  });

  it('a card read passes and the result names nobody', async () => {
    const { tests } = setup({
      currentCard: async () =>
        ({ name: '李秀英', idNumber: '640104194903010304' }) as unknown as Awaited<
          ReturnType<DeviceTestDeps['currentCard']>
        >,
    });
    const r = await tests.run('idcard');
    expect(r.outcome).toBe('passed');
    expect(JSON.stringify(r)).not.toMatch(/李秀英|640104/);
  });

  it('the scanner test asks for a test receipt first, refuses another code, and passes on its own receipt', async () => {
    const { tests, bus } = setup();
    expect((await tests.run('scanner')).detail).toBe('print a test receipt first, then scan its QR code');

    const p = await tests.run('printer');
    expect(p.outcome).toBe('passed');
    const no = [...tests.testReceipts()][0]!;
    expect(no).toMatch(/^TEST-SETUP0001-/);

    let run = tests.run('scanner');
    scan(bus, 'refused', null);
    expect(await run).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/scanned refused \(url\)/),
    });
    run = tests.run('scanner');
    scan(bus, 'receipt', 'OTHER-0001'); // a resident's receipt is not the test receipt
    expect((await run).outcome).toBe('failed');
    run = tests.run('scanner');
    scan(bus, 'receipt', no);
    expect(await run).toMatchObject({ outcome: 'passed' });
  });

  it('a printer out of paper fails the test; a kiosk without the device reports not-configured', async () => {
    const { tests } = setup({
      printReceipt: async (r) => printed(r.receiptNo, false),
      hasDevice: () => false,
    });
    expect(await tests.run('printer')).toMatchObject({ outcome: 'failed', detail: 'not printed: paper-out' });
    expect((await tests.run('scanner')).outcome).toBe('not-configured');
    expect((await tests.run('idcard')).outcome).toBe('not-configured');
    expect(tests.testReceipts().size).toBe(0); // an unprinted receipt cannot be scanned back
  });

  it('a second tap while a test waits joins it instead of starting another', async () => {
    const { tests, watched } = setup();
    const [a, b] = await Promise.all([tests.run('idcard'), tests.run('idcard')]);
    expect(a).toBe(b);
    expect(watched).toEqual([true, false]);
  });
});
