import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../../electron/core/store/migrations.ts';
import { openStore } from '../../../../electron/core/store/store.ts';
import { StoreError } from '../../../../electron/core/store/errors.ts';

let dir: string;
let migrationsDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-mig-'));
  migrationsDir = path.join(dir, 'migrations');
  fs.mkdirSync(migrationsDir);
  fs.writeFileSync(
    path.join(migrationsDir, '0010-first.sql'),
    'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;',
  );
  fs.writeFileSync(path.join(migrationsDir, '0020-second.sql'), 'CREATE INDEX a_v ON a (v);');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('numbered forward-only migrations on a real SQLite file', () => {
  it('upgrades an empty database to the latest version, in order', () => {
    const store = openStore(path.join(dir, 'k.db'), loadMigrations(migrationsDir));
    expect(store.migration).toEqual({ from: 0, to: 20, applied: [10, 20] });
    expect(store.db.pragma('user_version', { simple: true })).toBe(20);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'a_v'").get()).toBeTruthy();
    store.close();
  });

  it('is idempotent: a second open applies nothing and keeps the data', () => {
    const file = path.join(dir, 'k.db');
    const first = openStore(file, loadMigrations(migrationsDir));
    first.db.prepare('INSERT INTO a (v) VALUES (?)').run('kept');
    first.close();
    const second = openStore(file, loadMigrations(migrationsDir));
    expect(second.migration).toEqual({ from: 20, to: 20, applied: [] });
    expect(second.db.prepare('SELECT v FROM a').all()).toEqual([{ v: 'kept' }]);
    second.close();
  });

  it('applies only the new step when the build adds a migration', () => {
    const file = path.join(dir, 'k.db');
    openStore(file, loadMigrations(migrationsDir)).close();
    fs.writeFileSync(path.join(migrationsDir, '0030-third.sql'), 'ALTER TABLE a ADD COLUMN w TEXT;');
    const store = openStore(file, loadMigrations(migrationsDir));
    expect(store.migration).toEqual({ from: 20, to: 30, applied: [30] });
    store.close();
  });

  it('refuses a database written by a newer build, and leaves it untouched', () => {
    const file = path.join(dir, 'k.db');
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.close();
    const err = (() => {
      try {
        openStore(file, loadMigrations(migrationsDir));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('from-future');
    expect((err as StoreError).message).toContain('请升级终端软件');
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(9990);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('refuses to run when an applied migration was edited afterwards', () => {
    const file = path.join(dir, 'k.db');
    openStore(file, loadMigrations(migrationsDir)).close();
    fs.writeFileSync(
      path.join(migrationsDir, '0010-first.sql'),
      'CREATE TABLE a (id INTEGER PRIMARY KEY) STRICT;',
    );
    expect(() => openStore(file, loadMigrations(migrationsDir))).toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration whole: the version does not move', () => {
    const file = path.join(dir, 'k.db');
    openStore(file, loadMigrations(migrationsDir)).close();
    fs.writeFileSync(
      path.join(migrationsDir, '0030-broken.sql'),
      'CREATE TABLE b (x TEXT) STRICT; SELECT nonsense(;',
    );
    expect(() => openStore(file, loadMigrations(migrationsDir))).toThrow(StoreError);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('opens with WAL, synchronous=FULL and foreign keys on', () => {
    const store = openStore(path.join(dir, 'k.db'), loadMigrations(migrationsDir));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('rejects badly named migration files and duplicate versions', () => {
    fs.writeFileSync(path.join(migrationsDir, 'oops.sql'), 'SELECT 1;');
    expect(() => loadMigrations(migrationsDir)).toThrow(/NNNN-name\.sql/);
    fs.rmSync(path.join(migrationsDir, 'oops.sql'));
    fs.writeFileSync(path.join(migrationsDir, '0020-again.sql'), 'SELECT 1;');
    expect(() => loadMigrations(migrationsDir)).toThrow(/share version 20/);
  });

  it('the shipped migrations apply cleanly to an empty database', () => {
    const db = new Database(':memory:');
    const res = migrate(db, loadMigrations());
    expect(res.from).toBe(0);
    expect(res.to).toBe(loadMigrations().at(-1)!.version);
    db.close();
  });
});
