import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron.ts';
import { loadOrCreateDataKey, safeStorageSealer } from '../../../electron/core/secure/key-sealer.ts';

vi.mock('electron', () => electronModule());

// The kiosk's data key is sealed by its keyring; this start the keyring is not there (reset login
// keyring, or Linux fell back to basic_text).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-entry-keyring-gone-'));
const keysDir = path.join(dataDir, 'keys');
loadOrCreateDataKey(keysDir, safeStorageSealer(fake.safeStorage)!);
const sealedBefore = fs.readFileSync(path.join(keysDir, 'data-key.safestorage'));
fake.safeStorage.backend = 'basic_text';
process.env.KIOSK_DATA_DIR = dataDir;
process.env.KIOSK_DEMO_PLATFORM = '0';
process.env.KIOSK_LOG_LEVEL = 'silent';
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Electron entry when the keyring is gone (on a fake electron)', () => {
  it('exits with a Chinese-first message for the technician and makes no new key', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await import('../../../electron/main/index.ts');
    await vi.waitFor(() => expect(fake.app.exited).toEqual([2]), { timeout: 15_000 });
    const said = stderr.mock.calls.map((c) => String(c[0])).join('');
    stderr.mockRestore();
    expect(said).toMatch(/^数据密钥 \(data key\)由系统钥匙串保护，但本次运行时系统钥匙串不可用/);
    expect(said).toMatch(/技术人员：/);
    expect(FakeBrowserWindow.all).toHaveLength(0);
    expect(fs.readdirSync(keysDir).filter((f) => f.startsWith('data-key'))).toEqual(['data-key.safestorage']);
    expect(fs.readFileSync(path.join(keysDir, 'data-key.safestorage')).equals(sealedBefore)).toBe(true);
  });
});
