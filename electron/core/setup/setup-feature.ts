import type Database from 'better-sqlite3';
import { KioskError } from '../../contract/index.ts';
import type { setupCalls } from '../../contract/setup.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { enrol, EnrolmentError, loadIdentity } from '../sync/enrolment.ts';
import { fileModeSealer } from '../secure/key-sealer.ts';
import { PinRejectedError, type TechnicianAuth } from '../technician/technician-auth.ts';
import type { SelfTestResult } from '../health/self-test.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import type { DeviceTestName, DeviceTestResult } from '../../contract/setup.ts';

type SetupCallName = keyof typeof setupCalls;

const META = 'setup.site';
const DONE = 'setup.completed';

interface Site {
  siteName: string;
  regionCode: string;
  platformUrl: string;
}

function readMeta(db: Database.Database, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null
  );
}
function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * The first-boot wizard's core side. Open to the screen only until setup is finished (a kiosk
 * waiting for its technician has no PIN yet); afterwards re-enrolment needs technician mode.
 */
export function createSetupFeature(
  deps: CoreDeps,
  opts: {
    technician: TechnicianAuth;
    selfTest: () => Promise<SelfTestResult>;
    deviceTest: (device: DeviceTestName) => Promise<DeviceTestResult>;
  },
): Feature<SetupCallName> {
  const { db, config, audit } = deps;
  const site = (): Site | null => {
    const raw = readMeta(db, META);
    return raw ? (JSON.parse(raw) as Site) : null;
  };
  const provisioned = (): boolean => readMeta(db, DONE) !== null;
  const enrolled = (): boolean => {
    try {
      return loadIdentity(db, config.dataDir, deps.sealer ?? fileModeSealer) !== null;
    } catch {
      return false;
    }
  };
  const status = () => {
    const s = site();
    return {
      required: config.setup.required,
      provisioned: provisioned(),
      enrolled: enrolled(),
      kioskId: config.kioskId,
      siteName: s?.siteName ?? null,
      regionCode: s?.regionCode ?? null,
      platformUrl: s?.platformUrl ?? null,
    };
  };
  const guard = (): void => {
    if (provisioned() && !opts.technician.isActive()) {
      throw new KioskError(
        'unauthorized',
        'setup is finished; technician mode is needed to change it',
        'technician.required',
      );
    }
  };
  return {
    handlers: {
      'setup.status': () => status(),
      'setup.enrol': async (req) => {
        guard();
        try {
          await enrol({
            db,
            dataDir: config.dataDir,
            platformUrl: req.platformUrl,
            code: req.enrolmentCode,
            kioskId: config.kioskId,
            ...(deps.sealer ? { sealer: deps.sealer } : {}),
            now: () => deps.clock.now(),
          });
        } catch (e) {
          audit.append(
            AUDIT_KINDS.setupEnrol,
            { ok: false, platform: new URL(req.platformUrl).host },
            { actor: 'technician' },
          );
          if (e instanceof EnrolmentError) throw new KioskError('rejected', e.message, 'setup.enrolRefused');
          throw new KioskError(
            'offline',
            `enrolment failed: ${(e as Error).message}`,
            'setup.platformUnreachable',
          );
        }
        writeMeta(
          db,
          META,
          JSON.stringify({
            siteName: req.siteName,
            regionCode: req.regionCode,
            platformUrl: req.platformUrl,
          }),
        );
        audit.append(
          AUDIT_KINDS.setupEnrol,
          { ok: true, platform: new URL(req.platformUrl).host, regionCode: req.regionCode },
          { actor: 'technician' },
        );
        return status();
      },
      'setup.selftest': () => {
        guard();
        return opts.selfTest();
      },
      'setup.devicetest': async ({ device }) => {
        guard();
        const r = await opts.deviceTest(device);
        audit.append(
          AUDIT_KINDS.deviceTest,
          { device, outcome: r.outcome, ms: Math.round(r.ms) },
          { actor: 'technician' },
        );
        return r;
      },
      'setup.cameraTest': ({ role, outcome }) => {
        guard();
        audit.append(
          AUDIT_KINDS.deviceTest,
          { device: `camera-${role}`, outcome, ms: 0 },
          { actor: 'technician' },
        );
        return { recorded: true };
      },
      'setup.finish': async (req) => {
        guard();
        if (!enrolled() || !site())
          throw new KioskError('conflict', 'enrol the kiosk before finishing setup', 'setup.enrolFirst');
        try {
          await opts.technician.setPin(req.pin, 'technician');
        } catch (e) {
          if (e instanceof PinRejectedError) throw new KioskError('bad-request', e.message, 'setup.weakPin');
          throw e;
        }
        writeMeta(db, DONE, new Date(deps.clock.now()).toISOString());
        audit.append(AUDIT_KINDS.setupComplete, { regionCode: site()!.regionCode }, { actor: 'technician' });
        return status();
      },
    },
  };
}
