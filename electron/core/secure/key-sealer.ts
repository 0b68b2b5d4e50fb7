import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Port for the OS keystore. The Electron main process wires one backed by `safeStorage` (libsecret /
 * DPAPI / Keychain) when `isEncryptionAvailable()`; plain Node (browser mode, kioskctl, tests) has
 * none and falls back to a key file readable by its owner only.
 *
 * Threat model (full table in electron/core/sync/README.md): the data key protects personal data
 * on a stolen or decommissioned disk and against other local accounts. With a keystore the key is
 * bound to the kiosk's OS login; with the 0600 fallback it is only as safe as root/the kiosk
 * account, which the sync audit states ("key-sealer": "file"). It does not protect against code
 * running as the kiosk user while the app runs, which is why personal data is also purged soon
 * after the platform confirms it.
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

/**
 * Why a sealed key could not be used. main exits with the message (a restart cannot fix any of
 * these); kioskctl tells 'needs-keyring' apart because it never has a keyring.
 */
export type KeyFileProblem = 'mode' | 'corrupt' | 'needs-keyring' | 'keyring-refused' | 'conflict';

export class KeyFileError extends Error {
  readonly problem: KeyFileProblem;
  constructor(message: string, problem: KeyFileProblem = 'corrupt') {
    super(message);
    this.name = 'KeyFileError';
    this.problem = problem;
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
  fsyncDir(path.dirname(file));
}

function fsyncDir(dir: string): void {
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

/** Every sealer kind a key file may have been written with, so a kiosk finds its key after a switch. */
export const SEALER_KINDS = ['file', 'safestorage'] as const;

/** One kind of sealed key kept in `<keys dir>/<name>.<sealer kind>`. */
export interface SealedKeySpec {
  name: string;
  /** For messages: what the technician would call it. */
  what: string;
  valid(plain: Buffer): boolean;
  /** What the technician does when the keyring cannot give this key back. */
  ifLost: string;
}

export const DATA_KEY: SealedKeySpec = {
  name: 'data-key',
  what: '数据密钥 (data key)',
  valid: (k) => k.length === 32,
  ifLost:
    '若钥匙串已无法恢复：本机尚未上报的加密资料将无法读取；确认放弃后由运维移走 keys/data-key.* 再启动，终端才会生成新密钥',
};

export const SIGN_KEY: SealedKeySpec = {
  name: 'sign-key',
  what: '签名私钥 (signing key)',
  valid: (k) => {
    try {
      const j = JSON.parse(k.toString('utf8')) as Record<string, unknown>;
      return typeof j.privateKey === 'string' && typeof j.publicKey === 'string';
    } catch {
      return false;
    }
  },
  ifLost: '若钥匙串已无法恢复：用 kioskctl enroll 重新登记即可',
};

/** A key that was moved from one sealer to another (the audit records it). */
export interface Rewrap {
  key: string;
  from: string;
  to: string;
}

export type OnRewrap = (r: Rewrap) => void;

const fileOf = (dir: string, spec: SealedKeySpec, kind: string): string =>
  path.join(dir, `${spec.name}.${kind}`);

/** The sealer kinds this key is stored under now (normally one). */
export function sealedKinds(dir: string, spec: SealedKeySpec = DATA_KEY): string[] {
  return SEALER_KINDS.filter((k) => fs.existsSync(fileOf(dir, spec, k)));
}

/** Reads and checks one key file; every failure is a KeyFileError naming the file. */
function readSealed(file: string, spec: SealedKeySpec, sealer: KeySealer): Buffer {
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) {
    throw new KeyFileError(
      `密钥文件权限过宽，请改为 0600 (key file ${file} must be mode 0600, is ${(st.mode & 0o777).toString(8)})`,
      'mode',
    );
  }
  let plain: Buffer;
  try {
    plain = sealer.unseal(fs.readFileSync(file));
  } catch (e) {
    if (sealer.kind === 'file') throw e;
    throw new KeyFileError(
      `系统钥匙串无法解开${spec.what}（钥匙串可能已被重置，或终端换了系统账户）。终端不会生成新密钥。` +
        `技术人员：用终端原来的系统账户登录、恢复其钥匙串后重启终端；${spec.ifLost}。` +
        ` (the OS keyring refused to unseal ${file}: ${(e as Error).message})`,
      'keyring-refused',
    );
  }
  if (!spec.valid(plain)) {
    const what = spec === DATA_KEY ? 'a 32-byte key' : 'a key pair';
    throw new KeyFileError(`密钥文件已损坏 (key file ${file} is not ${what})`, 'corrupt');
  }
  return plain;
}

/**
 * Temp copies left by a crash mid-write (writeFileDurable's `<file>.<pid>.<rand>.tmp`). A plain
 * one would void the keyring, so none outlives a move; a live process's own is left alone.
 */
function removeStaleTemps(dir: string, spec: SealedKeySpec): void {
  for (const f of fs.readdirSync(dir)) {
    const kind = SEALER_KINDS.find((k) => f.startsWith(`${spec.name}.${k}.`));
    if (!kind || !f.endsWith('.tmp')) continue;
    const pid = Number(f.slice(`${spec.name}.${kind}.`.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) continue;
    fs.rmSync(path.join(dir, f), { force: true });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens a sealed key, moving it to `sealer` when it is still stored under the plain file sealer
 * (a kiosk that gained a keyring). The key itself never changes: everything on disk is encrypted
 * under it. Order, so that a crash at any point leaves a loadable key: write the new wrapped file
 * durably, read it back and check it unwraps to the same bytes, record the re-wrap, and only then
 * remove the old file. A crash before the removal leaves both; the next open sees they agree and
 * finishes. If the new file cannot be opened while the old one can, the old one is the truth and
 * the re-wrap starts over. A key stored only under a sealer not available here (the keyring is
 * gone, or this is kioskctl) is an error, never a reason to make a new key.
 *
 * Returns null when no file of this key exists under any sealer.
 */
export function openSealedKey(
  dir: string,
  spec: SealedKeySpec,
  sealer: KeySealer,
  onRewrap?: OnRewrap,
): Buffer | null {
  const present = fs.existsSync(dir) ? sealedKinds(dir, spec) : [];
  if (present.length === 0) return null;
  const want = fileOf(dir, spec, sealer.kind);
  const has = present.includes(sealer.kind);
  // Only the plain file can be opened under another sealer, so only it can be moved.
  const old = sealer.kind !== 'file' && present.includes('file') ? fileOf(dir, spec, 'file') : null;

  if (!old) {
    if (has) return readSealed(want, spec, sealer);
    throw new KeyFileError(
      `${spec.what}由系统钥匙串保护，但本次运行时系统钥匙串不可用（钥匙串未解锁或已被重置，` +
        `或在 kioskctl 等没有钥匙串的环境中运行）。为免已加密的资料无法读取，不会生成新密钥。` +
        `技术人员：用终端的系统账户登录、确认钥匙串可用后重启终端；${spec.ifLost}。` +
        ` (${path.join(dir, `${spec.name}.${present.join('|')}`)} needs the OS keyring, which is not available; no new key was made)`,
      'needs-keyring',
    );
  }

  const plain = readSealed(old, spec, fileModeSealer);
  let current: Buffer | null = null;
  if (has) {
    try {
      current = readSealed(want, spec, sealer);
    } catch {
      // Never verified (the old file is still here), so it is not the truth: wrap again below.
      current = null;
    }
  }
  if (current && !current.equals(plain)) {
    throw new KeyFileError(
      `同一密钥有两个不同的副本，终端不会自行选择。技术人员：请联系运维确认哪一个加密了本机资料后移走另一个。` +
        ` (${old} and ${want} hold different keys)`,
      'conflict',
    );
  }
  if (!current) {
    writeFileDurable(want, sealer.seal(plain));
    const back = readSealed(want, spec, sealer);
    if (!back.equals(plain)) {
      fs.rmSync(want, { force: true });
      throw new KeyFileError(
        `钥匙串封装后读回的密钥不一致，已保留原密钥文件 (re-wrap of ${old} did not verify)`,
      );
    }
  }
  onRewrap?.({ key: spec.name, from: 'file', to: sealer.kind });
  fs.rmSync(old);
  removeStaleTemps(dir, spec);
  fsyncDir(dir);
  return plain;
}

/**
 * Loads the per-kiosk 32-byte data key from `<dir>/data-key.<sealer kind>`, creating it on first
 * use (only when no copy exists under any sealer), re-wrapping a plain-file key for a new keyring.
 * Refuses a key file that group or others can read: that would silently void the model above.
 */
export function loadOrCreateDataKey(
  dir: string,
  sealer: KeySealer = fileModeSealer,
  onRewrap?: OnRewrap,
): Buffer {
  const key = openSealedKey(dir, DATA_KEY, sealer, onRewrap);
  if (key) return key;
  const fresh = crypto.randomBytes(32);
  writeFileDurable(fileOf(dir, DATA_KEY, sealer.kind), sealer.seal(fresh));
  return fresh;
}

/** Moves every key of the kiosk (data key, signing key) to `sealer`; what moved, for the audit. */
export function rewrapKeys(dir: string, sealer: KeySealer, onRewrap?: OnRewrap): Rewrap[] {
  const done: Rewrap[] = [];
  for (const spec of [DATA_KEY, SIGN_KEY]) {
    openSealedKey(dir, spec, sealer, (r) => {
      done.push(r);
      onRewrap?.(r);
    });
  }
  return done;
}
