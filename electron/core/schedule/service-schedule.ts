import { z } from 'zod';

/**
 * Service hours and the quiet window, as pure functions of a timestamp. Kiosks run on China time
 * whatever the OS time zone says (a UOS image set to UTC is common), so the offset is configuration,
 * not the process's TZ; tests pin it and move an injected clock.
 */
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const ServiceConfigSchema = z
  .object({
    /** Minutes east of UTC for local time (China: +480). */
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    /** Days open, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6, 7]),
    open: HHMM.default('08:00'),
    close: HHMM.default('20:00'),
    /** The nightly planned restart happens inside this window, only with no resident at the screen. */
    restartWindow: z
      .object({ start: HHMM.default('03:00'), end: HHMM.default('04:30') })
      .strict()
      .default({ start: '03:00', end: '04:30' }),
    /** Working set of all Electron processes above which the idle kiosk reloads its renderer. */
    memoryLimitMb: z.number().int().min(256).max(16384).default(1500),
  })
  .strict()
  .default({
    utcOffsetMinutes: 480,
    days: [1, 2, 3, 4, 5, 6, 7],
    open: '08:00',
    close: '20:00',
    restartWindow: { start: '03:00', end: '04:30' },
    memoryLimitMb: 1500,
  });
export type ServiceConfig = z.output<typeof ServiceConfigSchema>;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local day of week (1–7, Monday first) and minute of day at `now`. */
export function localTime(now: number, utcOffsetMinutes: number): { day: number; minute: number } {
  const d = new Date(now + utcOffsetMinutes * 60_000);
  const dow = d.getUTCDay();
  return { day: dow === 0 ? 7 : dow, minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** True when `minute` lies in [start, end), wrapping past midnight when end < start. */
export function inWindow(minute: number, start: string, end: string): boolean {
  const s = minutesOf(start);
  const e = minutesOf(end);
  return s <= e ? minute >= s && minute < e : minute >= s || minute < e;
}

export type ServiceState = 'service' | 'sleep';

/** 'service': attract loop, display kept awake. 'sleep': our own dark screen, display may sleep. */
export function serviceState(now: number, cfg: ServiceConfig): ServiceState {
  const { day, minute } = localTime(now, cfg.utcOffsetMinutes);
  const s = minutesOf(cfg.open);
  const e = minutesOf(cfg.close);
  // An overnight schedule (22:00–06:00) belongs to the day it opened.
  if (s <= e) return cfg.days.includes(day) && minute >= s && minute < e ? 'service' : 'sleep';
  if (minute >= s) return cfg.days.includes(day) ? 'service' : 'sleep';
  if (minute < e) return cfg.days.includes(day === 1 ? 7 : day - 1) ? 'service' : 'sleep';
  return 'sleep';
}

/** The next time (ms) the service state changes, searched minute by minute over a week. */
export function nextServiceChange(now: number, cfg: ServiceConfig): number {
  const current = serviceState(now, cfg);
  const start = Math.floor(now / 60_000) * 60_000 + 60_000;
  for (let t = start; t < now + 8 * 24 * 3600_000; t += 60_000) {
    if (serviceState(t, cfg) !== current) return t;
  }
  return now + 24 * 3600_000;
}

export function inRestartWindow(now: number, cfg: ServiceConfig): boolean {
  return inWindow(
    localTime(now, cfg.utcOffsetMinutes).minute,
    cfg.restartWindow.start,
    cfg.restartWindow.end,
  );
}
