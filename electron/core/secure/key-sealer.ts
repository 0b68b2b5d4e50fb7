import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Port for the OS keystore. The Electron main process wires one backed by `safeStorage` (libsecret /
 * DPAPI / Keychain) when `isEncryptionAvailable()`; plain Node (browser mode, kioskctl, tests) has
 * none and falls back to a key file readable by its owner only.
 *
 * Threat model, briefly: the data key protects personal data on a stolen or decommissioned disk
 * and against other local accounts. With a keystore the key is bound to the kiosk's OS login; with
 * the 0600 fallback it is only as safe as root/the kiosk account, which is stated in the audit
 * ("sealer": "file"). It does not protect against code running as the kiosk user while the app
 * runs, which is why personal data is also purged soon after the platform confirms it.
 */
export interface KeySealer {
  readonly kind: string;
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/** No keystore: the "sealed" bytes are the key itself, protected by file mode 0600 alone. */
export const fileModeSealer: KeySealer = {
  kind: 'file',
  seal: (plain) => Buffer.from(plain),
  unseal: (sealed) => Buffer.from(sealed),
};

/** The part of Electron's `safeStorage` the sealer needs; the shell passes the real one in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/**
 * A KeySealer over Electron safeStorage, or null where it would not protect anything (no keyring,
 * or Linux's hard-coded "basic_text" password), so the caller falls back to the 0600 file and the
 * audit says so.
 */
export function safeStorageSealer(ss: SafeStorageLike): KeySealer | null {
  if (!ss.isEncryptionAvailable()) return null;
  if (ss.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    kind: 'safestorage',
    seal: (plain) => ss.encryptString(plain.toString('base64')),
    unseal: (sealed) => Buffer.from(ss.decryptString(sealed), 'base64'),
  };
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Writes atomically (tmp + fsync + rename + dir fsync) so a power cut never leaves half a key. */
export function writeFileDurable(file: string, data: Uint8Array, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dfd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

/**
 * Loads the per-kiosk 32-byte data key from `<dir>/data-key.<sealer kind>`, creating it on first
 * use. Refuses a key file that group or others can read: that would silently void the model above.
 */
export function loadOrCreateDataKey(dir: string, sealer: KeySealer = fileModeSealer): Buffer {
  const file = path.join(dir, `data-key.${sealer.kind}`);
  if (fs.existsSync(file)) {
    const st = fs.statSync(file);
    if ((st.mode & 0o077) !== 0) {
      throw new KeyFileError(
        `密钥文件权限过宽 (key file ${file} must be mode 0600, is ${(st.mode & 0o777).toString(8)})`,
      );
    }
    const key = sealer.unseal(fs.readFileSync(file));
    if (key.length !== 32) throw new KeyFileError(`密钥文件已损坏 (key file ${file} is not a 32-byte key)`);
    return key;
  }
  const key = crypto.randomBytes(32);
  writeFileDurable(file, sealer.seal(key));
  return key;
}
