import path from 'node:path';
import Database from 'better-sqlite3';
import { loadOrCreateDataKey } from '../../../electron/core/secure/key-sealer.ts';
import { createGmProfile } from '../../../electron/core/sync/crypto-adapter.ts';
import type { ApplicationRecord } from '../../../electron/core/flows/flow-submission.ts';

export interface StoredApplication {
  key: string;
  state: string;
  record: ApplicationRecord;
  attachments: { kind: string; mime: string; size: number }[];
  outbox: { seq: number; type: string; status: string }[];
  /** The evaluation rows, opened (they are sealed like the application). */
  evaluations: Record<string, unknown>[];
}

/**
 * Reads what the kiosk stored for a receipt number straight from its SQLite file, opening the
 * sealed payload with the kiosk's data key: the test sees exactly what sync will relay.
 */
export function readStoredApplication(dataDir: string, receiptNo: string): StoredApplication | null {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
  try {
    const key = loadOrCreateDataKey(path.join(dataDir, 'keys'));
    const profile = createGmProfile();
    const r = db.prepare('SELECT app_key FROM flow_receipt WHERE receipt_no = ?').get(receiptNo) as
      { app_key: string } | undefined;
    if (!r) return null;
    const app = db
      .prepare('SELECT key, state, payload FROM sync_application WHERE key = ?')
      .get(r.app_key) as {
      key: string;
      state: string;
      payload: Buffer;
    };
    const body = JSON.parse(profile.open(key, app.payload).toString('utf8')) as {
      application: ApplicationRecord;
    };
    const outbox = db
      .prepare('SELECT seq, type, status, payload FROM sync_outbox WHERE app_key = ? ORDER BY seq')
      .all(app.key) as { seq: number; type: string; status: string; payload: Buffer | null }[];
    return {
      key: app.key,
      state: app.state,
      record: body.application,
      attachments: db
        .prepare('SELECT kind, mime, size FROM sync_attachment WHERE app_key = ? ORDER BY seq')
        .all(app.key) as StoredApplication['attachments'],
      outbox: outbox.map(({ seq, type, status }) => ({ seq, type, status })),
      evaluations: outbox
        .filter((o) => o.type === 'evaluate' && o.payload)
        .map((o) => JSON.parse(profile.open(key, o.payload!).toString('utf8')) as Record<string, unknown>),
    };
  } finally {
    db.close();
  }
}
