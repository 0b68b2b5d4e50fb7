import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store/store.ts';
import { systemClock } from '../../../electron/core/clock/clock.ts';
import { openSyncService } from '../../../electron/core/sync/sync-service.ts';
import { startDevPlatform, type DevPlatform } from '../../../platform/dev-platform.ts';
import { sampleApplication, tmpDir } from './helpers.ts';
import { runKioskctlAsync } from '../helpers/run-kioskctl.ts';

let platform: DevPlatform | null = null;
afterEach(async () => {
  await platform?.close();
  platform = null;
});

async function kioskctl(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const r = await runKioskctlAsync(args, { dataDir, env: { KIOSK_ID: 'CLI-0001' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('kioskctl enroll / sync status / sync now', () => {
  it('enrols with a code, shows the queue, drains it, and refuses a used code for another kiosk', async () => {
    const dir = tmpDir('kioskctl-sync');
    platform = await startDevPlatform({ dataDir: path.join(dir, 'platform') });
    const kiosk = path.join(dir, 'kiosk');
    const code = platform.createEnrolmentCode();
    const e = await kioskctl(kiosk, 'enroll', '--platform', platform.url, '--code', code);
    expect(e.out).toMatch(/登记成功 enrolled: CLI-0001/);
    expect(e.code).toBe(0);

    // Queue two applications the way the kiosk core would, then look and sync from the CLI.
    const store = openStore(path.join(kiosk, 'kiosk.db'));
    const svc = openSyncService({ db: store.db, dataDir: kiosk, clock: systemClock, kioskId: 'CLI-0001' });
    svc.submit(sampleApplication(1));
    svc.submit(sampleApplication(2));
    await svc.stop();
    store.close();

    const before = await kioskctl(kiosk, 'sync', 'status');
    expect(before.out).toMatch(/待上报 queued 2/);
    const now = await kioskctl(kiosk, 'sync', 'now');
    expect(now.code).toBe(0);
    expect(now.out).toMatch(/已确认 confirmed 6/);
    const after = await kioskctl(kiosk, 'sync', 'status', '--json');
    expect(JSON.parse(after.out)).toMatchObject({ applications: { queued: 0, confirmed: 2 } });
    expect(platform.db.prepare('SELECT COUNT(*) AS n FROM application').get()).toEqual({ n: 2 });

    const other = await kioskctl(
      path.join(dir, 'other'),
      'enroll',
      '--platform',
      platform.url,
      '--code',
      code,
    );
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/登记码无效/);
  });
});
