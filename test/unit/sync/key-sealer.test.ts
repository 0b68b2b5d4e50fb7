import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadOrCreateDataKey,
  safeStorageSealer,
  type SafeStorageLike,
} from '../../../electron/core/secure/key-sealer.ts';
import { tmpDir } from './helpers.ts';

/** Stands in for Electron safeStorage: AES under a secret the "keyring" holds. */
function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike {
  const secret = crypto.randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', secret, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, ct, c.getAuthTag()]);
    },
    decryptString(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
    },
  };
}

describe('data key sealing', () => {
  it('with a keyring the key file holds only sealed bytes, and the same key comes back', () => {
    const dir = tmpDir('sealer');
    const sealer = safeStorageSealer(fakeSafeStorage())!;
    const key = loadOrCreateDataKey(dir, sealer);
    const onDisk = fs.readFileSync(path.join(dir, 'data-key.safestorage'));
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(loadOrCreateDataKey(dir, sealer)).toEqual(key);
  });

  it('no keyring, or Linux basic_text: no sealer (the caller falls back to the 0600 file)', () => {
    expect(safeStorageSealer({ ...fakeSafeStorage(), isEncryptionAvailable: () => false })).toBeNull();
    expect(safeStorageSealer(fakeSafeStorage('basic_text'))).toBeNull();
  });

  it('the fallback key file is created 0600 and a truncated one is refused', () => {
    const dir = tmpDir('sealer');
    loadOrCreateDataKey(dir);
    const file = path.join(dir, 'data-key.file');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, Buffer.alloc(5), { mode: 0o600 });
    expect(() => loadOrCreateDataKey(dir)).toThrow(/32-byte/);
  });
});
