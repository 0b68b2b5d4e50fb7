import type Database from 'better-sqlite3';

/**
 * What technicians (kioskctl sync status, the maintenance screen) and the renderer see of the
 * outbox. Read straight from the database, so the CLI shows the same as the running kiosk.
 * Nothing here is personal: keys are random UUIDs, errors are platform status lines.
 */
export interface SyncSummary {
  enrolled: boolean;
  platformUrl: string | null;
  profile: string | null;
  applications: { queued: number; confirmed: number; rejected: number };
  rows: { pending: number; sending: number; inDoubt: number; confirmed: number; rejected: number };
  /** Rows kept for a technician: the platform refused them (4xx). */
  rejected: { appKey: string; type: string; error: string; at: number }[];
  /** Rows that failed recently and wait for their next attempt. */
  retrying: { appKey: string; type: string; attempts: number; nextAt: number; error: string }[];
  lastSyncAt: number | null;
  purgedTotal: number;
}

export function readSyncSummary(db: Database.Database): SyncSummary {
  const enr = db.prepare('SELECT platform_url, profile FROM sync_enrolment WHERE id = 1').get() as
    { platform_url: string; profile: string } | undefined;
  const apps = { queued: 0, confirmed: 0, rejected: 0 };
  for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM sync_application GROUP BY state').all() as {
    state: keyof typeof apps;
    n: number;
  }[])
    apps[r.state] = r.n;
  const rows = { pending: 0, sending: 0, inDoubt: 0, confirmed: 0, rejected: 0 };
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM sync_outbox GROUP BY status').all() as {
    status: string;
    n: number;
  }[]) {
    if (r.status === 'in-doubt') rows.inDoubt = r.n;
    else rows[r.status as 'pending'] = r.n;
  }
  const rejected = (
    db
      .prepare(
        "SELECT app_key, type, last_error, updated_at FROM sync_outbox WHERE status = 'rejected' ORDER BY updated_at DESC LIMIT 50",
      )
      .all() as { app_key: string; type: string; last_error: string | null; updated_at: number }[]
  ).map((r) => ({ appKey: r.app_key, type: r.type, error: r.last_error ?? '', at: r.updated_at }));
  const retrying = (
    db
      .prepare(
        `SELECT app_key, type, attempts, next_at, last_error FROM sync_outbox
         WHERE status IN ('pending', 'in-doubt') AND attempts > 0 ORDER BY next_at LIMIT 50`,
      )
      .all() as {
      app_key: string;
      type: string;
      attempts: number;
      next_at: number;
      last_error: string | null;
    }[]
  ).map((r) => ({
    appKey: r.app_key,
    type: r.type,
    attempts: r.attempts,
    nextAt: r.next_at,
    error: r.last_error ?? '',
  }));
  const last = db.prepare("SELECT value FROM sync_meta WHERE key = 'last_sync_at'").get() as
    { value: string } | undefined;
  const purged = db.prepare("SELECT COUNT(*) AS n FROM sync_audit WHERE event = 'purged'").get() as {
    n: number;
  };
  return {
    enrolled: !!enr,
    platformUrl: enr?.platform_url ?? null,
    profile: enr?.profile ?? null,
    applications: apps,
    rows,
    rejected,
    retrying,
    lastSyncAt: last ? Number(last.value) : null,
    purgedTotal: purged.n,
  };
}

/** Stamps the time of the last relay pass (the maintenance screen shows a stalled relay). */
export function markChanged(db: Database.Database, now: number): void {
  db.prepare("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('last_pass_at', ?)").run(String(now));
}

/** kioskctl sync now while the kiosk runs: leave a request its relay picks up on its next wake. */
export function requestKick(db: Database.Database, now: number): void {
  db.prepare("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('kick', ?)").run(String(now));
}
