import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { StoreError } from './errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Files are named NNNN-what.sql (steps of 10, so a fix can slot in); the number is the version. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const out: Migration[] = [];
  for (const file of files) {
    const m = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file);
    if (!m) throw new StoreError('bad-migration', `migration file name must be NNNN-name.sql: ${file}`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    out.push({
      version: Number(m[1]),
      name: m[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new StoreError('bad-migration', `two migrations share version ${out[i]!.version}`);
    }
  }
  return out;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: number[];
}

/**
 * Applies pending migrations, each in its own transaction together with its bookkeeping row and
 * PRAGMA user_version, so a crash leaves the database at a whole version. Refuses a database written
 * by a newer build (its schema is unknown to us) and one whose applied migrations were edited.
 */
export function migrate(db: Database.Database, migrations: Migration[]): MigrateResult {
  const latest = migrations.at(-1)?.version ?? 0;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) {
    throw new StoreError(
      'from-future',
      `数据库版本 ${from} 高于本程序支持的版本 ${latest}：请升级终端软件，不要降级 (database is from a newer build)`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Map(
    (
      db.prepare('SELECT version, checksum FROM schema_migrations').all() as {
        version: number;
        checksum: string;
      }[]
    ).map((r) => [r.version, r.checksum]),
  );
  for (const m of migrations) {
    const sum = applied.get(m.version);
    if (sum !== undefined && sum !== m.checksum) {
      throw new StoreError('diverged', `migration ${m.version}-${m.name} was changed after it was applied`);
    }
  }
  const done: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    const run = db.transaction(() => {
      db.exec(m.sql);
      db.prepare(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
      ).run(m.version, m.name, m.checksum, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      run();
    } catch (e) {
      throw new StoreError(
        'bad-migration',
        `migration ${m.version}-${m.name} failed: ${(e as Error).message}`,
      );
    }
    done.push(m.version);
  }
  return { from, to: db.pragma('user_version', { simple: true }) as number, applied: done };
}
