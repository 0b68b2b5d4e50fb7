import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { runKioskctl } from '../helpers/run-kioskctl.ts';

// 2026-01-05 (Monday) 14:00 China time; the quiet window is 03:00–04:30.
const START = Date.UTC(2026, 0, 5, 6, 0);

let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

describe('self-test', () => {
  it('runs once a day in the quiet window with the drivers’ live checks, and audits which failed', async () => {
    const clock = new FakeClock(START);
    t = await makeTestCore({ clock });
    const { core } = t;
    let receiptPrints = 0;
    core.health.addSelfTest({
      name: 'printer-test-receipt',
      run: () => ({ ok: ++receiptPrints > 0, detail: 'printed' }),
    });
    core.health.addSelfTest({
      name: 'idcard-read',
      run: () => ({ ok: false, detail: 'no answer from SAM module' }),
    });

    clock.advance(12 * 3600_000); // 02:00: not yet
    await new Promise((r) => setTimeout(r, 10));
    expect(core.audit.recent(5, 'health.selftest')).toEqual([]);
    clock.advance(62 * 60_000); // 03:02
    await new Promise((r) => setTimeout(r, 10));
    const first = core.audit.recent(5, 'health.selftest');
    expect(first).toHaveLength(1);
    expect(first[0]!.details).toEqual({ ok: false, checks: 6, failed: 'idcard-read' });
    expect(receiptPrints).toBe(1);
    clock.advance(60 * 60_000); // rest of the window: not again today
    await new Promise((r) => setTimeout(r, 10));
    expect(core.audit.recent(5, 'health.selftest')).toHaveLength(1);
    clock.advance(24 * 3600_000); // next night
    await new Promise((r) => setTimeout(r, 10));
    expect(core.audit.recent(5, 'health.selftest')).toHaveLength(2);
  });

  it('kioskctl selftest passes on a healthy kiosk and fails, naming the check, on a corrupted audit chain', async () => {
    t = await makeTestCore();
    await t.core.close();
    const ok = runKioskctl(['selftest'], { dataDir: t.dataDir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/通过 ok\s+database/);
    const db = new Database(path.join(t.dataDir, 'kiosk.db'));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET kind = 'app.stop' WHERE seq = 1;");
    db.close();
    const bad = runKioskctl(['selftest', '--json'], { dataDir: t.dataDir });
    expect(bad.code).toBe(1);
    const r = JSON.parse(bad.stdout) as { results: { name: string; ok: boolean; detail: string }[] };
    expect(r.results.find((x) => x.name === 'audit-chain')).toMatchObject({
      ok: false,
      detail: 'broken at record 1',
    });
    t = {
      ...t,
      cleanup: async () => (await import('node:fs')).rmSync(t!.dataDir, { recursive: true, force: true }),
    };
  });
});
