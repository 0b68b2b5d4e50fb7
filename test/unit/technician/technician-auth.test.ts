import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { openStore, type Store } from '../../../electron/core/store/store.ts';
import { AuditLog } from '../../../electron/core/audit/audit-log.ts';
import { TechnicianAuth, PinRejectedError } from '../../../electron/core/technician/technician-auth.ts';
import { hashPin, verifyPin, pinWeakness } from '../../../electron/core/technician/pin-hash.ts';
import { makeTestCore, type TestCore } from '../helpers/test-core.ts';
import { runKioskctl } from '../helpers/run-kioskctl.ts';

// Cheap scrypt parameters keep the tests quick; the format and code path are the production ones.
const FAST = { N: 1024, r: 8, p: 1 };
const CONFIG = { maxFailures: 5, lockoutMinutes: 15, sessionMinutes: 20 };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(file = ':memory:'): { store: Store; clock: FakeClock; audit: AuditLog; auth: TechnicianAuth } {
  const store = openStore(file);
  cleanups.push(() => store.close());
  const clock = new FakeClock();
  const audit = new AuditLog(store.db, clock);
  const auth = new TechnicianAuth({ db: store.db, clock, audit, config: CONFIG, scrypt: FAST });
  return { store, clock, audit, auth };
}

describe('technician PIN hashing', () => {
  it('stores an scrypt hash with its parameters and salt, never the PIN', async () => {
    const h = await hashPin('482916', FAST);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(h).not.toContain('482916');
    expect(await hashPin('482916', FAST)).not.toBe(h);
    expect(await verifyPin('482916', h)).toBe(true);
    expect(await verifyPin('482917', h)).toBe(false);
    expect(await verifyPin('482916', 'scrypt$99999999$8$1$x$y')).toBe(false);
  });

  it('refuses weak PINs', () => {
    expect(pinWeakness('1234')).toMatch(/6–12/);
    expect(pinWeakness('000000')).toBeTruthy();
    expect(pinWeakness('123456')).toBeTruthy();
    expect(pinWeakness('876543')).toBeTruthy();
    expect(pinWeakness('482916')).toBeNull();
  });
});

describe('technician mode', () => {
  it('enters with the right PIN, audits it, and ends by itself after the session time', async () => {
    const { auth, audit, clock } = setup();
    await auth.setPin('482916');
    expect(await auth.enter('482916')).toMatchObject({ result: 'entered' });
    expect(auth.isActive()).toBe(true);
    clock.advance(20 * 60_000);
    expect(auth.isActive()).toBe(false);
    expect(
      audit
        .recent(10)
        .map((r) => [r.kind, r.details.reason ?? null])
        .reverse(),
    ).toEqual([
      ['technician.pin-set', null],
      ['technician.enter', null],
      ['technician.leave', 'timeout'],
    ]);
  });

  it('locks out after 5 wrong PINs for the lockout period, audits every attempt, and lets in after it', async () => {
    const { auth, audit, clock } = setup();
    await auth.setPin('482916');
    const answers = [];
    for (const pin of ['111111', '222222', 'abc', '', '333333']) answers.push(await auth.enter(pin));
    expect(answers.slice(0, 4).map((a) => (a.result === 'wrong-pin' ? a.attemptsLeft : a.result))).toEqual([
      4, 3, 2, 1,
    ]);
    expect(answers[4]).toEqual({
      result: 'locked',
      lockedUntil: new Date(clock.now() + 15 * 60_000).toISOString(),
    });

    // The right PIN is refused during the lockout, and the refusal is audited too.
    clock.advance(14 * 60_000);
    expect(await auth.enter('482916')).toMatchObject({ result: 'locked' });
    expect(auth.isActive()).toBe(false);

    clock.advance(60_000);
    expect(await auth.enter('482916')).toMatchObject({ result: 'entered' });

    const kinds = audit
      .recent(50, 'technician.')
      .map((r) => r.kind)
      .reverse();
    expect(kinds).toEqual([
      'technician.pin-set',
      ...Array(5).fill('technician.pin-failed'),
      'technician.locked',
      'technician.refused',
      'technician.enter',
    ]);
    const failed = audit
      .recent(50, 'technician.pin-failed')
      .map((r) => r.details.failures)
      .reverse();
    expect(failed).toEqual([1, 2, 3, 4, 5]);
    // The PIN itself never reaches the audit log, right or wrong.
    const all = JSON.stringify(audit.recent(100));
    expect(all).not.toContain('482916');
    expect(all).not.toContain('111111');
    expect(audit.verify().ok).toBe(true);
  });

  it('does not give a burst of parallel guesses more than 5 tries', async () => {
    const { auth } = setup();
    await auth.setPin('482916');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => auth.enter(`90000${i}`)));
    expect(results.filter((r) => r.result === 'wrong-pin')).toHaveLength(4);
    expect(results.filter((r) => r.result === 'locked')).toHaveLength(4);
    expect(await auth.enter('482916')).toMatchObject({ result: 'locked' });
  });

  it('keeps the lockout across a restart (state is in the database)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-tech-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'kiosk.db');
    const first = setup(file);
    await first.auth.setPin('482916');
    for (let i = 0; i < 5; i++) await first.auth.enter('000001');
    first.store.close();
    cleanups.pop();
    const second = setup(file);
    expect(await second.auth.enter('482916')).toMatchObject({ result: 'locked' });
  });

  it('has no way in until a PIN is set, and says so', async () => {
    const { auth, audit } = setup();
    expect(await auth.enter('482916')).toEqual({ result: 'no-pin' });
    expect(audit.recent(1)[0]).toMatchObject({ kind: 'technician.refused', details: { reason: 'no-pin' } });
    await expect(auth.setPin('123456')).rejects.toBeInstanceOf(PinRejectedError);
  });
});

describe('technician contract calls and kioskctl', () => {
  let t: TestCore | null = null;
  afterEach(async () => {
    await t?.cleanup();
    t = null;
  });

  it('kioskctl technician set-pin (PIN on stdin) lets the kiosk enter technician mode; shell commands need it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-tech-cli-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const weak = runKioskctl(['technician', 'set-pin'], { dataDir, input: '123456\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('连续');
    const ok = runKioskctl(['technician', 'set-pin'], { dataDir, input: '482916\n' });
    expect(ok.code).toBe(0);

    t = await makeTestCore({ env: { KIOSK_DATA_DIR: dataDir } });
    const { core } = t;
    const events: unknown[] = [];
    core.subscribe((name, payload) => events.push([name, payload]));
    const call = (name: string, req: unknown) => core.dispatch(name, req, { shell: 'web' });

    expect(await call('technician.shell', { command: 'quit' })).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized' },
    });
    expect(await call('technician.enter', { pin: 'x'.repeat(64) })).toMatchObject({
      ok: true,
      value: { result: 'wrong-pin', attemptsLeft: 4 },
    });
    expect(await call('technician.enter', { pin: '482916' })).toMatchObject({
      ok: true,
      value: { result: 'entered' },
    });
    expect(await call('technician.status', {})).toMatchObject({
      ok: true,
      value: { active: true, pinSet: true },
    });
    expect(await call('technician.shell', { command: 'relaunch' })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect(events).toContainEqual(['technician.mode', { active: true }]);
    expect(events).toContainEqual(['shell.command', { command: 'relaunch', by: 'technician' }]);
    expect(await call('technician.leave', {})).toEqual({ ok: true, value: { left: true } });

    const kinds = core.audit
      .recent(20)
      .map((r) => `${r.actor}:${r.kind}`)
      .reverse();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'cli:technician.pin-set',
        'technician:technician.pin-failed',
        'technician:technician.enter',
        'technician:shell.command',
        'technician:technician.leave',
      ]),
    );
    expect(runKioskctl(['audit', 'verify'], { dataDir }).code).toBe(0);
  });
});
