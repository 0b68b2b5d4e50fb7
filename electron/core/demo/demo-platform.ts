import fs from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import { openStore } from '../store/store.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { systemClock } from '../clock/clock.ts';
import { fileModeSealer, type KeySealer } from '../secure/key-sealer.ts';
import { rewrapKioskKeys } from '../secure/key-rewrap.ts';

export interface DemoPlatform {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_PORT = 8790;

/**
 * Demo mode runs the whole loop on one machine: the dev platform starts in this process (its own
 * SQLite under <dataDir>/platform) and the kiosk enrols with it once, so submissions really sync and
 * the operator page shows them. Never in a configured (real) kiosk. KIOSK_DEMO_PLATFORM=0 turns it
 * off (tests that run several kiosks at once start their own platforms). The port is kept in the
 * data folder so the enrolled URL stays valid across restarts.
 */
export async function startDemoPlatform(
  config: KioskConfig,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  /** The shell's key sealer (Electron: safeStorage), so the demo kiosk's key is sealed like the core's. */
  sealer: KeySealer = fileModeSealer,
): Promise<DemoPlatform | null> {
  if (!config.demo || env.KIOSK_DEMO_PLATFORM === '0') return null;
  const dataDir = path.join(config.dataDir, 'platform');
  fs.mkdirSync(dataDir, { recursive: true });
  const portFile = path.join(dataDir, 'port');
  const wanted = Number(
    env.KIOSK_DEMO_PLATFORM_PORT ??
      (fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : DEFAULT_PORT),
  );
  const { startDevPlatform } = await import('../../../platform/dev-platform.ts');
  const { videoOptionsFromEnv } = await import('../../../platform/video/video-env.ts');
  // Demo agents (agent01 / banshi-demo-01) so 呼叫帮办 can be answered from the agent console.
  const video = videoOptionsFromEnv(env);
  let platform;
  try {
    platform = await startDevPlatform({ port: wanted, host: '127.0.0.1', dataDir, video });
  } catch {
    // Port taken (another kiosk on this machine): any free port, and enrol again below.
    platform = await startDevPlatform({ port: 0, host: '127.0.0.1', dataDir, video });
  }
  fs.writeFileSync(portFile, String(platform.port));

  const { enrol, loadIdentity } = await import('../sync/enrolment.ts');
  const store = openStore(path.join(config.dataDir, 'kiosk.db'));
  try {
    // This runs before createCore: a key moved under the keyring here is audited here.
    rewrapKioskKeys(config.dataDir, sealer, new AuditLog(store.db, systemClock));
    const identity = loadIdentity(store.db, config.dataDir, sealer);
    if (!identity || identity.platformUrl !== platform.url) {
      await enrol({
        db: store.db,
        dataDir: config.dataDir,
        platformUrl: platform.url,
        code: platform.createEnrolmentCode(),
        kioskId: config.kioskId,
        sealer,
      });
      log.info({ platform: platform.url }, 'demo kiosk enrolled with the dev platform');
    }
  } finally {
    store.close();
  }
  return { url: platform.url, close: () => platform.close() };
}
