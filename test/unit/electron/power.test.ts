import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron.ts';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { ServiceConfigSchema, serviceState } from '../../../electron/core/schedule/service-schedule.ts';

vi.mock('electron', () => electronModule());

const { ServiceHoursPower, handleResume } = await import('../../../electron/main/power.ts');

// 2026-01-05 is a Monday. China time is UTC+8: 00:00Z is 08:00 local.
const at = (day: number, hh: number, mm = 0): number => Date.UTC(2026, 0, 4 + day, hh - 8, mm);
const cfg = ServiceConfigSchema.parse({ days: [1, 2, 3, 4, 5, 6], open: '08:30', close: '17:30' });

describe('service hours (pure)', () => {
  it('is in service on open days between open and close, local time, and asleep otherwise', () => {
    expect(serviceState(at(1, 8, 29), cfg)).toBe('sleep');
    expect(serviceState(at(1, 8, 30), cfg)).toBe('service');
    expect(serviceState(at(1, 17, 29), cfg)).toBe('service');
    expect(serviceState(at(1, 17, 30), cfg)).toBe('sleep');
    expect(serviceState(at(7, 10), cfg)).toBe('sleep'); // Sunday closed
  });

  it('handles an overnight schedule as belonging to the day it opened', () => {
    const night = ServiceConfigSchema.parse({ days: [5], open: '22:00', close: '06:00' });
    expect(serviceState(at(5, 23), night)).toBe('service'); // Friday night
    expect(serviceState(at(6, 5), night)).toBe('service'); // early Saturday, still Friday's shift
    expect(serviceState(at(6, 23), night)).toBe('sleep');
  });
});

describe('display power by service hours', () => {
  it('holds prevent-display-sleep only during service hours and switches at open and close', () => {
    const clock = new FakeClock(at(1, 7, 0));
    const states: string[] = [];
    const power = new ServiceHoursPower(fake.powerSaveBlocker, clock, cfg, (s) => states.push(s));
    power.start();
    expect(fake.powerSaveBlocker.active.size).toBe(0);
    clock.advance(90 * 60_000); // 08:30
    expect([...fake.powerSaveBlocker.active.values()]).toEqual(['prevent-display-sleep']);
    clock.advance(9 * 3600_000); // 17:30
    expect(fake.powerSaveBlocker.active.size).toBe(0);
    expect(states).toEqual(['sleep', 'service', 'sleep']);
    power.stop();
  });
});

describe('resume', () => {
  it('shows and repaints the window, re-checks service hours and runs a health check', () => {
    const monitor = new EventEmitter();
    const win = new FakeBrowserWindow({});
    const clock = new FakeClock(at(1, 7, 0));
    const power = new ServiceHoursPower(fake.powerSaveBlocker, clock, cfg);
    power.start();
    let checks = 0;
    handleResume(monitor as never, win as never, {
      power,
      healthCheck: () => checks++,
      log: () => undefined,
    });
    // Suspended overnight: the clock jumped into service hours without a timer firing on time.
    (clock as unknown as { current: number }).current = at(1, 9, 0);
    monitor.emit('resume');
    expect(win.shown).toBe(true);
    expect(win.webContents.invalidations).toBe(1);
    expect(checks).toBe(1);
    expect(power.current).toBe('service');
    power.stop();
  });
});
