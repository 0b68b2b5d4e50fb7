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
}

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

  constructor(opts: WedgeOptions) {
    this.opts = opts;
  }

  get holding(): boolean {
    return this.held.length > 0;
  }

  /** The gap timer fired: whatever is held was typed by a person (or a broken burst) and is typed now. */
  idle(): string {
    const text = this.held.join('');
    this.held = [];
    return text;
  }

  key(k: WedgeKey): WedgeStep {
    // Scanners press Shift for capitals; it is neither a character nor a pause.
    if (MODIFIER_ONLY.has(k.key)) return { kind: 'pass', flush: '' };
    const inBurst = this.held.length > 0 && k.time - this.last <= this.opts.maxInterKeyMs;
    if (k.special) return { kind: 'pass', flush: this.idle() };
    if (k.key === 'Enter') {
      if (inBurst && this.held.length >= this.opts.minLength) return { kind: 'scan', text: this.idle() };
      return { kind: 'pass', flush: this.idle() };
    }
    if ([...k.key].length !== 1) return { kind: 'pass', flush: this.idle() }; // Backspace, arrows, Tab
    const flush = inBurst ? '' : this.idle();
    this.held.push(k.key);
    this.last = k.time;
    return { kind: 'hold', flush };
  }
}
