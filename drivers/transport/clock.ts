/**
 * The timer surface drivers need. It is structurally the core's Clock (electron/core/clock), so the
 * core passes its own clock and tests pass a FakeClock, while drivers stay importable without the core.
 */
export interface DriverClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { readonly id: number };
  clearTimeout(handle: { readonly id: number }): void;
}

/** Wall-clock timers, unref'd so an idle driver never keeps a CLI process alive on its own. */
export const realClock: DriverClock = (() => {
  const timers = new Map<number, NodeJS.Timeout>();
  let seq = 0;
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = ++seq;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      t.unref?.();
      timers.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
})();
