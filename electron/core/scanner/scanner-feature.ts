import {
  HidPosScanner,
  parseTerminator,
  SerialScanner,
  SimulatedHidPosScanner,
  maskScan,
  type RawScan,
  type ScannerSource,
} from '../../../drivers/scanner/index.ts';
import type { HidBinding, TransportStateEvent } from '../../../drivers/transport/index.ts';
import { KioskError, type DeviceStatus } from '../../contract/index.ts';
import type { ScanResult } from '../../contract/scanner.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { classifyCode, compileShapes, messageKeyFor, type ClassifierRules } from './code-classifier.ts';
import { receiptKeys } from './receipt-keys.ts';

type ScannerCall = 'scanner.settings' | 'scanner.classify' | 'scanner.simulate';

export interface ScannerFeatureOptions {
  /** Injected HID binding (tests); default: simulated in demo, node-hid otherwise. */
  binding?: HidBinding;
  /** Whether codes needing online verification can be verified now (platform reachable). */
  isOnline?: () => boolean;
  /** Demo: the QR on the simulated printer's last receipt (`scanner.simulate` scan-printed). */
  printedQr?: () => string | null;
}

export interface ScannerFeature extends Feature<ScannerCall> {
  readonly simulator: SimulatedHidPosScanner | null;
  readonly rules: ClassifierRules;
  /** Raw code of a scan awaiting online verification (identify step); null once wiped. */
  pendingCode(scanId: string): string | null;
}

const DEVICE_STATE: Record<TransportStateEvent['state'], DeviceStatus['state']> = {
  idle: 'absent',
  connecting: 'disconnected',
  open: 'ready',
  reconnecting: 'disconnected',
  closed: 'absent',
};

/**
 * Runs the configured scanner, classifies every code (and every keyboard-wedge burst the renderer
 * sends) and emits `scanner.scan`. Reports the scanner in the DeviceRegistry, so unplug and replug
 * show in `device.list` / `device.status` (and on the technician page once it exists).
 */
export function createScannerFeature(deps: CoreDeps, opts: ScannerFeatureOptions = {}): ScannerFeature {
  const { config, log, bus, devices, clock } = deps;
  const cfg = config.scanner;
  const rules: ClassifierRules = {
    lookupUrl: config.printing.lookupUrl,
    receiptKeys: receiptKeys(config),
    shapes: compileShapes(cfg.shapes),
  };
  const isOnline = opts.isOnline ?? (() => config.platform.url !== null);
  const source = cfg.source ?? (config.devices.mode === 'simulated' ? 'simulated' : 'hid');
  const simulator =
    source === 'simulated'
      ? ((opts.binding as SimulatedHidPosScanner | undefined) ?? new SimulatedHidPosScanner())
      : null;
  const deviceId = simulator ? 'scanner-sim' : 'scanner';
  // Codes that only the platform can verify wait here (never on disk) until the session is wiped.
  const pending = new Map<string, string>();
  let scanner: ScannerSource | null = null;
  let seq = 0;

  function classify(text: string, src: ScanResult['source'], masked: string): ScanResult {
    const c = classifyCode(text, rules);
    const online = isOnline();
    const scanId = `scan-${clock.now().toString(36)}-${++seq}`;
    const needs = c.kind === 'social-security-card' || c.kind === 'medical-insurance' || c.kind === 'net-id';
    if (needs && online) pending.set(scanId, text.trim());
    const result: ScanResult = {
      scanId,
      source: src,
      kind: c.kind,
      receiptNo: c.kind === 'receipt' ? c.receiptNo : null,
      refusal: c.kind === 'refused' ? c.refusal : null,
      needsOnlineVerification: needs,
      verifiable: needs ? online : c.kind === 'receipt',
      messageKey: messageKeyFor(c, online),
      masked,
    };
    // Kind and masked form only: the code itself is personal data.
    log.info({ scanId, source: src, kind: c.kind, refusal: result.refusal, masked }, 'scan classified');
    return result;
  }

  function onScan(s: RawScan): void {
    bus.emit('scanner.scan', classify(s.text, s.source, maskScan(s)));
  }

  function report(ev: TransportStateEvent): void {
    const state = DEVICE_STATE[ev.state];
    devices.report({
      id: deviceId,
      kind: 'scanner',
      state,
      simulated: simulator !== null,
      messageKey: state === 'ready' ? 'device.ready' : 'device.scanner.disconnected',
      // No attempt counter here: every retry of an absent scanner would otherwise be a new device.status.
      detail: `${scanner?.description ?? 'scanner'}: ${ev.state}`,
    });
  }

  function build(): ScannerSource | null {
    if (source === 'none') return null;
    if (source === 'serial') {
      if (!cfg.serial.path) {
        log.warn('scanner.source is serial but scanner.serial.path is not set');
        return null;
      }
      return new SerialScanner({
        path: cfg.serial.path,
        baudRate: cfg.serial.baudRate,
        terminator: parseTerminator(cfg.serial.terminator),
        aimPrefix: cfg.serial.aimPrefix,
        clock,
      });
    }
    const layout = Object.fromEntries(Object.entries(cfg.hid.layout).filter(([, v]) => v !== undefined));
    return new HidPosScanner({
      ...(cfg.hid.vendorId !== null ? { vendorId: cfg.hid.vendorId } : {}),
      ...(cfg.hid.productId !== null ? { productId: cfg.hid.productId } : {}),
      ...(cfg.hid.path !== null ? { path: cfg.hid.path } : {}),
      usagePage: cfg.hid.usagePage,
      layout,
      clock,
      backoff: { initialMs: 100, maxMs: 2000 },
      ...(simulator ? { binding: simulator } : opts.binding ? { binding: opts.binding } : {}),
    });
  }

  let unwipe: (() => void) | null = null;
  return {
    simulator,
    rules,
    pendingCode: (id) => pending.get(id) ?? null,
    start() {
      unwipe = deps.sessions.onWipe(() => pending.clear());
      if (!config.kioskId || (!cfg.receiptKeyHex && !config.demo)) {
        log.warn('scanner.receiptKeyHex is not configured: receipts are checked with the demo key');
      }
      scanner = build();
      if (!scanner) {
        devices.report({
          id: deviceId,
          kind: 'scanner',
          state: 'absent',
          simulated: false,
          messageKey: 'device.scanner.absent',
          detail: `scanner source ${source}`,
        });
        return;
      }
      scanner.onState(report);
      scanner.onScan(onScan);
      scanner.onError((e) => log.warn({ kind: e.kind, device: deviceId }, 'scan dropped'));
      scanner.start();
    },
    async close() {
      unwipe?.();
      pending.clear();
      await scanner?.stop();
    },
    handlers: {
      'scanner.settings': () => ({ wedge: { ...cfg.wedge } }),
      'scanner.classify': ({ text }) => {
        const masked = maskScan({ symbology: 'unknown', text, byteLength: Buffer.byteLength(text) });
        // Answered, not emitted: the renderer that caught the burst acts on the answer, and an event
        // as well would make it act twice.
        return classify(text, 'wedge', masked);
      },
      'scanner.simulate': async (req) => {
        if (!simulator)
          throw new KioskError('rejected', 'no simulated scanner: scanner.source is not simulated');
        if (req.action === 'unplug') simulator.unplug();
        else if (req.action === 'replug') simulator.replug();
        else {
          if (!simulator.isPlugged || scanner?.state !== 'open') {
            throw new KioskError('disconnected', 'simulated scanner is unplugged');
          }
          if (req.action === 'scan-printed') {
            const printed = opts.printedQr?.() ?? null;
            if (!printed) throw new KioskError('not-found', 'no printed receipt with a QR code to scan');
            await simulator.scan(printed, ']Q1');
          } else await simulator.scan(req.text, req.aimId ?? ']Q1');
        }
        return { done: true };
      },
    },
  };
}
