import { describe, expect, it, vi } from 'vitest';
import { electronModule, fake } from '../electron/fake-electron.ts';
import { makeTestCore } from '../helpers/test-core.ts';
import { describeContract } from './contract-suite.ts';
import type { KioskBridge } from '../../../electron/contract/index.ts';

vi.mock('electron', () => electronModule());

// Real main-process IPC registration and the real preload, joined by the fake ipcMain/ipcRenderer pair.
async function openElectronTransport() {
  const { registerIpc } = await import('../../../electron/main/ipc.ts');
  await import('../../../electron/preload/index.ts');
  const tc = await makeTestCore({ shell: 'electron' });
  const win = new fake.BrowserWindow({});
  const dispose = registerIpc(fake.ipcMain as never, tc.core, () => [win.webContents as never]);
  return {
    bridge: fake.contextBridge.exposed.kiosk as KioskBridge,
    shell: 'electron' as const,
    async close() {
      dispose();
      await tc.cleanup();
    },
  };
}

describeContract('Electron IPC (fake ipcMain/ipcRenderer)', openElectronTransport);

describe('Electron IPC guards', () => {
  it('exposes exactly invoke and on (plus the shell name) through contextBridge', async () => {
    const t = await openElectronTransport();
    try {
      expect(Object.keys(t.bridge).sort()).toEqual(['invoke', 'on', 'shell']);
      expect(Object.keys(fake.contextBridge.exposed)).toEqual(['kiosk']);
    } finally {
      await t.close();
    }
  });

  it('refuses calls from a frame not served by app://kiosk', async () => {
    const t = await openElectronTransport();
    try {
      fake.ipcRenderer.senderUrl = 'https://evil.example/';
      expect(await t.bridge.invoke('app.info', {})).toMatchObject({
        ok: false,
        error: { kind: 'unauthorized' },
      });
      fake.ipcRenderer.senderUrl = 'app://kiosk/index.html';
      expect(await t.bridge.invoke('app.info', {})).toMatchObject({ ok: true });
    } finally {
      await t.close();
    }
  });

  it('the preload refuses a non-string channel without bothering the main process', async () => {
    const t = await openElectronTransport();
    try {
      expect(await t.bridge.invoke({ toString: () => 'app.info' } as never, {})).toMatchObject({
        ok: false,
        error: { kind: 'unknown-channel' },
      });
    } finally {
      await t.close();
    }
  });
});
