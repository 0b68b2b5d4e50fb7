/**
 * Keyboard-wedge scanners type a code as key strokes, one every 1–10 ms, ending with Enter. People
 * type at best one key every ~50 ms, and never a dozen in a row under 35 ms. So: every printable key
 * is held back for at most `maxInterKeyMs`; if the next one comes sooner it joins the burst, if not
 * the held keys are typed where they were aimed. A burst of at least `minLength` keys ended by Enter
 * within the same gap is a scan: it is handed on and never typed into the focused field.
 *
 * The cost for a person is a delay of `maxInterKeyMs` per key before it appears, below what anyone
 * notices (the inclusion spec's touch-feedback budget is 100 ms). This file is pure: the DOM wiring is
 * in scanner-provider.tsx, and unit tests drive it with made-up times.
 */
export interface WedgeOptions {
  maxInterKeyMs: number;
  minLength: number;
  /**
   * A burst that is already unmistakably a scanner's (4 keys, each within maxInterKeyMs) survives a
   * pause up to this long, at most twice: a busy kiosk (GC, a render) can hold key events back for a
   * moment, and the scan must not then spill into the field. People never type 4 keys that fast.
   */
  stallToleranceMs?: number;
}

/** Longest a person waits to see a held key typed (inclusion spec K14: feedback within 100 ms). */
export const PERSON_HOLD_MS = 100;
export const SCANNER_BURST_TIMEOUT_MS = 1000;
const FAST_KEYS = 4;
const MAX_STALLS = 2;

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** ms, any monotonic origin */
  time: number;
  /** Ctrl/Alt/Meta held, or an IME composing: never part of a scan. */
  special: boolean;
}

export type WedgeStep =
  /** Hold this key back; first type `flush` (earlier held keys whose burst ended). */
  | { kind: 'hold'; flush: string }
  /** Let this key through unchanged, after typing `flush`. */
  | { kind: 'pass'; flush: string }
  /** The burst was a scan: swallow this Enter and hand `text` on. */
  | { kind: 'scan'; text: string };

const MODIFIER_ONLY = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'Meta', 'AltGraph']);

export class WedgeDetector {
  private readonly opts: WedgeOptions;
  private held: string[] = [];
  private last = 0;
  private fastGaps = 0;
  private stalls = 0;

  constructor(opts: WedgeOptions) {
    this.opts = opts;
  }

  get holding(): boolean {
    return this.held.length > 0;
  }

  private get scannerLike(): boolean {
    return this.held.length >= FAST_KEYS && this.fastGaps >= FAST_KEYS - 1;
  }

  /**
   * How long held keys may wait for the next one before they are typed. A person's keys (never four
   * in a scanner's rhythm) wait at most 100 ms. A burst already in a scanner's rhythm waits up to
   * SCANNER_BURST_TIMEOUT_MS for its Enter: whether later keys belong to it is judged by their event
   * times, so this only matters when the keys' delivery is held up (a busy machine) or the scanner
   * sends no Enter, and no person is kept waiting by it.
   */
  get holdMs(): number {
    return this.scannerLike ? SCANNER_BURST_TIMEOUT_MS : PERSON_HOLD_MS;
  }

  /** The gap timer fired: whatever is held was typed by a person (or a broken burst) and is typed now. */
  idle(): string {
    const text = this.held.join('');
    this.held = [];
    this.fastGaps = 0;
    this.stalls = 0;
    return text;
  }

  key(k: WedgeKey): WedgeStep {
    // Scanners press Shift for capitals; it is neither a character nor a pause.
    if (MODIFIER_ONLY.has(k.key)) return { kind: 'pass', flush: '' };
    const gap = k.time - this.last;
    const fast = this.held.length > 0 && gap <= this.opts.maxInterKeyMs;
    const stall =
      !fast && this.scannerLike && this.stalls < MAX_STALLS && gap <= (this.opts.stallToleranceMs ?? 150);
    const inBurst = fast || stall;
    if (k.special) return { kind: 'pass', flush: this.idle() };
    if (k.key === 'Enter') {
      if (inBurst && this.scannerLike && this.held.length >= this.opts.minLength) {
        return { kind: 'scan', text: this.idle() };
      }
      return { kind: 'pass', flush: this.idle() };
    }
    if ([...k.key].length !== 1) return { kind: 'pass', flush: this.idle() }; // Backspace, arrows, Tab
    const flush = inBurst ? '' : this.idle();
    if (fast) this.fastGaps++;
    if (stall) this.stalls++;
    this.held.push(k.key);
    this.last = k.time;
    return { kind: 'hold', flush };
  }
}
