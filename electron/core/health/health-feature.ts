import type { healthCalls } from '../../contract/health.ts';
import { KioskError } from '../../contract/index.ts';
import type { KioskHealth } from '../../contract/health.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import type { SyncStatusBoard } from '../sync/sync-status.ts';
import type { TimerHandle } from '../clock/clock.ts';
import { computeHealth } from './health-model.ts';
import { diskUsage, HealthStore } from './health-store.ts';
import { HeartbeatSender, type CommandPorts, type HeartbeatTransport } from './heartbeat.ts';
import { coreSelfTests, runSelfTest, type SelfTestCheck, type SelfTestResult } from './self-test.ts';
import { inRestartWindow } from '../schedule/service-schedule.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';

type HealthCallName = keyof typeof healthCalls;

export interface HealthFeature extends Feature<HealthCallName> {
  current(): KioskHealth;
  /** Starts heartbeats once the platform client exists (the sync feature calls this after enrolment). */
  connect(transport: HeartbeatTransport, ports: CommandPorts): HeartbeatSender;
  /** Drivers add a live check of their device (read a card, print a test receipt). */
  addSelfTest(check: SelfTestCheck): void;
  /** Runs every self-test now, audits and stores the result (also run daily in the quiet window). */
  selfTest(): Promise<SelfTestResult>;
}

const SELFTEST_META = 'health.selftest';

const REFRESH_MS = 60_000;
const HEARTBEAT_MS = 60_000;

/**
 * Keeps device states and health inputs in the database (for kioskctl), computes health on demand,
 * pushes health.changed when the level or the problems change, and sends heartbeats when connected.
 */
export function createHealthFeature(
  deps: CoreDeps,
  extra: { sync: SyncStatusBoard; version: string; heartbeatMs?: number; isTechnician?: () => boolean },
): HealthFeature {
  const store = new HealthStore(deps.db);
  const iso = (): string => new Date(deps.clock.now()).toISOString();
  let sender: HeartbeatSender | null = null;
  let lastKey = '';
  let timer: TimerHandle | null = null;
  let off: (() => void) | null = null;
  const extraChecks: SelfTestCheck[] = [];
  let selfTestRunning: Promise<SelfTestResult> | null = null;

  const selfTest = (): Promise<SelfTestResult> => {
    selfTestRunning ??= (async () => {
      const checks = [
        ...coreSelfTests({
          db: deps.db,
          audit: deps.audit,
          dataDir: deps.config.dataDir,
          devices: () => deps.devices.list(),
        }),
        ...extraChecks,
      ];
      const result = await runSelfTest(checks, () => deps.clock.now());
      deps.audit.append(AUDIT_KINDS.selfTest, {
        ok: result.ok,
        checks: result.results.length,
        failed:
          result.results
            .filter((r) => !r.ok)
            .map((r) => r.name)
            .join(',') || null,
      });
      deps.db
        .prepare(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(SELFTEST_META, JSON.stringify(result));
      return result;
    })().finally(() => {
      selfTestRunning = null;
    });
    return selfTestRunning;
  };

  /** Local calendar day of the last self-test, so the quiet window runs it once a day. */
  const lastSelfTestDay = (): number | null => {
    const row = deps.db.prepare('SELECT value FROM meta WHERE key = ?').get(SELFTEST_META) as
      { value: string } | undefined;
    if (!row) return null;
    try {
      const at = Date.parse((JSON.parse(row.value) as SelfTestResult).at);
      return Math.floor((at + deps.config.service.utcOffsetMinutes * 60_000) / 86_400_000);
    } catch {
      return null;
    }
  };
  const dailySelfTest = (): void => {
    const now = deps.clock.now();
    const today = Math.floor((now + deps.config.service.utcOffsetMinutes * 60_000) / 86_400_000);
    if (
      inRestartWindow(now, deps.config.service) &&
      deps.sessions.current() === null &&
      lastSelfTestDay() !== today
    ) {
      void selfTest();
    }
  };

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
      dailySelfTest();
      tick();
    }, REFRESH_MS);
  };

  return {
    current,
    addSelfTest: (check) => void extraChecks.push(check),
    selfTest,
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
      'health.selftest': () => {
        // A self-test prints a test receipt and moves devices: not something a resident may start.
        if (!extra.isTechnician?.()) {
          throw new KioskError('unauthorized', 'self-test needs technician mode', 'technician.required');
        }
        return selfTest();
      },
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
