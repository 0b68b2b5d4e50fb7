import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { AuditLog, GENESIS_HASH } from '../../../electron/core/audit/audit-log.ts';
import { AuditError } from '../../../electron/core/audit/audit-details.ts';
import { nativeSm3Available, sm3Hex, sm3HexPure } from '../../../electron/core/audit/sm3.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { runKioskctl } from '../helpers/run-kioskctl.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-audit-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An attacker with the file: the append-only triggers are dropped first, as they could be. */
function tamper(dbFile: string, sql: string): void {
  const db = new Database(dbFile);
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.exec(sql);
  db.close();
}

function fill(dir: string, n: number): string {
  const file = path.join(dir, 'kiosk.db');
  const store = openStore(file);
  const audit = new AuditLog(store.db, new FakeClock());
  for (let i = 1; i <= n; i++) audit.append('session.wipe', { session: `s${i}`, reason: 'idle', hooks: 2 });
  store.close();
  return file;
}

describe('SM3', () => {
  it('matches the GB/T 32905 "abc" vector, natively and in pure JS', () => {
    const v = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    expect(sm3HexPure('abc')).toBe(v);
    expect(sm3Hex('abc')).toBe(v);
    expect(typeof nativeSm3Available).toBe('boolean');
    const long = 'abcd'.repeat(16);
    expect(sm3HexPure(long)).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('audit log', () => {
  it('chains every record to the one before it with SM3, starting from the genesis hash', () => {
    const store = openStore(':memory:');
    const audit = new AuditLog(store.db, new FakeClock());
    const a = audit.append('technician.enter', { minutes: 20 }, { actor: 'technician' });
    const b = audit.append('session.start', { session: 'abc' }, { actor: 'resident' });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(audit.head()).toBe(b.hash);
    expect(audit.verify()).toEqual({ ok: true, count: 2, head: b.hash, problems: [] });
    store.close();
  });

  it('refuses details that could hold personal data, and writes nothing for them', () => {
    const store = openStore(':memory:');
    const audit = new AuditLog(store.db, new FakeClock());
    expect(() => audit.append('consent.decision', { name: '张三' })).toThrow(AuditError);
    expect(() => audit.append('consent.decision', { 申请人姓名: 'x' })).toThrow(AuditError);
    expect(() => audit.append('consent.decision', { note: '110101199003074514' })).toThrow(/personal/);
    expect(() => audit.append('consent.decision', { note: '联系 13912345678' })).toThrow(/personal/);
    expect(() => audit.append('consent.decision', { n: 13912345678 })).toThrow(/personal/);
    expect(() => audit.append('consent.decision', { nested: { a: 1 } as never })).toThrow(AuditError);
    expect(() => audit.append('Bad Kind', {})).toThrow(AuditError);
    expect(audit.count()).toBe(0);
    audit.append('consent.decision', { matter: 'birth-registration', purpose: 'verify', granted: true });
    expect(audit.verify().ok).toBe(true);
    store.close();
  });

  it('is append-only in the database: an UPDATE or DELETE is refused', () => {
    const store = openStore(':memory:');
    const audit = new AuditLog(store.db, new FakeClock());
    audit.append('app.start', { shell: 'web' });
    expect(() => store.db.prepare("UPDATE audit_log SET kind = 'x.y'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    store.close();
  });

  it('keeps one linear chain when two connections (kiosk and kioskctl) append to the same file', () => {
    const file = path.join(tempDir(), 'kiosk.db');
    const s1 = openStore(file);
    const s2 = openStore(file);
    const a1 = new AuditLog(s1.db, new FakeClock());
    const a2 = new AuditLog(s2.db, new FakeClock());
    for (let i = 0; i < 10; i++) {
      a1.append('session.start', { session: `k${i}` });
      a2.append('technician.pin-set', { replaced: true }, { actor: 'cli' });
    }
    expect(a1.verify()).toMatchObject({ ok: true, count: 20 });
    s1.close();
    s2.close();
  });
});

describe('kioskctl audit verify on the real SQLite file', () => {
  it('passes on an intact chain', () => {
    const dir = tempDir();
    fill(dir, 5);
    const r = runKioskctl(['audit', 'verify'], { dataDir: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('共 5 条');
  });

  it('fails on an edited record and names its number', () => {
    const dir = tempDir();
    const file = fill(dir, 6);
    tamper(
      file,
      `UPDATE audit_log SET details = '{"hooks":2,"reason":"finished","session":"s4"}' WHERE seq = 4`,
    );
    const r = runKioskctl(['audit', 'verify'], { dataDir: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('第 4 条');
    const json = JSON.parse(runKioskctl(['audit', 'verify', '--json'], { dataDir: dir }).stdout) as {
      problems: unknown[];
    };
    expect(json.problems).toEqual([{ seq: 4, problem: 'hash-mismatch' }]);
  });

  it('fails when an edit also recomputes the record hash (the next link breaks)', async () => {
    const dir = tempDir();
    const file = fill(dir, 6);
    const { recordHash } = await import('../../../electron/core/audit/audit-log.ts');
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_log_no_update');
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Record<string, never>;
    const forged = { ...(row as object), details: '{"hooks":0,"reason":"idle","session":"s2"}' } as never;
    db.prepare('UPDATE audit_log SET details = ?, hash = ? WHERE seq = 2').run(
      (forged as { details: string }).details,
      recordHash(forged),
    );
    db.close();
    const r = JSON.parse(runKioskctl(['audit', 'verify', '--json'], { dataDir: dir }).stdout) as {
      ok: boolean;
      problems: unknown[];
    };
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: 3, problem: 'broken-link' }]);
  });

  it('fails on a deleted record', () => {
    const dir = tempDir();
    const file = fill(dir, 6);
    tamper(file, 'DELETE FROM audit_log WHERE seq = 3');
    const r = runKioskctl(['audit', 'verify', '--json'], { dataDir: dir });
    expect(r.code).toBe(3);
    expect((JSON.parse(r.stdout) as { problems: unknown[] }).problems).toEqual([
      { seq: 3, problem: 'missing' },
      { seq: 4, problem: 'broken-link' },
    ]);
  });

  it('fails on reordered records', () => {
    const dir = tempDir();
    const file = fill(dir, 6);
    tamper(
      file,
      'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -1;',
    );
    const r = runKioskctl(['audit', 'verify', '--json'], { dataDir: dir });
    expect(r.code).toBe(3);
    const seqs = (JSON.parse(r.stdout) as { problems: { seq: number }[] }).problems.map((p) => p.seq);
    expect(seqs).toContain(2);
    expect(seqs).toContain(5);
  });
});

describe('what the core audits by itself', () => {
  let t: TestCore | null = null;
  afterEach(async () => {
    await t?.cleanup();
    t = null;
  });

  it('records app start, config, and each resident session start and wipe, without personal data', async () => {
    t = await makeTestCore();
    const { core } = t;
    const s = core.sessions.start();
    core.sessions.onWipe(() => {
      throw new Error('a failing wipe hook is still counted');
    });
    core.sessions.end('idle');
    const kinds = core.audit
      .recent(20)
      .map((r) => r.kind)
      .reverse();
    expect(kinds).toEqual(['app.start', 'config.change', 'session.start', 'session.wipe']);
    const wipe = core.audit.recent(1, 'session.wipe')[0]!;
    expect(wipe.details).toMatchObject({ session: s.id, reason: 'idle', failedHooks: 1 });
    expect(core.audit.verify().ok).toBe(true);
  });

  it('records a configuration change between starts, with the sections that changed', async () => {
    const dir = tempDir();
    const cfg = path.join(dir, 'config.json');
    fs.writeFileSync(cfg, JSON.stringify({ siteName: '东城邮局', ui: { idleSeconds: 60 } }));
    t = await makeTestCore({ env: { KIOSK_DATA_DIR: dir, KIOSK_CONFIG: cfg } });
    await t.core.close();
    fs.writeFileSync(cfg, JSON.stringify({ siteName: '东城邮局', ui: { idleSeconds: 90 } }));
    const again = await makeTestCore({ env: { KIOSK_DATA_DIR: dir, KIOSK_CONFIG: cfg } });
    const changes = again.core.audit.recent(10, 'config.change');
    expect(changes).toHaveLength(2);
    expect(changes[0]!.details).toMatchObject({ first: false, sections: 'ui' });
    await again.cleanup();
    fs.rmSync(t.dataDir, { recursive: true, force: true });
    t = null;
  });
});
