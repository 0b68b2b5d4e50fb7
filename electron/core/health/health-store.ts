import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { DeviceStatus } from '../../contract/index.ts';

/** Persists what health is computed from, so kioskctl (another process) sees what the kiosk sees. */
export class HealthStore {
  private readonly db: Database.Database;
  constructor(db: Database.Database) {
    this.db = db;
  }

  saveDevice(d: DeviceStatus, at: string): void {
    this.db
      .prepare(
        `INSERT INTO device_state (id, kind, state, simulated, message_key, detail, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, state = excluded.state, simulated = excluded.simulated,
           message_key = excluded.message_key, detail = excluded.detail, updated_at = excluded.updated_at`,
      )
      .run(d.id, d.kind, d.state, d.simulated ? 1 : 0, d.messageKey, d.detail.slice(0, 200), at);
  }

  devices(): DeviceStatus[] {
    const rows = this.db.prepare('SELECT * FROM device_state ORDER BY id').all() as {
      id: string;
      kind: DeviceStatus['kind'];
      state: DeviceStatus['state'];
      simulated: number;
      message_key: string;
      detail: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      simulated: r.simulated === 1,
      messageKey: r.message_key,
      detail: r.detail,
    }));
  }

  saveInputs(i: { queueDepth: number; lastSyncAt: string | null; skewMs: number | null }, at: string): void {
    this.db
      .prepare(
        `INSERT INTO health_inputs (id, queue_depth, last_sync_at, skew_ms, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET queue_depth = excluded.queue_depth, last_sync_at = excluded.last_sync_at,
           skew_ms = excluded.skew_ms, updated_at = excluded.updated_at`,
      )
      .run(i.queueDepth, i.lastSyncAt, i.skewMs === null ? null : Math.round(i.skewMs), at);
  }

  inputs(): {
    queueDepth: number;
    lastSyncAt: string | null;
    skewMs: number | null;
    updatedAt: string | null;
  } {
    const r = this.db.prepare('SELECT * FROM health_inputs WHERE id = 1').get() as
      | { queue_depth: number; last_sync_at: string | null; skew_ms: number | null; updated_at: string }
      | undefined;
    return r
      ? { queueDepth: r.queue_depth, lastSyncAt: r.last_sync_at, skewMs: r.skew_ms, updatedAt: r.updated_at }
      : { queueDepth: 0, lastSyncAt: null, skewMs: null, updatedAt: null };
  }
}

export function diskUsage(dir: string): { freeBytes: number; totalBytes: number } | null {
  try {
    const s = fs.statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}
