/**
 * The active liveness challenge as a pure state machine over face samples, so it is tested without a
 * camera. What it detects, plainly:
 *   - blink: while the resident faces the screen (yaw within half a turn of the baseline), the eye
 *     openness from the mesh lids falls below `blinkClosedRatio` × the open-eye baseline, OR the
 *     eye-region contrast (dark iris on white sclera; a closed lid is uniform skin) falls below
 *     `blinkContrastRatio` × its baseline — and then both come back (≥ 0.9 × baseline);
 *   - turn: the head yaw moves at least `turnRadians` away from the baseline yaw (either side).
 * A printed or on-screen photo held still produces neither, so it fails by timeout; a video replay
 * of someone blinking and turning would pass this layer, which is why the passive anti-spoof and
 * liveness scores, the random order, and (on real kiosks) a binocular/IR camera sit beside it.
 */
export type Challenge = 'blink' | 'turn';
export type Guidance = 'no-face' | 'closer' | 'center' | 'hold' | 'blink' | 'turn' | 'done' | 'timeout';

export interface FaceSample {
  /** ms, monotonic */
  t: number;
  face: {
    /** Box in frame fractions (0..1). */
    x: number;
    y: number;
    w: number;
    h: number;
    yaw: number;
    /** Mean openness of both eyes (lid distance over eye height). */
    openness: number;
    /** Grey standard deviation inside the eye boxes. */
    eyeContrast: number;
  } | null;
}

export interface LivenessOptions {
  blinkClosedRatio: number;
  blinkContrastRatio: number;
  turnRadians: number;
  challengeTimeoutMs: number;
}

export interface LivenessState {
  phase: 'align' | 'challenge' | 'done' | 'failed';
  guidance: Guidance;
  order: Challenge[];
  /** Challenges completed, in order. */
  passed: Challenge[];
  current: Challenge | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

/** Random order from an injected source (the renderer passes crypto; tests pass a fixed one). */
export function challengeOrder(random: () => number): Challenge[] {
  return random() < 0.5 ? ['blink', 'turn'] : ['turn', 'blink'];
}

type Baseline = { yaw: number; openness: number; eyeContrast: number };

export class LivenessChallenge {
  private readonly o: LivenessOptions;
  private readonly order: Challenge[];
  private phase: LivenessState['phase'] = 'align';
  private guidance: Guidance = 'no-face';
  private readonly passed: Challenge[] = [];
  private aligned: Baseline[] = [];
  private baseline: Baseline | null = null;
  private startedAt: number | null = null;
  private closed = false;

  constructor(order: Challenge[], o: LivenessOptions) {
    this.order = order;
    this.o = o;
  }

  state(): LivenessState {
    return {
      phase: this.phase,
      guidance: this.guidance,
      order: [...this.order],
      passed: [...this.passed],
      current: this.phase === 'challenge' ? (this.order[this.passed.length] ?? null) : null,
    };
  }

  push(s: FaceSample): LivenessState {
    if (this.phase === 'done' || this.phase === 'failed') return this.state();
    if (this.startedAt !== null && s.t - this.startedAt > this.o.challengeTimeoutMs) {
      this.phase = 'failed';
      this.guidance = 'timeout';
      return this.state();
    }
    const f = s.face;
    if (!f) {
      this.guidance = 'no-face';
      if (this.phase === 'align') this.aligned = [];
      return this.state();
    }
    if (this.phase === 'align') {
      // Close enough (face at least a quarter of the frame wide) and roughly centred, three frames
      // in a row: then the resident's own open-eye and straight-ahead values become the baseline.
      const cx = f.x + f.w / 2;
      const cy = f.y + f.h / 2;
      if (f.w < 0.25) {
        this.guidance = 'closer';
        this.aligned = [];
      } else if (Math.abs(cx - 0.5) > 0.2 || Math.abs(cy - 0.5) > 0.25) {
        this.guidance = 'center';
        this.aligned = [];
      } else {
        this.guidance = 'hold';
        this.aligned.push({ yaw: f.yaw, openness: f.openness, eyeContrast: f.eyeContrast });
        if (this.aligned.length >= 3) {
          this.baseline = {
            yaw: median(this.aligned.map((a) => a.yaw)),
            openness: median(this.aligned.map((a) => a.openness)),
            eyeContrast: median(this.aligned.map((a) => a.eyeContrast)),
          };
          this.phase = 'challenge';
          this.startedAt = s.t;
          this.guidance = this.order[0]!;
        }
      }
      return this.state();
    }
    const b = this.baseline!;
    const current = this.order[this.passed.length]!;
    let complete = false;
    if (current === 'blink') {
      // Eyes are judged only facing the screen: a turned head changes how open they look.
      if (Math.abs(f.yaw - b.yaw) < this.o.turnRadians / 2) {
        const shut =
          f.openness < this.o.blinkClosedRatio * b.openness ||
          f.eyeContrast < this.o.blinkContrastRatio * b.eyeContrast;
        const open = f.openness >= 0.9 * b.openness && f.eyeContrast >= 0.9 * b.eyeContrast;
        if (shut) this.closed = true;
        else if (this.closed && open) complete = true;
        else if (!this.closed && open) {
          // The open-eye baseline follows the widest recent opening, so a resident who squinted
          // while aligning is not asked for an impossible blink.
          b.openness = Math.max(b.openness, f.openness);
          b.eyeContrast = Math.max(b.eyeContrast, f.eyeContrast);
        }
      }
    } else if (Math.abs(f.yaw - b.yaw) >= this.o.turnRadians) complete = true;
    if (complete) {
      this.passed.push(current);
      this.closed = false;
      if (this.passed.length === this.order.length) {
        this.phase = 'done';
        this.guidance = 'done';
      } else this.guidance = this.order[this.passed.length]!;
    } else this.guidance = current;
    return this.state();
  }
}
