import type { IdCardData } from '../../contract/idcard.ts';
import type { PrintResult, ReceiptRequest } from '../../contract/printing.ts';
import type { CallRequest } from '../../contract/calls.ts';
import type { DeviceTestName, DeviceTestResult } from '../../contract/setup.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Clock } from '../clock/clock.ts';

/**
 * Live device tests a technician runs at installation (and from the technician page): each one
 * makes the device do its real job once, end to end, instead of trusting a "ready" status.
 *  - reader: a card is read (the technician places their own or a test card);
 *  - receipt printer: a test receipt comes out, with a signed QR like a resident's receipt;
 *  - A4 printer: a test page goes through the CUPS queue;
 *  - scanner: the QR of that test receipt is scanned back and its signature verifies, which also
 *    proves the kiosk's receipt key and the scanner's decoding settings agree.
 * Results carry no personal data: a card read is reported as read, never by whose card it was.
 */
export interface DeviceTestDeps {
  bus: EventBus;
  clock: Clock;
  kioskId: string;
  /** False when the kiosk has no such device configured (its status is only an 'absent' placeholder). */
  hasDevice: (kind: 'idcard' | 'scanner') => boolean;
  currentCard: () => Promise<IdCardData | null>;
  /** The reader only polls for cards while asked to (a resident's identify step, or this test). */
  watchReader: (on: boolean) => void;
  printReceipt: (req: ReceiptRequest) => Promise<PrintResult>;
  printA4: (req: CallRequest<'printing.document'>) => Promise<PrintResult>;
  /** How long a test waits for the technician (place a card, scan the test receipt). */
  waitMs?: number;
}

export interface DeviceTests {
  run(device: DeviceTestName): Promise<DeviceTestResult>;
  /** Receipt numbers of test receipts this kiosk printed since it started. */
  testReceipts(): ReadonlySet<string>;
}

const TEST_MATTER = '设备自检（测试小票，不是办件凭证）';
const TEST_NAME = '设备自检';
/** Not a person's number: all zeros, so a test slip can never be read as a resident's. */
const TEST_ID = '000000000000000000';
const DEFAULT_WAIT_MS = 60_000;

export function createDeviceTests(d: DeviceTestDeps): DeviceTests {
  const waitMs = d.waitMs ?? DEFAULT_WAIT_MS;
  const printed = new Set<string>();
  const running = new Map<DeviceTestName, Promise<DeviceTestResult>>();

  const newTestReceiptNo = (): string => {
    const site = d.kioskId.replace(/[^A-Za-z0-9]/g, '').slice(-12) || 'KIOSK';
    return `TEST-${site}-${d.clock.now().toString(36).toUpperCase()}`;
  };

  /** Resolves with the first event `pick` accepts, or null after `waitMs`. */
  const waitFor = <T>(pick: (name: string, payload: unknown) => T | undefined): Promise<T | null> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(null);
      }, waitMs);
      const off = d.bus.subscribe((name, payload) => {
        const v = pick(name, payload);
        if (v === undefined) return;
        clearTimeout(timer);
        off();
        resolve(v);
      });
    });

  const printOutcome = (r: PrintResult): Pick<DeviceTestResult, 'outcome' | 'detail'> =>
    r.printed
      ? { outcome: 'passed', detail: `printed ${r.receiptNo}` }
      : r.failure === 'no-printer'
        ? { outcome: 'not-configured', detail: 'no printer configured' }
        : { outcome: 'failed', detail: `not printed: ${r.failure ?? r.state}` };

  const tests: Record<DeviceTestName, () => Promise<Pick<DeviceTestResult, 'outcome' | 'detail'>>> = {
    idcard: async () => {
      if (!d.hasDevice('idcard')) return { outcome: 'not-configured', detail: 'no card reader configured' };
      // Subscribe first: a card placed while the current state is being asked must not be missed.
      const read = waitFor((name, p) =>
        name === 'idcard.read'
          ? ('read' as const)
          : name === 'idcard.fault'
            ? (`fault ${(p as { kind?: string }).kind ?? ''}`.trim() as string)
            : undefined,
      );
      const now = await d.currentCard().catch(() => null);
      if (now) return { outcome: 'passed', detail: 'card read' };
      d.watchReader(true);
      const r = await read.finally(() => d.watchReader(false));
      if (r === 'read') return { outcome: 'passed', detail: 'card read' };
      return r === null
        ? { outcome: 'timed-out', detail: `no card read within ${Math.round(waitMs / 1000)} s` }
        : { outcome: 'failed', detail: r };
    },
    printer: async () => {
      const receiptNo = newTestReceiptNo();
      const r = await d.printReceipt({
        receiptNo,
        matters: [TEST_MATTER],
        applicantName: TEST_NAME,
        idNumber: TEST_ID,
        acceptedAt: new Date(d.clock.now()).toISOString(),
        timeLimit: '—',
      });
      if (r.printed) printed.add(receiptNo);
      return printOutcome(r);
    },
    a4printer: async () =>
      printOutcome(
        await d.printA4({
          template: 'application-form',
          receiptNo: newTestReceiptNo(),
          matters: [TEST_MATTER],
          applicantName: TEST_NAME,
          idNumber: TEST_ID,
          acceptedAt: new Date(d.clock.now()).toISOString(),
        }),
      ),
    scanner: async () => {
      if (!d.hasDevice('scanner')) return { outcome: 'not-configured', detail: 'no scanner configured' };
      const r = await waitFor((name, p) => {
        if (name !== 'scanner.scan') return undefined;
        const s = p as { kind: string; receiptNo: string | null; refusal: string | null };
        if (s.kind === 'receipt' && s.receiptNo && printed.has(s.receiptNo)) return 'ok';
        // Anything else scanned is reported, so a technician holding the wrong slip is told why.
        return `scanned ${s.kind}${s.refusal ? ` (${s.refusal})` : ''}, not this kiosk's test receipt`;
      });
      if (r === 'ok') return { outcome: 'passed', detail: 'test receipt scanned and verified' };
      return r === null
        ? {
            outcome: 'timed-out',
            detail: printed.size
              ? `no scan within ${Math.round(waitMs / 1000)} s`
              : 'print a test receipt first, then scan its QR code',
          }
        : { outcome: 'failed', detail: r };
    },
  };

  return {
    run(device) {
      // A second tap while the technician is still placing the card joins the same test.
      let p = running.get(device);
      if (!p) {
        const start = d.clock.now();
        p = tests[device]()
          .catch((e: unknown) => ({ outcome: 'failed' as const, detail: (e as Error).message.slice(0, 200) }))
          .then((r) => ({ device, ...r, ms: d.clock.now() - start }))
          .finally(() => running.delete(device));
        running.set(device, p);
      }
      return p;
    },
    testReceipts: () => printed,
  };
}
