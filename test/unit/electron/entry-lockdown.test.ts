import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron.ts';
import { IPC_INVOKE } from '../../../electron/contract/index.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { AuditLog } from '../../../electron/core/audit/audit-log.ts';
import { TechnicianAuth } from '../../../electron/core/technician/technician-auth.ts';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';

vi.mock('electron', () => electronModule());

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-entry-lock-'));
process.env.KIOSK_DATA_DIR = dataDir;
process.env.KIOSK_DEMO_PLATFORM = '0';
process.env.KIOSK_LOG_LEVEL = 'silent';

const call = async (name: string, req: unknown) =>
  (await fake.ipcRenderer.invoke(IPC_INVOKE, name, req)) as { ok: boolean; value?: Record<string, unknown> };

beforeAll(async () => {
  // The technician PIN is set beforehand, as `kioskctl technician set-pin` would (cheap scrypt for speed).
  const store = openStore(path.join(dataDir, 'kiosk.db'));
  const clock = new FakeClock();
  await new TechnicianAuth({
    db: store.db,
    clock,
    audit: new AuditLog(store.db, clock),
    config: { maxFailures: 5, lockoutMinutes: 15, sessionMinutes: 20 },
    scrypt: { N: 1024, r: 8, p: 1 },
  }).setPin('482916');
  store.close();
  await import('../../../electron/main/index.ts');
  await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
});
afterAll(() => {
  fake.app.emit('before-quit');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron entry: lockdown and quitting only from technician mode', () => {
  it('removes the application menu and blocks reload/devtools keys on the kiosk window', () => {
    expect(fake.Menu.applicationMenu).toBeNull();
    const wc = FakeBrowserWindow.all[0]!.webContents;
    let prevented = false;
    wc.emit(
      'before-input-event',
      { preventDefault: () => (prevented = true) },
      { type: 'keyDown', key: 'F12', control: false, shift: false, alt: false, meta: false },
    );
    expect(prevented).toBe(true);
  });

  it('refuses Alt+F4 / window-manager close and a quit command outside technician mode', async () => {
    const win = FakeBrowserWindow.all[0]!;
    expect(win.tryClose()).toBe(false);
    expect(await call('technician.shell', { command: 'quit' })).toMatchObject({ ok: false });
    expect(fake.app.quitCalled).toBe(0);
  });

  it('quits when a technician asks from technician mode, and the quit is audited', async () => {
    expect(await call('technician.enter', { pin: '000000' })).toMatchObject({
      ok: true,
      value: { result: 'wrong-pin' },
    });
    expect(await call('technician.enter', { pin: '482916' })).toMatchObject({
      ok: true,
      value: { result: 'entered' },
    });
    expect(await call('technician.shell', { command: 'quit' })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect(fake.app.quitCalled).toBe(1);
    expect(FakeBrowserWindow.all[0]!.tryClose()).toBe(true);
  });

  it('holds the display awake only in service hours (a power-save blocker is either held or not, never leaked)', () => {
    expect(fake.powerSaveBlocker.active.size).toBeLessThanOrEqual(1);
    for (const type of fake.powerSaveBlocker.active.values()) expect(type).toBe('prevent-display-sleep');
  });
});
