import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, type Migration, type MigrateResult } from './migrations.ts';
import { StoreError } from './errors.ts';

export interface Store {
  readonly db: Database.Database;
  readonly file: string;
  readonly migration: MigrateResult;
  close(): void;
}

/**
 * Opens the kiosk database: WAL so readers never block the writer, synchronous=FULL because an
 * accepted application must survive a power cut, foreign keys on, then migrates.
 */
export function openStore(file: string, migrations: Migration[] = loadMigrations()): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new StoreError('corrupted', `cannot open database ${file}: ${(e as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MB of page cache (default 2 MB): the catalogue's search indexes stay in memory between
    // keystrokes instead of being re-read after a sync or an import has walked other tables.
    db.pragma('cache_size = -32768');
    const migration = migrate(db, migrations);
    return { db, file, migration, close: () => db.close() };
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    const msg = (e as Error).message;
    throw new StoreError(/not a database|malformed/i.test(msg) ? 'corrupted' : 'readonly', msg);
  }
}
