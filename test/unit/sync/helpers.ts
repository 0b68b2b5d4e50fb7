import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { systemClock, type Clock } from '../../../electron/core/clock/clock.ts';
import { enrol } from '../../../electron/core/sync/enrolment.ts';
import {
  openSyncService,
  type SyncService,
  type SyncServiceOptions,
} from '../../../electron/core/sync/sync-service.ts';
import {
  startDevPlatform,
  type DevPlatform,
  type DevPlatformOptions,
} from '../../../platform/dev-platform.ts';
import type { SubmitInput } from '../../../electron/core/sync/outbox.ts';
import type { ProfileName } from '../../../electron/core/sync/crypto-adapter.ts';

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** A resident's application with recognisable personal data, so tests can grep for it. */
export const RESIDENT = {
  name: '王小明',
  idNumber: '11010519491231002X',
  phone: '13800138000',
  address: '北京市朝阳区幸福路1号',
};

export function sampleApplication(i = 0, attachmentBytes = [30_000, 20_000]): SubmitInput {
  return {
    matterCode: 'XK-00012-000',
    application: { applicant: { ...RESIDENT, seq: i }, form: { reason: '补领', copies: 1 } },
    attachments: attachmentBytes.map((n, j) => ({
      kind: j === 0 ? 'id-card-front' : `material-${j}`,
      mime: 'image/jpeg',
      // Real-looking bytes that include the ID number, as a scan would.
      data: Buffer.concat([
        Buffer.from(`JFIF ${RESIDENT.idNumber} ${RESIDENT.name} `),
        crypto.randomBytes(n),
      ]),
    })),
  };
}

export interface Rig {
  dir: string;
  platform: DevPlatform;
  store: Store;
  db: Database.Database;
  svc: SyncService;
  reopen(extra?: Partial<SyncServiceOptions>): SyncService;
  close(): Promise<void>;
}

export async function makeRig(
  o: {
    profile?: ProfileName;
    platform?: Partial<DevPlatformOptions>;
    clock?: Clock;
    svc?: Partial<SyncServiceOptions>;
    platformUrl?: (p: DevPlatform) => string;
    caFile?: string;
  } = {},
): Promise<Rig> {
  const dir = tmpDir('sync-rig');
  const platform = await startDevPlatform({ dataDir: path.join(dir, 'platform'), ...o.platform });
  const store = openStore(path.join(dir, 'kiosk', 'kiosk.db'));
  await enrol({
    db: store.db,
    dataDir: path.join(dir, 'kiosk'),
    platformUrl: o.platformUrl?.(platform) ?? platform.url,
    code: platform.createEnrolmentCode(),
    kioskId: 'TEST-0001',
    profile: o.profile ?? 'gm',
    caFile: o.caFile ?? null,
  });
  const open = (extra: Partial<SyncServiceOptions> = {}): SyncService =>
    openSyncService({
      db: store.db,
      dataDir: path.join(dir, 'kiosk'),
      clock: o.clock ?? systemClock,
      random: () => 0.5,
      kioskId: 'TEST-0001',
      timeoutMs: 3000,
      relay: { backoffBaseMs: 10, backoffMaxMs: 50, chunkBytes: 64 * 1024 },
      ...o.svc,
      ...extra,
    });
  const rig: Rig = {
    dir,
    platform,
    store,
    db: store.db,
    svc: open(),
    reopen(extra) {
      void rig.svc.stop();
      rig.svc = open(extra);
      return rig.svc;
    },
    async close() {
      await rig.svc.stop();
      store.close();
      await platform.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Runs relay passes (ignoring backoff) until nothing is left or the pass limit is hit. */
export async function drain(svc: SyncService, passes = 20): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await svc.syncNow();
    const s = svc.summary();
    if (s.rows.pending + s.rows.inDoubt + s.rows.sending === 0) return;
  }
}

/** Platform-side truth: rows per key, materials with digests recomputed from the stored files. */
export function platformView(
  p: DevPlatform,
): Map<string, { count: number; materials: { id: string; digest: string; fileOk: boolean }[] }> {
  const out = new Map<
    string,
    { count: number; materials: { id: string; digest: string; fileOk: boolean }[] }
  >();
  for (const r of p.db.prepare('SELECT key, COUNT(*) AS n FROM application GROUP BY key').all() as {
    key: string;
    n: number;
  }[]) {
    const mats = p.db
      .prepare('SELECT attachment_id AS id, digest FROM material WHERE app_key = ?')
      .all(r.key) as { id: string; digest: string }[];
    out.set(r.key, {
      count: r.n,
      materials: mats.map((m) => {
        // Opened the way an operator opens it: the sealed upload checked against its digest,
        // decrypted with the application's content key, and the plaintext against the kiosk's.
        let fileOk: boolean;
        try {
          fileOk = p.readMaterial(m.id) !== null;
        } catch {
          fileOk = false;
        }
        return { id: m.id, digest: m.digest, fileOk };
      }),
    });
  }
  return out;
}
