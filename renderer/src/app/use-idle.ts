import { useCallback, useEffect, useRef, useState } from 'react';

export interface IdleState {
  /** True while the "还在吗？" countdown is showing. */
  warning: boolean;
  remaining: number;
  /** The resident answered: hide the warning and start the idle period again. */
  keepAlive: () => void;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Idle timeout for a resident session: after idleMs without a touch, a countdown of countdownSec
 * seconds, then onTimeout. Plain setTimeout/setInterval so tests drive it with a fake clock.
 */
export function useIdle(opts: {
  enabled: boolean;
  idleMs: number;
  countdownSec: number;
  onTimeout: () => void;
  onActivity?: () => void;
}): IdleState {
  const { enabled, idleMs, countdownSec } = opts;
  const [warning, setWarning] = useState(false);
  const [remaining, setRemaining] = useState(countdownSec);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const tick = useRef<ReturnType<typeof setInterval> | null>(null);
  const cbs = useRef(opts);
  useEffect(() => {
    cbs.current = opts;
  });

  const stopAll = useCallback(() => {
    if (idleTimer.current) clearTimeout(idleTimer.current);
    if (tick.current) clearInterval(tick.current);
    idleTimer.current = null;
    tick.current = null;
  }, []);

  // Sets timers only (no state), so it can run inside the effect; state changes happen in callbacks.
  const arm = useCallback(() => {
    stopAll();
    idleTimer.current = setTimeout(() => {
      let left = countdownSec;
      setRemaining(left);
      setWarning(true);
      tick.current = setInterval(() => {
        left -= 1;
        setRemaining(left);
        if (left <= 0) {
          stopAll();
          setWarning(false);
          cbs.current.onTimeout();
        }
      }, 1000);
    }, idleMs);
  }, [countdownSec, idleMs, stopAll]);

  const keepAlive = useCallback(() => {
    setWarning(false);
    arm();
  }, [arm]);

  useEffect(() => {
    if (!enabled) {
      stopAll();
      return undefined;
    }
    arm();
    const onActivity = (): void => {
      // While the countdown shows, only the dialog's own buttons decide; a stray touch elsewhere
      // must not silently cancel the warning the resident has not read.
      if (tick.current) return;
      arm();
      cbs.current.onActivity?.();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      stopAll();
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [enabled, arm, stopAll]);

  return { warning: enabled && warning, remaining, keepAlive };
}
