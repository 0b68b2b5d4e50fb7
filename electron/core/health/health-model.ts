import type { DeviceStatus } from '../../contract/index.ts';
import type { DeviceHealth, HealthLevel, KioskHealth } from '../../contract/health.ts';

/** Everything health is computed from; gathered by health-sources.ts (or kioskctl from the database). */
export interface HealthInput {
  now: number;
  kioskId: string;
  devices: DeviceStatus[];
  disk: { freeBytes: number; totalBytes: number } | null;
  queueDepth: number;
  platformConfigured: boolean;
  lastSyncAt: string | null;
  /** Platform time minus our time, from the last heartbeat answer; null until one arrived. */
  skewMs: number | null;
  audit: { count: number; head: string };
}

export const HEALTH_LIMITS = {
  diskFaultBytes: 200 * 1024 * 1024,
  diskDegradedBytes: 1024 * 1024 * 1024,
  diskDegradedRatio: 0.05,
  queueDegraded: 50,
  syncStaleMs: 24 * 3600_000,
  /** Signed requests and certificates fail well before this; a technician should fix NTP. */
  skewDegradedMs: 2 * 60_000,
  skewFaultMs: 10 * 60_000,
};

const RANK: Record<HealthLevel, number> = { ok: 0, degraded: 1, fault: 2 };
const worst = (...levels: HealthLevel[]): HealthLevel =>
  levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok' as HealthLevel);

const ABSENT: Omit<DeviceHealth, 'level'> = {
  present: false,
  state: 'absent',
  simulated: false,
  messageKey: 'device.absent',
};

/**
 * How much a device's state matters: without the ID-card reader almost no matter can be done (fault);
 * a receipt printer out of paper or a missing A4 printer or camera limits some matters (degraded).
 */
function deviceHealth(d: DeviceStatus | undefined, missing: HealthLevel, broken: HealthLevel): DeviceHealth {
  if (!d) return { ...ABSENT, level: missing };
  const level: HealthLevel =
    d.state === 'ready' || d.state === 'busy'
      ? 'ok'
      : d.state === 'attention'
        ? 'degraded'
        : d.state === 'absent'
          ? missing
          : broken;
  return {
    present: d.state !== 'absent',
    state: d.state,
    level,
    simulated: d.simulated,
    messageKey: d.messageKey,
  };
}

function paperOf(d: DeviceStatus | undefined): 'ok' | 'low' | 'out' | 'unknown' {
  if (!d || d.state === 'absent' || d.state === 'disconnected') return 'unknown';
  if (/paper-out/.test(d.messageKey)) return 'out';
  if (/paper-near-end|paper-low/.test(d.messageKey)) return 'low';
  return d.state === 'ready' || d.state === 'busy' ? 'ok' : 'unknown';
}

const pick = (devices: DeviceStatus[], kind: DeviceStatus['kind']): DeviceStatus | undefined =>
  // A placeholder for an unconfigured device loses to one that is there; a real device wins over a
  // simulated one; then a working one over a broken one.
  [...devices.filter((d) => d.kind === kind)].sort(
    (a, b) =>
      Number(a.state === 'absent') - Number(b.state === 'absent') ||
      Number(a.simulated) - Number(b.simulated) ||
      Number(a.state !== 'ready') - Number(b.state !== 'ready'),
  )[0];

export function computeHealth(i: HealthInput): KioskHealth {
  const problems: { code: string; level: HealthLevel }[] = [];
  const note = (code: string, level: HealthLevel): void => {
    if (level !== 'ok') problems.push({ code, level });
  };

  const readerDev = pick(i.devices, 'idcard');
  const reader = deviceHealth(readerDev, 'fault', 'fault');
  note(`reader.${reader.state}`, reader.level);

  const printerDev = pick(i.devices, 'printer');
  const paper = paperOf(printerDev);
  const printerBase = deviceHealth(printerDev, 'degraded', 'degraded');
  const printer = {
    ...printerBase,
    paper,
    level: worst(printerBase.level, paper === 'out' || paper === 'low' ? 'degraded' : 'ok'),
  };
  if (paper === 'out' || paper === 'low') note(`printer.paper-${paper}`, 'degraded');
  else note(`printer.${printer.state}`, printer.level);

  const a4printer = deviceHealth(pick(i.devices, 'a4printer'), 'degraded', 'degraded');
  note(`a4printer.${a4printer.state}`, a4printer.level);

  // A kiosk without a scanner is normal (the ID card is the way in); one that is configured but
  // unplugged loses 办件查询 by scan and the receipt self-test.
  const scanner = deviceHealth(pick(i.devices, 'scanner'), 'ok', 'degraded');
  note(`scanner.${scanner.state}`, scanner.level);

  const cameras = i.devices
    .filter((d) => d.kind === 'camera')
    .map((d) => deviceHealth(d, 'degraded', 'degraded'));
  if (cameras.length === 0) note('camera.absent', 'degraded');
  cameras.forEach((c, n) => note(`camera${n}.${c.state}`, c.level));

  let diskLevel: HealthLevel = 'degraded';
  if (i.disk) {
    diskLevel =
      i.disk.freeBytes < HEALTH_LIMITS.diskFaultBytes
        ? 'fault'
        : i.disk.freeBytes < HEALTH_LIMITS.diskDegradedBytes ||
            i.disk.freeBytes < i.disk.totalBytes * HEALTH_LIMITS.diskDegradedRatio
          ? 'degraded'
          : 'ok';
  }
  note(i.disk ? 'disk.low' : 'disk.unknown', diskLevel);

  const queueLevel: HealthLevel = i.queueDepth > HEALTH_LIMITS.queueDegraded ? 'degraded' : 'ok';
  note('queue.backlog', queueLevel);

  let syncLevel: HealthLevel = 'ok';
  if (i.platformConfigured) {
    const last = i.lastSyncAt ? Date.parse(i.lastSyncAt) : NaN;
    syncLevel = Number.isFinite(last) && i.now - last <= HEALTH_LIMITS.syncStaleMs ? 'ok' : 'degraded';
  }
  note('sync.stale', syncLevel);

  const skew = i.skewMs === null ? 0 : Math.abs(i.skewMs);
  const clockLevel: HealthLevel =
    skew > HEALTH_LIMITS.skewFaultMs ? 'fault' : skew > HEALTH_LIMITS.skewDegradedMs ? 'degraded' : 'ok';
  note('clock.skew', clockLevel);

  problems.sort((a, b) => RANK[b.level] - RANK[a.level]);
  return {
    at: new Date(i.now).toISOString(),
    kioskId: i.kioskId,
    level: worst(...problems.map((p) => p.level)),
    problems: problems.map((p) => p.code),
    reader,
    printer,
    a4printer,
    scanner,
    cameras,
    disk: { freeBytes: i.disk?.freeBytes ?? 0, totalBytes: i.disk?.totalBytes ?? 0, level: diskLevel },
    queue: { depth: i.queueDepth, level: queueLevel },
    sync: { lastSyncAt: i.lastSyncAt, configured: i.platformConfigured, level: syncLevel },
    clock: { skewMs: i.skewMs, level: clockLevel },
    audit: i.audit,
  };
}
