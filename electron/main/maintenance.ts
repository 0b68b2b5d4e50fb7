import type { App } from 'electron';
import type { Clock, TimerHandle } from '../core/clock/clock.ts';
import { inRestartWindow, type ServiceConfig } from '../core/schedule/service-schedule.ts';

/**
 * Long-running renderers grow (pain point 2: black screens after days). Two remedies, both only
 * when no resident is at the screen: a nightly planned restart in the quiet window, and a reload
 * when the app's working set passes the limit.
 */
export interface MaintenanceActions {
  residentActive(): boolean;
  /** Relaunch the whole app (records the reason first). */
  restart(reason: 'planned'): void;
  /** Reload the renderer into the attract screen. */
  reload(reason: 'memory', workingSetMb: number): void;
}

export interface MaintenanceOptions {
  checkEveryMs: number;
  /** A process younger than this does not restart again (the relaunched one starts inside the window). */
  minUptimeMs: number;
  /** At most one memory reload per this period, so a leak in the main process cannot loop reloads. */
  memoryCooldownMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  checkEveryMs: 5 * 60_000,
  minUptimeMs: 6 * 3600_000,
  memoryCooldownMs: 3600_000,
};

export function workingSetMb(app: Pick<App, 'getAppMetrics'>): number {
  // workingSetSize is in kilobytes.
  return app.getAppMetrics().reduce((sum, m) => sum + (m.memory?.workingSetSize ?? 0), 0) / 1024;
}

export class Maintenance {
  private timer: TimerHandle | null = null;
  private lastReload = Number.NEGATIVE_INFINITY;
  private readonly startedAt: number;
  private readonly clock: Clock;
  private readonly cfg: ServiceConfig;
  private readonly app: Pick<App, 'getAppMetrics'>;
  private readonly actions: MaintenanceActions;
  private readonly opts: MaintenanceOptions;

  constructor(
    clock: Clock,
    cfg: ServiceConfig,
    app: Pick<App, 'getAppMetrics'>,
    actions: MaintenanceActions,
    opts: MaintenanceOptions = DEFAULT_MAINTENANCE,
  ) {
    this.clock = clock;
    this.cfg = cfg;
    this.app = app;
    this.actions = actions;
    this.opts = opts;
    this.startedAt = clock.now();
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One check; returns what it did (tests call it directly too). */
  check(): 'restart' | 'reload' | 'none' {
    const now = this.clock.now();
    if (this.actions.residentActive()) return 'none';
    if (inRestartWindow(now, this.cfg) && now - this.startedAt >= this.opts.minUptimeMs) {
      this.stop();
      this.actions.restart('planned');
      return 'restart';
    }
    if (now - this.lastReload >= this.opts.memoryCooldownMs) {
      const mb = workingSetMb(this.app);
      if (mb > this.cfg.memoryLimitMb) {
        this.lastReload = now;
        this.actions.reload('memory', Math.round(mb));
        return 'reload';
      }
    }
    return 'none';
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.check() !== 'restart') this.schedule();
    }, this.opts.checkEveryMs);
  }
}
