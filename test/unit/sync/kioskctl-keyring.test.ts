import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import { safeStorageSealer, type KeySealer } from '../../../electron/core/secure/key-sealer.ts';
import { enrol } from '../../../electron/core/sync/enrolment.ts';
import { openSyncService, type SyncService } from '../../../electron/core/sync/sync-service.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { FakeSafeStorage } from '../electron/fake-electron.ts';
import { sampleApplication, tmpDir } from './helpers.ts';
import { runKioskctlAsync } from '../helpers/run-kioskctl.ts';

const KIOSK_ID = 'KEYRING-CLI-01';

/** kioskctl as a technician runs it: plain Node, so no safeStorage and no keyring. */
async function kioskctl(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const r = await runKioskctlAsync(args, { dataDir, env: { KIOSK_ID: KIOSK_ID } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const keyFiles = (kioskDir: string): string[] =>
  fs
    .readdirSync(path.join(kioskDir, 'keys'))
    .filter((f) => /^(data|sign)-key\./.test(f))
    .sort();

let platform: DevPlatform | null = null;
let store: Store | null = null;
let svc: SyncService | null = null;
afterEach(async () => {
  await svc?.stop();
  store?.close();
  await platform?.close();
  svc = null;
  store = null;
  platform = null;
});

describe('kioskctl on a kiosk whose keys are sealed by the OS keyring', () => {
  it('sync status works without the key; sync now asks the running kiosk, or says plainly it cannot', async () => {
    const dir = tmpDir('kioskctl-keyring');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kioskDir = path.join(dir, 'kiosk');
    const sealer: KeySealer = safeStorageSealer(new FakeSafeStorage())!;
    // The Electron kiosk: enrolled and two applications queued, every key under its keyring.
    store = openStore(path.join(kioskDir, 'kiosk.db'));
    await enrol({
      db: store.db,
      dataDir: kioskDir,
      platformUrl: platform.url,
      code: platform.createEnrolmentCode(),
      kioskId: KIOSK_ID,
      sealer,
    });
    const open = (): SyncService =>
      openSyncService({ db: store!.db, dataDir: kioskDir, clock: systemClock, kioskId: KIOSK_ID, sealer });
    svc = open();
    svc.submit(sampleApplication(1, [3000]));
    svc.submit(sampleApplication(2, [3000]));
    await svc.stop();
    svc = null;
    const keys = keyFiles(kioskDir);
    expect(keys).toEqual(['data-key.safestorage', 'sign-key.safestorage']);

    const status = await kioskctl(kioskDir, 'sync', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/待上报 queued 2/);
    expect(status.out).toMatch(/数据密钥 data key: 系统钥匙串 keyring/);
    const json = await kioskctl(kioskDir, 'sync', 'status', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ enrolled: true, applications: { queued: 2 } });

    // No kiosk running: kioskctl cannot open the keys, says so, and leaves the request behind.
    const alone = await kioskctl(kioskDir, 'sync', 'now');
    expect(alone.code).toBe(1);
    expect(alone.err).toMatch(/^终端未运行，且密钥由系统钥匙串保护，kioskctl 无法自己同步/);
    expect(alone.err).not.toMatch(/at .*\.ts:\d+/);
    const kick = () => store!.db.prepare("SELECT value FROM sync_meta WHERE key = 'kick'").get();
    expect(kick()).toBeDefined();
    // Never a new (plain) key beside the sealed one: that would split the kiosk's data in two.
    expect(keyFiles(kioskDir)).toEqual(keys);

    // The kiosk running (its relay holds the lease): kioskctl asks it, and it syncs.
    svc = open();
    expect(svc.relay!.takeLease()).toBe(true);
    store.db.prepare("DELETE FROM sync_meta WHERE key = 'kick'").run();
    const asked = await kioskctl(kioskDir, 'sync', 'now');
    expect(asked.code).toBe(0);
    expect(asked.out).toMatch(/已请求正在运行的终端立即同步/);
    expect(kick()).toBeDefined();
    svc.start();
    await vi.waitFor(() => expect(svc!.summary().applications).toMatchObject({ queued: 0, confirmed: 2 }), {
      timeout: 15_000,
    });
    expect(platform.db.prepare('SELECT COUNT(*) AS n FROM application').get()).toEqual({ n: 2 });
    expect(keyFiles(kioskDir)).toEqual(keys);
  });

  it('enroll works without the keyring: the new signing key waits in a 0600 file until the kiosk moves it', async () => {
    const dir = tmpDir('kioskctl-keyring-enrol');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kioskDir = path.join(dir, 'kiosk');
    const sealer: KeySealer = safeStorageSealer(new FakeSafeStorage())!;
    store = openStore(path.join(kioskDir, 'kiosk.db'));
    svc = openSyncService({ db: store.db, dataDir: kioskDir, clock: systemClock, kioskId: KIOSK_ID, sealer });
    await svc.stop();
    svc = null;
    expect(keyFiles(kioskDir)).toEqual(['data-key.safestorage']);

    const e = await kioskctl(
      kioskDir,
      'enroll',
      '--platform',
      platform.url,
      '--code',
      platform.createEnrolmentCode(),
    );
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/登记成功 enrolled/);
    expect(e.out).toMatch(/注意：kioskctl 没有系统钥匙串/);
    expect(keyFiles(kioskDir)).toEqual(['data-key.safestorage', 'sign-key.file']);
    expect(fs.statSync(path.join(kioskDir, 'keys', 'sign-key.file')).mode & 0o777).toBe(0o600);

    // The kiosk's next start: the signing key goes under the keyring and is the enrolled one.
    svc = openSyncService({ db: store.db, dataDir: kioskDir, clock: systemClock, kioskId: KIOSK_ID, sealer });
    expect(svc.identity?.kioskId).toBe(KIOSK_ID);
    expect(keyFiles(kioskDir)).toEqual(['data-key.safestorage', 'sign-key.safestorage']);
    expect(await svc.relay!.probe()).toBe(true);
  });
});
