/**
 * Reconnect delays. Local peripherals are cheap to retry, so the ceiling is short (a resident is
 * waiting at the screen), but it still grows so a dead port does not spin the CPU.
 */
export interface BackoffOptions {
  /** First delay after a loss. */
  initialMs: number;
  /** Ceiling of the delay. */
  maxMs: number;
  factor: number;
  /** 0..1: fraction of the delay randomised, so several devices do not retry in lock-step. */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2 };

/** Delay before attempt number `attempt` (0-based). `random` is injectable for deterministic tests. */
export function backoffDelay(
  opts: BackoffOptions,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(opts.maxMs, opts.initialMs * opts.factor ** Math.max(0, attempt));
  const spread = base * Math.min(1, Math.max(0, opts.jitter));
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
