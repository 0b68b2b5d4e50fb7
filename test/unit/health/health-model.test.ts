import { describe, expect, it } from 'vitest';
import { computeHealth, type HealthInput } from '../../../electron/core/health/health-model.ts';
import type { DeviceStatus } from '../../../electron/contract/index.ts';

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
const dev = (
  kind: DeviceStatus['kind'],
  state: DeviceStatus['state'],
  messageKey = 'device.ready',
): DeviceStatus => ({
  id: `${kind}-1`,
  kind,
  state,
  simulated: false,
  messageKey,
  detail: '',
});
const healthy: HealthInput = {
  now: NOW,
  kioskId: 'K-1',
  devices: [
    dev('idcard', 'ready'),
    dev('printer', 'ready'),
    dev('a4printer', 'ready'),
    dev('camera', 'ready'),
  ],
  disk: { freeBytes: 50 * 1024 ** 3, totalBytes: 100 * 1024 ** 3 },
  queueDepth: 0,
  platformConfigured: true,
  lastSyncAt: new Date(NOW - 60_000).toISOString(),
  skewMs: 300,
  audit: { count: 3, head: 'ab'.repeat(32) },
};

describe('health model', () => {
  it('is ok when every device works, the disk has room, sync is recent and the clock agrees', () => {
    const h = computeHealth(healthy);
    expect(h.level).toBe('ok');
    expect(h.problems).toEqual([]);
    expect(h.printer.paper).toBe('ok');
  });

  it('reports the receipt printer paper state from the driver status', () => {
    const out = computeHealth({
      ...healthy,
      devices: [
        dev('idcard', 'ready'),
        dev('printer', 'attention', 'printer.state.paper-out'),
        dev('a4printer', 'ready'),
        dev('camera', 'ready'),
      ],
    });
    expect(out.printer.paper).toBe('out');
    expect(out.level).toBe('degraded');
    expect(out.problems).toEqual(['printer.paper-out']);
    const low = computeHealth({
      ...healthy,
      devices: [
        dev('idcard', 'ready'),
        dev('printer', 'ready', 'printer.state.paper-near-end'),
        dev('a4printer', 'ready'),
        dev('camera', 'ready'),
      ],
    });
    expect(low.printer.paper).toBe('low');
    expect(low.problems).toEqual(['printer.paper-low']);
  });

  it('is a fault without an ID-card reader, on a nearly full disk, or with a clock 10+ minutes off', () => {
    expect(
      computeHealth({ ...healthy, devices: healthy.devices.filter((d) => d.kind !== 'idcard') }),
    ).toMatchObject({
      level: 'fault',
      problems: ['reader.absent'],
    });
    expect(
      computeHealth({ ...healthy, disk: { freeBytes: 100 * 1024 ** 2, totalBytes: 100 * 1024 ** 3 } })
        .problems,
    ).toEqual(['disk.low']);
    expect(computeHealth({ ...healthy, skewMs: -11 * 60_000 })).toMatchObject({
      level: 'fault',
      problems: ['clock.skew'],
    });
  });

  it('is degraded by a backlog, a stale sync, a missing camera or A4 printer; faults are listed first', () => {
    const h = computeHealth({
      ...healthy,
      devices: [dev('idcard', 'fault'), dev('printer', 'ready')],
      queueDepth: 120,
      lastSyncAt: new Date(NOW - 2 * 24 * 3600_000).toISOString(),
    });
    expect(h.level).toBe('fault');
    expect(h.problems[0]).toBe('reader.fault');
    expect(h.problems).toEqual(
      expect.arrayContaining(['a4printer.absent', 'camera.absent', 'queue.backlog', 'sync.stale']),
    );
  });
});
