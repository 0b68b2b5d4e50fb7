import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DATA_KEY,
  fileModeSealer,
  KeyFileError,
  loadOrCreateDataKey,
  openSealedKey,
  safeStorageSealer,
  SIGN_KEY,
  writeFileDurable,
  type KeySealer,
  type Rewrap,
} from '../../../electron/core/secure/key-sealer.ts';
import { createGmProfile } from '../../../electron/core/sync/crypto-adapter.ts';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { openSyncService } from '../../../electron/core/sync/sync-service.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { FakeSafeStorage } from '../electron/fake-electron.ts';
import { platformView, RESIDENT, sampleApplication, tmpDir } from './helpers.ts';
import { enrolDataDir } from '../helpers/enrol-data-dir.ts';
import { openStore } from '../../../electron/core/store/store.ts';

/** A kiosk's keys folder whose data key was made before the kiosk had a keyring. */
function fileKeyedDir(): { dir: string; key: Buffer } {
  const dir = path.join(tmpDir('rewrap'), 'keys');
  return { dir, key: loadOrCreateDataKey(dir, fileModeSealer) };
}

function keyring(): { ss: FakeSafeStorage; sealer: KeySealer } {
  const ss = new FakeSafeStorage();
  return { ss, sealer: safeStorageSealer(ss)! };
}

/** The sealed-key files in a keys folder (other features keep their own keys there too). */
const listing = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => /^(data|sign)-key\./.test(f))
    .sort();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('moving the keys under a new keyring (file → safeStorage)', () => {
  it('keeps the same data key: data sealed before the move opens after it, and the plain copy is gone', () => {
    const { dir, key } = fileKeyedDir();
    const gm = createGmProfile();
    const sealedBefore = gm.seal(key, Buffer.from('王小明 11010519491231002X'));
    const { sealer } = keyring();
    const moved: Rewrap[] = [];

    const after = loadOrCreateDataKey(dir, sealer, (r) => moved.push(r));

    expect(after.equals(key)).toBe(true);
    expect(gm.open(after, sealedBefore).toString('utf8')).toBe('王小明 11010519491231002X');
    expect(listing(dir)).toEqual(['data-key.safestorage']);
    const onDisk = fs.readFileSync(path.join(dir, 'data-key.safestorage'));
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(fs.statSync(path.join(dir, 'data-key.safestorage')).mode & 0o777).toBe(0o600);
    expect(moved).toEqual([{ key: 'data-key', from: 'file', to: 'safestorage' }]);
    // Done once: the next start opens the wrapped key and reports nothing.
    const again: Rewrap[] = [];
    expect(loadOrCreateDataKey(dir, sealer, (r) => again.push(r)).equals(key)).toBe(true);
    expect(again).toEqual([]);
  });

  /** Lets calls through to the real `fs[method]` except the n-th, which fails like a power cut. */
  function failNth(method: 'renameSync' | 'readFileSync' | 'rmSync', n: number): void {
    const real = fs[method] as (...a: unknown[]) => unknown;
    let calls = 0;
    vi.spyOn(fs, method).mockImplementation(((...a: unknown[]) => {
      if (++calls === n) throw new Error('power cut');
      return real(...a);
    }) as never);
  }

  // Each step of the move fails once, as a power cut there would stop it; the next start must
  // still find the same key, whatever was left on disk.
  const steps: { step: string; fail: () => void; audit?: boolean }[] = [
    { step: 'while writing the wrapped file (before its rename)', fail: () => failNth('renameSync', 1) },
    // Read 1 is the old file; read 2 is the check of the wrapped one.
    { step: 'after the rename, before the read-back check', fail: () => failNth('readFileSync', 2) },
    { step: 'while recording the move in the audit log', fail: () => {}, audit: true },
    { step: 'after the audit record, before the old file is removed', fail: () => failNth('rmSync', 1) },
  ];
  for (const { step, fail, audit } of steps) {
    it(`a crash ${step} still loads the same key next time`, () => {
      const { dir, key } = fileKeyedDir();
      const { sealer } = keyring();
      fail();
      expect(() =>
        loadOrCreateDataKey(dir, sealer, () => {
          if (audit) throw new Error('power cut');
        }),
      ).toThrow(/power cut/);
      vi.restoreAllMocks();
      expect(listing(dir)).toContain('data-key.file');
      // The kiosk restarts without its keyring (gone meanwhile), or with it: the same key.
      expect(loadOrCreateDataKey(dir, fileModeSealer).equals(key)).toBe(true);
      const moved: Rewrap[] = [];
      expect(loadOrCreateDataKey(dir, sealer, (r) => moved.push(r)).equals(key)).toBe(true);
      expect(listing(dir)).toEqual(['data-key.safestorage']);
      expect(moved).toEqual([{ key: 'data-key', from: 'file', to: 'safestorage' }]);
    });
  }

  it('both copies left by a crash (new written, old not yet removed): the move finishes with the same key', () => {
    const { dir, key } = fileKeyedDir();
    const { sealer } = keyring();
    writeFileDurable(path.join(dir, 'data-key.safestorage'), sealer.seal(key));
    // A plain temp copy from a crash while the key was first written: it must not outlive the move.
    fs.writeFileSync(path.join(dir, 'data-key.file.999999.abcd1234.tmp'), key, { mode: 0o600 });

    expect(loadOrCreateDataKey(dir, sealer).equals(key)).toBe(true);
    expect(listing(dir)).toEqual(['data-key.safestorage']);
  });

  it('a wrapped copy that does not open (keyring reset mid-move) while the old file is there: wrapped again from the old', () => {
    const { dir, key } = fileKeyedDir();
    const { sealer } = keyring();
    fs.writeFileSync(path.join(dir, 'data-key.safestorage'), crypto.randomBytes(60), { mode: 0o600 });

    expect(loadOrCreateDataKey(dir, sealer).equals(key)).toBe(true);
    expect(listing(dir)).toEqual(['data-key.safestorage']);
    expect(loadOrCreateDataKey(dir, sealer).equals(key)).toBe(true);
  });

  it('two copies holding different keys: refused, nothing removed, no key chosen', () => {
    const { dir } = fileKeyedDir();
    const { sealer } = keyring();
    writeFileDurable(path.join(dir, 'data-key.safestorage'), sealer.seal(crypto.randomBytes(32)));
    const before = listing(dir);
    const err = catchKeyError(() => loadOrCreateDataKey(dir, sealer));
    expect(err.problem).toBe('conflict');
    expect(err.message).toMatch(/^同一密钥有两个不同的副本/);
    expect(listing(dir)).toEqual(before);
  });
});

function catchKeyError(fn: () => unknown): KeyFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyFileError) return e;
    throw e;
  }
  throw new Error('expected a KeyFileError');
}

describe('the keyring is gone (keyring-sealed key, no keyring now)', () => {
  it('no keyring (safeStorage unavailable): a clear Chinese-first error, and no new key is made', () => {
    const dir = path.join(tmpDir('keyring-gone'), 'keys');
    const ss = new FakeSafeStorage();
    const key = loadOrCreateDataKey(dir, safeStorageSealer(ss)!);
    ss.available = false;
    // What the shell does then: no sealer from safeStorage, so the 0600 file sealer.
    const sealer = safeStorageSealer(ss) ?? fileModeSealer;
    expect(sealer.kind).toBe('file');

    const err = catchKeyError(() => loadOrCreateDataKey(dir, sealer));
    expect(err.problem).toBe('needs-keyring');
    expect(err.message).toMatch(/^数据密钥 \(data key\)由系统钥匙串保护/);
    expect(err.message).toMatch(/不会生成新密钥/);
    expect(err.message).toMatch(/技术人员/);
    expect(listing(dir)).toEqual(['data-key.safestorage']);

    // The keyring back (unlocked): the very same key.
    ss.available = true;
    expect(loadOrCreateDataKey(dir, safeStorageSealer(ss)!).equals(key)).toBe(true);
  });

  it('keyring reset (it answers, but cannot open the old blob): a clear error, nothing created or removed', () => {
    const dir = path.join(tmpDir('keyring-reset'), 'keys');
    const ss = new FakeSafeStorage();
    loadOrCreateDataKey(dir, safeStorageSealer(ss)!);
    ss.resetKeyring();
    const before = fs.readFileSync(path.join(dir, 'data-key.safestorage'));

    const err = catchKeyError(() => loadOrCreateDataKey(dir, safeStorageSealer(ss)!));
    expect(err.problem).toBe('keyring-refused');
    expect(err.message).toMatch(/^系统钥匙串无法解开数据密钥/);
    expect(err.message).toMatch(/钥匙串可能已被重置/);
    expect(listing(dir)).toEqual(['data-key.safestorage']);
    expect(fs.readFileSync(path.join(dir, 'data-key.safestorage')).equals(before)).toBe(true);
  });

  it('the signing key says what to do for it: enrol again', () => {
    const dir = path.join(tmpDir('keyring-gone-sign'), 'keys');
    const ss = new FakeSafeStorage();
    writeFileDurable(
      path.join(dir, 'sign-key.safestorage'),
      safeStorageSealer(ss)!.seal(Buffer.from(JSON.stringify({ publicKey: 'p', privateKey: 'k' }))),
    );
    const err = catchKeyError(() => openSealedKey(dir, SIGN_KEY, fileModeSealer));
    expect(err.problem).toBe('needs-keyring');
    expect(err.message).toMatch(/^签名私钥/);
    expect(err.message).toMatch(/kioskctl enroll/);
    expect(openSealedKey(dir, DATA_KEY, fileModeSealer)).toBeNull();
  });
});

describe('a real core that gains a keyring', () => {
  let core: Core | null = null;
  let platform: DevPlatform | null = null;
  afterEach(async () => {
    await core?.close();
    await platform?.close();
    core = null;
    platform = null;
  });

  it('moves both keys under safeStorage at start, audits it, and still syncs what was queued before', async () => {
    const dir = tmpDir('rewrap-core');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kioskDir = path.join(dir, 'kiosk');
    await enrolDataDir(kioskDir, platform, 'KEYRING-0001');
    const store = openStore(path.join(kioskDir, 'kiosk.db'));
    // Queued under the plain file key (the kiosk before it had a keyring), then powered off.
    const svc = openSyncService({
      db: store.db,
      dataDir: kioskDir,
      clock: systemClock,
      kioskId: 'KEYRING-0001',
    });
    const { key } = svc.submit(sampleApplication(1, [4000]));
    await svc.stop();
    store.close();
    const keysDir = path.join(kioskDir, 'keys');
    expect(listing(keysDir)).toEqual(['data-key.file', 'sign-key.file']);

    const { sealer } = keyring();
    core = await createCore({
      config: loadConfig({ KIOSK_DATA_DIR: kioskDir, KIOSK_ID: 'KEYRING-0001' }),
      shell: 'electron',
      log: pino({ level: 'silent' }),
      sealer,
    });

    expect(listing(keysDir)).toEqual(['data-key.safestorage', 'sign-key.safestorage']);
    const records = core.audit.recent(10, 'key.rewrap').map((r) => r.details);
    expect(records).toEqual(
      expect.arrayContaining([
        { key: 'data-key', from: 'file', to: 'safestorage' },
        { key: 'sign-key', from: 'file', to: 'safestorage' },
      ]),
    );
    expect(records).toHaveLength(2);
    expect(core.audit.verify().ok).toBe(true);

    // The signing key is the enrolled one (the platform accepts its signatures) and the data key
    // opens the sealed application and its material, so the queued application arrives whole.
    const now = await core.dispatch('sync.now', {}, { shell: 'electron' });
    expect(now).toMatchObject({ ok: true, value: { failed: 0 } });
    expect(platform.db.prepare('SELECT key FROM application').all()).toEqual([{ key }]);
    // The application body was sealed under the old file key: the platform got it opened.
    expect(JSON.stringify(platform.db.prepare('SELECT * FROM application').all())).toContain(
      RESIDENT.idNumber,
    );
    const materials = platformView(platform).get(key)?.materials ?? [];
    expect(materials).toHaveLength(1);
    expect(materials.every((m) => m.fileOk)).toBe(true);
  });

  it('the setup wizard enrols with the shell sealer: the new signing key is sealed too, and the kiosk reads as enrolled', async () => {
    const dir = tmpDir('rewrap-setup');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kioskDir = path.join(dir, 'kiosk');
    core = await createCore({
      config: loadConfig({ KIOSK_DATA_DIR: kioskDir, KIOSK_ID: 'KEYRING-0002' }),
      shell: 'electron',
      log: pino({ level: 'silent' }),
      sealer: keyring().sealer,
    });
    const r = await core.dispatch(
      'setup.enrol',
      {
        siteName: '幸福村便民服务站',
        regionCode: '110105001001',
        platformUrl: platform.url,
        enrolmentCode: platform.createEnrolmentCode(),
      },
      { shell: 'electron' },
    );
    expect(r).toMatchObject({ ok: true, value: { enrolled: true } });
    expect(listing(path.join(kioskDir, 'keys'))).toEqual(['data-key.safestorage', 'sign-key.safestorage']);
  });
});
