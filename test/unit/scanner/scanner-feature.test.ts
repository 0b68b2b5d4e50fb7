import { Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { demoReceiptKey, signedReceiptPayload } from '../../../electron/core/scanner/receipt-signature.ts';
import type { DeviceStatus } from '../../../electron/contract/index.ts';
import type { ScanResult } from '../../../electron/contract/scanner.ts';

const LOOKUP = 'https://zwfw.example.gov.cn/banjian/chaxun?no={receiptNo}';
const ESSC = 'ESSC01' + 'Q9w8E7r6T5y4U3i2O1p0'.repeat(2);

let core: Core | null = null;
let dataDir = '';
let logText = '';
afterEach(async () => {
  await core?.close();
  core = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<Core> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-scan-'));
  logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  core = await createCore({
    config: loadConfig({ KIOSK_DATA_DIR: dataDir, ...env }),
    shell: 'web',
    log: pino({ level: 'debug' }, sink),
  });
  return core;
}

async function until<T>(f: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('scanner feature in a real core (demo: simulated HID POS scanner)', () => {
  it('a scanned receipt QR arrives as scanner.scan with its receipt number, and looks up the application', async () => {
    const c = await start();
    const scans: ScanResult[] = [];
    c.subscribe((name, payload) => {
      if (name === 'scanner.scan') scans.push(payload as ScanResult);
    });
    await until(() => c.devices.list().find((d) => d.kind === 'scanner' && d.state === 'ready'));
    const qr = signedReceiptPayload(LOOKUP, 'R20261121-0001', 'DEMO-0001', demoReceiptKey('DEMO-0001'));
    const sim = await c.dispatch('scanner.simulate', { action: 'scan', text: qr }, { shell: 'web' });
    expect(sim.ok).toBe(true);
    const scan = await until(() => scans[0]);
    expect(scan).toMatchObject({
      kind: 'receipt',
      receiptNo: 'R20261121-0001',
      source: 'hid-pos',
      messageKey: 'scanner.receipt',
    });
    const found = await c.dispatch('applications.lookup', { receiptNo: scan.receiptNo }, { shell: 'web' });
    expect(found).toMatchObject({
      ok: true,
      value: { application: { matters: ['出生医学证明办理', '新生儿落户'] } },
    });
    const missing = await c.dispatch('applications.lookup', { receiptNo: 'R0000-9999' }, { shell: 'web' });
    expect(missing).toMatchObject({
      ok: false,
      error: { kind: 'not-found', messageKey: 'applications.notFound' },
    });
  });

  it('never logs scanned content in clear, neither from the device nor from a wedge burst', async () => {
    const c = await start({ KIOSK_PLATFORM_URL: 'http://127.0.0.1:9' });
    await until(() => c.devices.list().find((d) => d.kind === 'scanner' && d.state === 'ready'));
    const scans: ScanResult[] = [];
    c.subscribe((name, payload) => name === 'scanner.scan' && scans.push(payload as ScanResult));
    await c.dispatch('scanner.simulate', { action: 'scan', text: ESSC }, { shell: 'web' });
    const wedge = await c.dispatch(
      'scanner.classify',
      { text: 'CTID' + 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', source: 'wedge' },
      { shell: 'web' },
    );
    expect(wedge).toMatchObject({
      ok: true,
      value: { kind: 'net-id', needsOnlineVerification: true, verifiable: true },
    });
    const s = await until(() => scans[0]);
    expect(s).toMatchObject({ kind: 'social-security-card', messageKey: 'scanner.verifying' });
    expect(logText).toContain('scan classified');
    expect(logText).not.toContain(ESSC.slice(4, 20));
    expect(logText).not.toContain('QUJDREVGR0hJSktM');
    expect(JSON.stringify(s)).not.toContain(ESSC.slice(4));
  });

  it('offline, a 网证 code is answered with "use your ID card"', async () => {
    const c = await start();
    const r = await c.dispatch(
      'scanner.classify',
      { text: 'CTID' + 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', source: 'wedge' },
      { shell: 'web' },
    );
    expect(r).toMatchObject({
      ok: true,
      value: { kind: 'net-id', verifiable: false, messageKey: 'scanner.offline' },
    });
  });

  it('unplug and replug of the HID scanner show in the device registry and as device.status events', async () => {
    const c = await start();
    const statuses: DeviceStatus[] = [];
    c.subscribe((name, payload) => {
      if (name === 'device.status' && (payload as DeviceStatus).kind === 'scanner')
        statuses.push(payload as DeviceStatus);
    });
    await until(() => c.devices.list().find((d) => d.id === 'scanner-sim' && d.state === 'ready'));
    await c.dispatch('scanner.simulate', { action: 'unplug' }, { shell: 'web' });
    await until(() => statuses.find((s) => s.state === 'disconnected'));
    expect(c.devices.list().find((d) => d.id === 'scanner-sim')).toMatchObject({
      state: 'disconnected',
      messageKey: 'device.scanner.disconnected',
    });
    const whileOut = await c.dispatch('scanner.simulate', { action: 'scan', text: ESSC }, { shell: 'web' });
    expect(whileOut).toMatchObject({ ok: false, error: { kind: 'disconnected' } });
    await c.dispatch('scanner.simulate', { action: 'replug' }, { shell: 'web' });
    await until(() => c.devices.list().find((d) => d.id === 'scanner-sim' && d.state === 'ready'), 5000);
    expect(statuses.at(-1)).toMatchObject({ state: 'ready', simulated: true });
    const scans: ScanResult[] = [];
    c.subscribe((name, payload) => name === 'scanner.scan' && scans.push(payload as ScanResult));
    await c.dispatch('scanner.simulate', { action: 'scan', text: ESSC }, { shell: 'web' });
    expect((await until(() => scans[0])).kind).toBe('social-security-card');
  });

  it('scanner.settings gives the configured wedge thresholds', async () => {
    const c = await start();
    expect(await c.dispatch('scanner.settings', {}, { shell: 'web' })).toEqual({
      ok: true,
      value: { wedge: { enabled: true, maxInterKeyMs: 35, minLength: 6, stallToleranceMs: 150 } },
    });
  });
});

describe('codes awaiting online verification', () => {
  it('are held in memory only until the resident session is wiped', async () => {
    const c = await start({ KIOSK_PLATFORM_URL: 'http://127.0.0.1:9' });
    const { createScannerFeature } = await import('../../../electron/core/scanner/scanner-feature.ts');
    const { EventBus } = await import('../../../electron/core/events/event-bus.ts');
    const { systemClock } = await import('../../../electron/core/clock/clock.ts');
    const feature = createScannerFeature({
      config: { ...c.config, scanner: { ...c.config.scanner, source: 'none' } },
      clock: systemClock,
      log: pino({ level: 'silent' }),
      db: c.store.db,
      bus: new EventBus(),
      sessions: c.sessions,
      devices: c.devices,
      newId: () => 'x',
      audit: c.audit,
    });
    await feature.start?.();
    c.sessions.start();
    const r = await feature.handlers['scanner.classify']({ text: ESSC, source: 'wedge' }, { shell: 'web' });
    expect(r.needsOnlineVerification).toBe(true);
    expect(feature.pendingCode(r.scanId)).toBe(ESSC);
    c.sessions.end('resident');
    expect(feature.pendingCode(r.scanId)).toBeNull();
    await feature.close?.();
  });
});
