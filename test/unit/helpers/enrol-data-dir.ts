import path from 'node:path';
import { openStore } from '../../../electron/core/store/store.ts';
import { enrol } from '../../../electron/core/sync/enrolment.ts';
import type { ProfileName } from '../../../electron/core/sync/crypto-adapter.ts';

/**
 * Enrols the kiosk whose data folder is `dataDir` with a dev platform, as `kioskctl enroll` or the
 * setup wizard would, before the kiosk starts (unit cores and e2e kiosks alike).
 */
export async function enrolDataDir(
  dataDir: string,
  platform: { url: string; createEnrolmentCode(): string },
  kioskId: string,
  profile: ProfileName = 'gm',
): Promise<void> {
  const store = openStore(path.join(dataDir, 'kiosk.db'));
  try {
    await enrol({
      db: store.db,
      dataDir,
      platformUrl: platform.url,
      code: platform.createEnrolmentCode(),
      kioskId,
      profile,
    });
  } finally {
    store.close();
  }
}
