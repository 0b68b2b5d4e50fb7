import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron.ts';
import { IPC_INVOKE } from '../../../electron/contract/index.ts';
import { fileModeSealer, loadOrCreateDataKey } from '../../../electron/core/secure/key-sealer.ts';

vi.mock('electron', () => electronModule());

// A kiosk that ran before it had a keyring (its data key in the 0600 file) now starts in Electron
// with one. Demo mode on, so the in-process platform enrols it: its signing key is sealed too.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-entry-keyring-'));
const keysDir = path.join(dataDir, 'keys');
const before = loadOrCreateDataKey(keysDir, fileModeSealer);
process.env.KIOSK_DATA_DIR = dataDir;
process.env.KIOSK_DEMO_PLATFORM_PORT = '0';
process.env.KIOSK_LOG_LEVEL = 'silent';
afterAll(async () => {
  fake.app.emit('before-quit');
  // The core and the demo platform close in the background; give them a moment before the folder goes.
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const keyFiles = (): string[] =>
  fs
    .readdirSync(keysDir)
    .filter((f) => /^(data|sign)-key\./.test(f))
    .sort();

describe('Electron entry with an OS keyring (safeStorage, on a fake electron)', () => {
  it('seals the kiosk keys with safeStorage after ready: the old data key re-wrapped, not replaced, and audited', async () => {
    await import('../../../electron/main/index.ts');
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1), { timeout: 15_000 });
    expect(fake.app.exited).toEqual([]);

    expect(keyFiles()).toEqual(['data-key.safestorage', 'sign-key.safestorage']);
    const sealed = fs.readFileSync(path.join(keysDir, 'data-key.safestorage'));
    expect(sealed.includes(before)).toBe(false);
    expect(Buffer.from(fake.safeStorage.decryptString(sealed), 'base64').equals(before)).toBe(true);

    const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT details FROM audit_log WHERE kind = 'key.rewrap'").all() as {
        details: string;
      }[];
      expect(rows.map((r) => JSON.parse(r.details))).toEqual([
        { from: 'file', key: 'data-key', to: 'safestorage' },
      ]);
    } finally {
      db.close();
    }
    const info = (await fake.ipcRenderer.invoke(IPC_INVOKE, 'app.info', {})) as { ok: boolean };
    expect(info.ok).toBe(true);
  });
});
