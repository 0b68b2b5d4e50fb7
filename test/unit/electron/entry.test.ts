import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron.ts';
import { IPC_INVOKE } from '../../../electron/contract/index.ts';

vi.mock('electron', () => electronModule());

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-entry-'));
process.env.KIOSK_DATA_DIR = dataDir;
process.env.KIOSK_DEMO_PLATFORM = '0';
process.env.KIOSK_LOG_LEVEL = 'silent';
afterAll(() => {
  fake.app.emit('before-quit');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron entry (main process glue, on a fake electron)', () => {
  it('starts in order: single-instance lock, app:// scheme, hardened session, IPC, one locked kiosk window', async () => {
    await import('../../../electron/main/index.ts');
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
    const win = FakeBrowserWindow.all[0]!;
    expect(fake.protocol.privileged).toHaveLength(1);
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect(fake.session.defaultSession.permissionRequest).not.toBeNull();
    expect(fake.ipcMain.handlers.has(IPC_INVOKE)).toBe(true);
    expect(win.options).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true },
    });
    expect(win.webContents.url).toBe('app://kiosk/index.html');
  });

  it('answers a contract call from the window through IPC', async () => {
    const res = (await fake.ipcRenderer.invoke(IPC_INVOKE, 'app.info', {})) as {
      ok: boolean;
      value: { shell: string };
    };
    expect(res).toMatchObject({ ok: true, value: { shell: 'electron', version: '0.0.0-test' } });
  });

  it('a second instance focuses the existing window instead of opening another', () => {
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('reloads a crashed renderer, and crashes a hung one first so a fresh process starts', () => {
    const wc = FakeBrowserWindow.all[0]!.webContents;
    wc.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(wc.reloads).toBe(1);
    wc.emit('did-finish-load');
    FakeBrowserWindow.all[0]!.emit('unresponsive');
    expect(wc.crashes).toBe(1);
    expect(wc.reloads).toBe(2);
    wc.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(wc.reloads).toBe(2);
  });

  it('retries a page that failed to load, but not an aborted navigation or a failed sub-frame', () => {
    const wc = FakeBrowserWindow.all[0]!.webContents;
    const before = wc.reloads;
    wc.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'app://kiosk/index.html', true);
    wc.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://x.example/', false);
    expect(wc.reloads).toBe(before);
    wc.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://kiosk/index.html', true);
    expect(wc.reloads).toBe(before + 1);
    wc.emit('did-finish-load');
  });

  it('relaunches the app (with its attempt count) when the renderer keeps failing', async () => {
    const wc = FakeBrowserWindow.all[0]!.webContents;
    for (let i = 0; i < 3; i++) {
      wc.emit('did-finish-load');
      wc.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    }
    await vi.waitFor(() => expect(fake.app.relaunched).toHaveLength(1), { timeout: 5000 });
    expect(fake.app.relaunched[0]!.args?.at(-1)).toBe('--kiosk-relaunch-attempt=1');
    expect(fake.app.exited).toEqual([0]);
  });
});
