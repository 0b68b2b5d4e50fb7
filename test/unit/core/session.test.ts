import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import Database from 'better-sqlite3';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { EventBus } from '../../../electron/core/events/event-bus.ts';
import { SessionManager } from '../../../electron/core/session/session-manager.ts';
import { migrate } from '../../../electron/core/store/migrations.ts';
import { loadMigrations } from '../../../electron/core/store/migrations.ts';

function setup() {
  const db = new Database(':memory:');
  migrate(
    db,
    loadMigrations().filter((m) => m.version === 10),
  );
  const clock = new FakeClock();
  const bus = new EventBus();
  const ended: unknown[] = [];
  bus.subscribe((name, payload) => name === 'session.ended' && ended.push(payload));
  let n = 0;
  const sessions = new SessionManager({
    clock,
    db,
    bus,
    log: pino({ level: 'silent' }),
    newId: () => `s${++n}`,
    defaultLocale: 'zh-CN',
    backstopMs: 105_000,
  });
  return { db, clock, sessions, ended };
}

describe('resident session', () => {
  it('runs every wipe hook when the session ends, and logs the session without personal data', () => {
    const { db, sessions, ended } = setup();
    const wiped: string[] = [];
    sessions.onWipe((id) => wiped.push(id));
    const s = sessions.start();
    sessions.update({ elderMode: true });
    expect(sessions.end('resident')).toBe(true);
    expect(wiped).toEqual([s.id]);
    expect(sessions.current()).toBeNull();
    expect(ended).toEqual([{ reason: 'resident' }]);
    expect(db.prepare('SELECT id, end_reason FROM session_log').all()).toEqual([
      { id: 's1', end_reason: 'resident' },
    ]);
    expect(sessions.end('resident')).toBe(false);
  });

  it('wipes by itself if the renderer stops reporting touches (backstop), but not while it does', () => {
    const { clock, sessions, ended } = setup();
    sessions.start();
    clock.advance(100_000);
    sessions.touch();
    clock.advance(100_000);
    expect(sessions.current()).not.toBeNull();
    clock.advance(5_001);
    expect(sessions.current()).toBeNull();
    expect(ended).toEqual([{ reason: 'backstop' }]);
  });

  it('a failing wipe hook does not stop the others or keep the session alive', () => {
    const { sessions } = setup();
    const wiped: string[] = [];
    sessions.onWipe(() => {
      throw new Error('hook broke');
    });
    sessions.onWipe((id) => wiped.push(id));
    sessions.start();
    sessions.end('idle');
    expect(wiped).toEqual(['s1']);
    expect(sessions.current()).toBeNull();
  });

  it('starting a new session wipes the previous one first', () => {
    const { sessions, ended } = setup();
    sessions.start();
    sessions.start();
    expect(ended).toEqual([{ reason: 'resident' }]);
    expect(sessions.current()?.id).toBe('s2');
  });

  it('marks sessions left open by a crash as ended by the restart', () => {
    const { db, clock } = setup();
    db.prepare("INSERT INTO session_log (id, started_at) VALUES ('old', '2026-01-01T00:00:00Z')").run();
    new SessionManager({
      clock,
      db,
      bus: new EventBus(),
      log: pino({ level: 'silent' }),
      newId: () => 'x',
      defaultLocale: 'zh-CN',
      backstopMs: 1000,
    });
    expect(db.prepare("SELECT end_reason FROM session_log WHERE id = 'old'").get()).toEqual({
      end_reason: 'restart',
    });
  });
});
