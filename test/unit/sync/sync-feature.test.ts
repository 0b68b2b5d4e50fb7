import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config/config.ts';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { openSyncService } from '../../../electron/core/sync/sync-service.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { sampleApplication, tmpDir } from './helpers.ts';
import { enrolDataDir } from '../helpers/enrol-data-dir.ts';
import { openStore } from '../../../electron/core/store/store.ts';

let core: Core | null = null;
let platform: DevPlatform | null = null;
afterEach(async () => {
  await core?.close();
  await platform?.close();
  core = null;
  platform = null;
});

const ctx = { shell: 'web' as const };

describe('sync as a core feature (contract calls)', () => {
  it('sync.status says not-configured before enrolment', async () => {
    const dir = tmpDir('sync-feature');
    core = await createCore({
      config: loadConfig({ KIOSK_DATA_DIR: dir }),
      shell: 'web',
      log: pino({ level: 'silent' }),
    });
    const r = await core.dispatch('sync.status', {}, ctx);
    expect(r).toEqual({ ok: true, value: { state: 'not-configured', queued: 0, lastSyncAt: null } });
  });

  it('an enrolled kiosk shows its queue through sync.status / sync.detail and drains it with sync.now', async () => {
    const dir = tmpDir('sync-feature');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kioskDir = path.join(dir, 'kiosk');
    await enrolDataDir(kioskDir, platform, 'DEMO-0001');
    const store = openStore(path.join(kioskDir, 'kiosk.db'));
    // Queued while the kiosk was off (e.g. before a power cut).
    const svc = openSyncService({
      db: store.db,
      dataDir: kioskDir,
      clock: systemClock,
      kioskId: 'DEMO-0001',
    });
    const key = svc.submit(sampleApplication(1, [5000])).key;
    await svc.stop();
    store.close();

    core = await createCore({
      config: loadConfig({ KIOSK_DATA_DIR: kioskDir }),
      shell: 'web',
      log: pino({ level: 'silent' }),
    });
    const now = await core.dispatch('sync.now', {}, ctx);
    expect(now.ok).toBe(true);
    const detail = await core.dispatch('sync.detail', {}, ctx);
    expect(detail).toMatchObject({
      ok: true,
      value: {
        enrolled: true,
        profile: 'gm',
        applications: { queued: 0, confirmed: 1 },
        rows: { rejected: 0 },
      },
    });
    const status = await core.dispatch('sync.status', {}, ctx);
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'online', queued: 0, lastSyncAt: expect.any(String) },
    });
    expect(platform.db.prepare('SELECT key FROM application').all()).toEqual([{ key }]);
  });
});
