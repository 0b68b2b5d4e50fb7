/**
 * The timer surface drivers need. It is structurally the core's Clock (electron/core/clock), so the
 * core passes its own clock and tests pass a FakeClock, while drivers stay importable without the core.
 */
export interface DriverClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { readonly id: number };
  clearTimeout(handle: { readonly id: number }): void;
}

/**
 * Wall-clock timers. Deliberately not unref'd: a pending reconnect or reply timeout is work in
 * progress that must keep a CLI process alive; stop() on the transport/service clears them.
 */
export const realClock: DriverClock = (() => {
  const timers = new Map<number, NodeJS.Timeout>();
  let seq = 0;
  return {
    // Sub-millisecond: byte pacing at 115200 (87 µs a byte) and timeouts both read it.
    now: () => performance.timeOrigin + performance.now(),
    setTimeout(fn, ms) {
      const id = ++seq;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
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
