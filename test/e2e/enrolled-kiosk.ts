import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKiosk, type KioskProcess } from './kiosk-process.ts';
import { startDevPlatform, type DevPlatform, type DevPlatformOptions } from '../../platform/dev-platform.ts';
import { enrolDataDir } from '../unit/helpers/enrol-data-dir.ts';

export interface EnrolledKiosk {
  root: string;
  platform: DevPlatform;
  kiosk: KioskProcess;
  /** Stops the kiosk and the platform and removes their folders. */
  close(): Promise<void>;
}

/**
 * A dev platform (real HTTP server, own database) and a browser-mode kiosk enrolled with it, the
 * way a technician's setup leaves them: for specs where the kiosk must talk to its platform.
 */
export async function startEnrolledKiosk(
  kioskId: string,
  platformOptions: Omit<DevPlatformOptions, 'dataDir'> = {},
): Promise<EnrolledKiosk> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-enrolled-'));
  const platform = await startDevPlatform({ ...platformOptions, dataDir: path.join(root, 'platform') });
  const dataDir = path.join(root, 'kiosk');
  await enrolDataDir(dataDir, platform, kioskId);
  const kiosk = await startKiosk({ KIOSK_DATA_DIR: dataDir, KIOSK_ID: kioskId });
  return {
    root,
    platform,
    kiosk,
    async close() {
      await kiosk.stop();
      await platform.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
