import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { RecoveryLadder, relaunchAttemptFromArgv, RELAUNCH_ARG } from '../../../electron/main/recovery.ts';

function ladder(previous = 0) {
  const clock = new FakeClock();
  const calls: string[] = [];
  const l = new RecoveryLadder(
    clock,
    {
      reload: (k) => calls.push(`reload:${k}`),
      relaunch: (n) => calls.push(`relaunch:${n}`),
      pause: () => calls.push('pause'),
      log: () => undefined,
    },
    { maxReloads: 3, windowMs: 300_000, baseDelayMs: 2_000, maxDelayMs: 60_000, maxRelaunches: 5 },
    previous,
  );
  return { clock, calls, l };
}

describe('recovery ladder', () => {
  it('reloads a crashed or hung renderer', () => {
    const { calls, l } = ladder();
    expect(l.failure('render-process-gone')).toBe('reload');
    l.recovered();
    expect(l.failure('unresponsive')).toBe('reload');
    expect(calls).toEqual(['reload:render-process-gone', 'reload:unresponsive']);
  });

  it('escalates to a relaunch after repeated failures, after a backoff delay', () => {
    const { clock, calls, l } = ladder();
    for (let i = 0; i < 3; i++) {
      l.failure('render-process-gone');
      l.recovered();
    }
    expect(l.failure('render-process-gone')).toBe('relaunch');
    expect(calls.filter((c) => c.startsWith('relaunch'))).toEqual([]);
    clock.advance(1_999);
    expect(calls.at(-1)).toBe('reload:render-process-gone');
    clock.advance(1);
    expect(calls.at(-1)).toBe('relaunch:1');
  });

  it('forgets old failures: crashes far apart keep being reloads', () => {
    const { clock, calls, l } = ladder();
    for (let i = 0; i < 10; i++) {
      expect(l.failure('render-process-gone')).toBe('reload');
      l.recovered();
      clock.advance(301_000);
    }
    expect(calls.every((c) => c.startsWith('reload'))).toBe(true);
  });

  it('backs off exponentially across relaunches and pauses instead of looping forever', () => {
    const delays: number[] = [];
    for (let previous = 0; previous < 6; previous++) {
      const { clock, calls, l } = ladder(previous);
      for (let i = 0; i < 3; i++) {
        l.failure('unresponsive');
        l.recovered();
      }
      const step = l.failure('unresponsive');
      if (previous >= 5) {
        expect(step).toBe('paused');
        expect(calls.at(-1)).toBe('pause');
        continue;
      }
      let waited = 0;
      while (!calls.at(-1)!.startsWith('relaunch')) {
        clock.advance(500);
        waited += 500;
      }
      delays.push(waited);
      expect(calls.at(-1)).toBe(`relaunch:${previous + 1}`);
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('reads the relaunch attempt from the command line and ignores garbage', () => {
    expect(relaunchAttemptFromArgv(['electron', '.', `${RELAUNCH_ARG}3`])).toBe(3);
    expect(relaunchAttemptFromArgv(['electron', `${RELAUNCH_ARG}-1`])).toBe(0);
    expect(relaunchAttemptFromArgv(['electron', `${RELAUNCH_ARG}abc`])).toBe(0);
    expect(relaunchAttemptFromArgv(['electron'])).toBe(0);
  });
});
