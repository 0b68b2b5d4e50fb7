import type { Clock, TimerHandle } from '../core/clock/clock.ts';

export type FailureKind = 'render-process-gone' | 'unresponsive' | 'load-failed';
export type RecoveryStep = 'reload' | 'relaunch' | 'paused';

export interface RecoveryActions {
  /** Fresh renderer at the attract screen (after forcefully crashing a hung one). */
  reload(kind: FailureKind): void;
  /** Restart the whole app; `attempt` is passed on so the next process keeps backing off. */
  relaunch(attempt: number): void;
  /** Give up looping: show the 暂停服务 screen and alert the fleet; a technician takes over. */
  pause(): void;
  log(step: RecoveryStep, detail: Record<string, unknown>): void;
}

export interface RecoveryPolicy {
  /** Reloads allowed within `windowMs` before escalating to a relaunch. */
  maxReloads: number;
  windowMs: number;
  /** Relaunch delay: baseDelayMs · 2^(attempt-1), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Relaunches in a row (each within `windowMs` of start) before pausing instead of looping forever. */
  maxRelaunches: number;
}

export const DEFAULT_POLICY: RecoveryPolicy = {
  maxReloads: 3,
  windowMs: 5 * 60_000,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  maxRelaunches: 5,
};

/**
 * The recovery ladder: a crashed or hung renderer is reloaded; repeated failures in a short window
 * escalate to a relaunch with exponential backoff; a crash loop ends paused, never spinning forever.
 * `previousRelaunches` comes from the command line of a relaunched process.
 */
export class RecoveryLadder {
  private failures: number[] = [];
  private pending: TimerHandle | null = null;
  private state: RecoveryStep | 'ok' = 'ok';
  private readonly clock: Clock;
  private readonly actions: RecoveryActions;
  private readonly policy: RecoveryPolicy;
  private readonly previousRelaunches: number;

  constructor(
    clock: Clock,
    actions: RecoveryActions,
    policy: RecoveryPolicy = DEFAULT_POLICY,
    previousRelaunches = 0,
  ) {
    this.clock = clock;
    this.actions = actions;
    this.policy = policy;
    this.previousRelaunches = previousRelaunches;
  }

  get current(): RecoveryStep | 'ok' {
    return this.state;
  }

  failure(kind: FailureKind): RecoveryStep {
    if (this.state === 'paused' || this.state === 'relaunch') return this.state;
    const now = this.clock.now();
    this.failures = this.failures.filter((t) => now - t < this.policy.windowMs);
    this.failures.push(now);
    if (this.failures.length <= this.policy.maxReloads) {
      this.state = 'reload';
      this.actions.log('reload', { kind, recent: this.failures.length });
      this.actions.reload(kind);
      return 'reload';
    }
    const attempt = this.previousRelaunches + 1;
    if (attempt > this.policy.maxRelaunches) {
      this.state = 'paused';
      this.actions.log('paused', { kind, relaunches: this.previousRelaunches });
      this.actions.pause();
      return 'paused';
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    this.state = 'relaunch';
    this.actions.log('relaunch', { kind, attempt, delayMs: delay });
    this.pending = this.clock.setTimeout(() => {
      this.pending = null;
      this.actions.relaunch(attempt);
    }, delay);
    return 'relaunch';
  }

  /** The renderer came back (loaded or responsive again): allow further reloads. */
  recovered(): void {
    if (this.state === 'reload') this.state = 'ok';
  }

  dispose(): void {
    if (this.pending) this.clock.clearTimeout(this.pending);
    this.pending = null;
  }
}

export const RELAUNCH_ARG = '--kiosk-relaunch-attempt=';

export function relaunchAttemptFromArgv(argv: string[]): number {
  const arg = argv.find((a) => a.startsWith(RELAUNCH_ARG));
  const n = arg ? Number(arg.slice(RELAUNCH_ARG.length)) : 0;
  return Number.isInteger(n) && n >= 0 && n < 1000 ? n : 0;
}
