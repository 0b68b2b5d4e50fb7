import type Database from 'better-sqlite3';

/**
 * One prepared statement per SQL text, for code that runs the same few statements thousands of
 * times (the sync relay's drain, the platform's intake): preparing anew each time showed in the
 * drain profiles. Only for statements whose mode (pluck/raw/expand) is never switched.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  // Bound now: a caller may then route db.prepare itself through this cache (platform-store.ts).
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = prepare(sql)));
    return st;
  };
}

const levels = new WeakMap<Database.Database, number>();

/**
 * Runs `fn` with synchronous=NORMAL: in WAL mode its commits survive a process crash but not a
 * power cut, and cost no fsync. For bookkeeping whose loss only means doing a step again (which
 * upload is in progress, which row is being sent); never for what a resident or kiosk was told
 * is kept. The connection's own level is restored afterwards.
 */
export function relaxedCommit<T>(db: Database.Database, fn: () => T): T {
  let level = levels.get(db);
  if (level === undefined) levels.set(db, (level = db.pragma('synchronous', { simple: true }) as number));
  if (level < 2) return fn();
  db.exec('PRAGMA synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.exec(`PRAGMA synchronous = ${level}`);
  }
}
