import { describe, expect, it, vi } from 'vitest';
import { electronModule, fake } from './fake-electron.ts';
import { FakeClock } from '../../../electron/core/clock/fake-clock.ts';
import { ServiceConfigSchema } from '../../../electron/core/schedule/service-schedule.ts';

vi.mock('electron', () => electronModule());

const { Maintenance } = await import('../../../electron/main/maintenance.ts');

const at = (day: number, hh: number, mm = 0): number => Date.UTC(2026, 0, 4 + day, hh - 8, mm);
const cfg = ServiceConfigSchema.parse({
  restartWindow: { start: '03:00', end: '04:30' },
  memoryLimitMb: 1000,
});

function setup(start: number) {
  const clock = new FakeClock(start);
  let resident = false;
  const done: string[] = [];
  const m = new Maintenance(clock, cfg, fake.app as never, {
    residentActive: () => resident,
    restart: (r) => done.push(`restart:${r}`),
    reload: (r, mb) => done.push(`reload:${r}:${mb}`),
  });
  return { clock, m, done, setResident: (v: boolean) => (resident = v) };
}

describe('nightly planned restart', () => {
  it('restarts once inside the quiet window, not before', () => {
    const { clock, m, done } = setup(at(1, 14, 0));
    m.start();
    clock.advance(12 * 3600_000); // to 02:00
    expect(done).toEqual([]);
    clock.advance(3600_000); // 03:00
    expect(done).toEqual(['restart:planned']);
    clock.advance(3600_000);
    expect(done).toEqual(['restart:planned']);
  });

  it('waits while a resident is at the screen, and restarts as soon as they leave (still in the window)', () => {
    const { clock, m, done, setResident } = setup(at(1, 14, 0));
    setResident(true);
    m.start();
    clock.advance(13 * 3600_000 + 20 * 60_000); // 03:20, resident busy
    expect(done).toEqual([]);
    setResident(false);
    clock.advance(5 * 60_000);
    expect(done).toEqual(['restart:planned']);
  });

  it('does not restart again right after the relaunch (the new process starts inside the window)', () => {
    const { clock, m, done } = setup(at(2, 3, 5));
    m.start();
    clock.advance(80 * 60_000);
    expect(done).toEqual([]);
  });
});

describe('memory threshold while idle', () => {
  it('reloads the renderer when the working set passes the limit, only while idle, at most once an hour', () => {
    const { m, done, setResident, clock } = setup(at(1, 10, 0));
    fake.app.metrics = [
      { memory: { workingSetSize: 600 * 1024 } },
      { memory: { workingSetSize: 500 * 1024 } },
    ];
    setResident(true);
    expect(m.check()).toBe('none');
    setResident(false);
    expect(m.check()).toBe('reload');
    expect(done).toEqual(['reload:memory:1100']);
    clock.advance(30 * 60_000);
    expect(m.check()).toBe('none');
    clock.advance(30 * 60_000);
    expect(m.check()).toBe('reload');
    fake.app.metrics = [{ memory: { workingSetSize: 400 * 1024 } }];
    clock.advance(3600_000);
    expect(m.check()).toBe('none');
  });
});
