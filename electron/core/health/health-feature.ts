import type { healthCalls } from '../../contract/health.ts';
import type { KioskHealth } from '../../contract/health.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import type { SyncStatusBoard } from '../sync/sync-status.ts';
import type { TimerHandle } from '../clock/clock.ts';
import { computeHealth } from './health-model.ts';
import { diskUsage, HealthStore } from './health-store.ts';
import { HeartbeatSender, type CommandPorts, type HeartbeatTransport } from './heartbeat.ts';

type HealthCallName = keyof typeof healthCalls;

export interface HealthFeature extends Feature<HealthCallName> {
  current(): KioskHealth;
  /** Starts heartbeats once the platform client exists (the sync feature calls this after enrolment). */
  connect(transport: HeartbeatTransport, ports: CommandPorts): HeartbeatSender;
}

const REFRESH_MS = 60_000;
const HEARTBEAT_MS = 60_000;

/**
 * Keeps device states and health inputs in the database (for kioskctl), computes health on demand,
 * pushes health.changed when the level or the problems change, and sends heartbeats when connected.
 */
export function createHealthFeature(
  deps: CoreDeps,
  extra: { sync: SyncStatusBoard; version: string; heartbeatMs?: number },
): HealthFeature {
  const store = new HealthStore(deps.db);
  const iso = (): string => new Date(deps.clock.now()).toISOString();
  let sender: HeartbeatSender | null = null;
  let lastKey = '';
  let timer: TimerHandle | null = null;
  let off: (() => void) | null = null;

  const current = (): KioskHealth => {
    const sync = extra.sync.get();
    return computeHealth({
      now: deps.clock.now(),
      kioskId: deps.config.kioskId,
      devices: deps.devices.list(),
      disk: diskUsage(deps.config.dataDir),
      queueDepth: sync.queued,
      platformConfigured: deps.config.platform.url !== null,
      lastSyncAt: sync.lastSyncAt,
      skewMs: sender?.skewMs ?? null,
      audit: { count: deps.audit.count(), head: deps.audit.head() },
    });
  };

  const refresh = (): void => {
    const sync = extra.sync.get();
    store.saveInputs(
      { queueDepth: sync.queued, lastSyncAt: sync.lastSyncAt, skewMs: sender?.skewMs ?? null },
      iso(),
    );
    const h = current();
    const key = `${h.level}|${h.problems.join(',')}`;
    if (key !== lastKey) {
      lastKey = key;
      deps.bus.emit('health.changed', { level: h.level, problems: h.problems });
    }
  };

  const tick = (): void => {
    timer = deps.clock.setTimeout(() => {
      refresh();
      tick();
    }, REFRESH_MS);
  };

  return {
    current,
    connect(transport, ports) {
      sender?.stop();
      // A platform "restart" is the same shell command a technician gives; the Electron shell obeys it.
      const withDefaults: CommandPorts = {
        restart: () => deps.bus.emit('shell.command', { command: 'relaunch', by: 'platform' }),
        ...ports,
      };
      sender = new HeartbeatSender({
        clock: deps.clock,
        transport,
        ports: withDefaults,
        audit: deps.audit,
        intervalMs: extra.heartbeatMs ?? HEARTBEAT_MS,
        build: () => {
          const health = current();
          return {
            kioskId: deps.config.kioskId,
            version: extra.version,
            sentAt: iso(),
            health,
            queue: { depth: health.queue.depth },
            audit: health.audit,
          };
        },
      });
      sender.start();
      return sender;
    },
    handlers: {
      'health.get': () => current(),
    },
    start() {
      for (const d of deps.devices.list()) store.saveDevice(d, iso());
      off = deps.bus.subscribe((name, payload) => {
        if (name !== 'device.status') return;
        store.saveDevice(payload as Parameters<HealthStore['saveDevice']>[0], iso());
        refresh();
      });
      refresh();
      tick();
    },
    close() {
      off?.();
      sender?.stop();
      if (timer) deps.clock.clearTimeout(timer);
    },
  };
}
