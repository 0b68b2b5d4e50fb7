import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../electron/core/store/migrations.ts';
import { statementCache } from '../electron/core/store/statements.ts';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The platform's own SQLite file, WAL + FULL like the kiosk: an intake answered 201 is durable. */
export function openPlatformStore(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, loadMigrations(MIGRATIONS));
  // Every request runs the same few dozen statements; preparing them anew each time was a visible
  // share of the platform's CPU in the drain bench. The platform's code never switches a
  // statement's mode (pluck/raw/expand) or iterates, so one shared statement per SQL text is safe;
  // better-sqlite3's own calls (pragma() plucks) pass extra arguments and are left alone.
  const prepare = db.prepare.bind(db) as (...args: unknown[]) => Database.Statement;
  const cached = statementCache(db);
  db.prepare = ((...args: unknown[]) =>
    args.length === 1 && typeof args[0] === 'string'
      ? cached(args[0])
      : prepare(...args)) as typeof db.prepare;
  return db;
}
