/**
 * The active liveness challenge as a pure state machine over face samples, so it is tested without a
 * camera. What it detects, plainly:
 *   - blink: the eye openness (lid distance over eye height from the face mesh) falls below
 *     `blinkClosedRatio` × the resident's own open-eye baseline and comes back above 0.92 × it;
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
    /** Mean openness of both eyes. */
    openness: number;
  } | null;
}

export interface LivenessOptions {
  blinkClosedRatio: number;
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

export class LivenessChallenge {
  private readonly o: LivenessOptions;
  private readonly order: Challenge[];
  private phase: LivenessState['phase'] = 'align';
  private guidance: Guidance = 'no-face';
  private readonly passed: Challenge[] = [];
  private aligned: { yaw: number; openness: number }[] = [];
  private baseline: { yaw: number; openness: number } | null = null;
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
        this.aligned.push({ yaw: f.yaw, openness: f.openness });
        if (this.aligned.length >= 3) {
          this.baseline = {
            yaw: median(this.aligned.map((a) => a.yaw)),
            openness: median(this.aligned.map((a) => a.openness)),
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
      // The open-eye baseline follows the widest recent opening, so a resident who squinted while
      // aligning is not asked for an impossible blink.
      if (!this.closed && f.openness > b.openness) b.openness = f.openness;
      if (f.openness < this.o.blinkClosedRatio * b.openness) this.closed = true;
      else if (this.closed && f.openness >= 0.92 * b.openness) complete = true;
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
