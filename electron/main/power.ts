import type { BrowserWindow, PowerMonitor, PowerSaveBlocker } from 'electron';
import type { Clock, TimerHandle } from '../core/clock/clock.ts';
import {
  nextServiceChange,
  serviceState,
  type ServiceConfig,
  type ServiceState,
} from '../core/schedule/service-schedule.ts';

/**
 * Display power by service hours: during service the display is kept awake (DPMS wake-ups are where
 * black and frozen screens come from, pain point 7) and the attract loop runs; outside, the blocker
 * is released and the renderer shows its own sleep screen. Re-evaluated at each change of state.
 */
export class ServiceHoursPower {
  private blockerId: number | null = null;
  private timer: TimerHandle | null = null;
  private state: ServiceState | null = null;
  private readonly blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;
  private readonly clock: Clock;
  private readonly cfg: ServiceConfig;
  private readonly onState: (s: ServiceState) => void;

  constructor(
    blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>,
    clock: Clock,
    cfg: ServiceConfig,
    onState: (s: ServiceState) => void = () => undefined,
  ) {
    this.blocker = blocker;
    this.clock = clock;
    this.cfg = cfg;
    this.onState = onState;
  }

  get current(): ServiceState | null {
    return this.state;
  }

  start(): void {
    this.apply();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.release();
  }

  /** Also called on resume: the clock may have jumped across a change while suspended. */
  apply(): void {
    const now = this.clock.now();
    const next = serviceState(now, this.cfg);
    if (next === 'service' && (this.blockerId === null || !this.blocker.isStarted(this.blockerId))) {
      this.blockerId = this.blocker.start('prevent-display-sleep');
    } else if (next === 'sleep') {
      this.release();
    }
    if (next !== this.state) {
      this.state = next;
      this.onState(next);
    }
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(
      () => this.apply(),
      Math.max(1000, nextServiceChange(now, this.cfg) - now),
    );
  }

  private release(): void {
    if (this.blockerId !== null && this.blocker.isStarted(this.blockerId)) this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }
}

/**
 * After resume (or unlock) the compositor may hand back a black or stale surface (electron#37361):
 * show and repaint the window, re-check service hours, and run a health check so a device that did
 * not survive the suspend is reported at once.
 */
export function handleResume(
  powerMonitor: Pick<PowerMonitor, 'on'>,
  win: Pick<BrowserWindow, 'show' | 'isDestroyed'> & { webContents: { invalidate(): void } },
  after: { power?: ServiceHoursPower; healthCheck: () => void; log: (event: string) => void },
): void {
  const wake = (event: string): void => {
    if (win.isDestroyed()) return;
    after.log(event);
    win.show();
    win.webContents.invalidate();
    after.power?.apply();
    after.healthCheck();
  };
  powerMonitor.on('resume', () => wake('resume'));
  powerMonitor.on('unlock-screen', () => wake('unlock-screen'));
}
