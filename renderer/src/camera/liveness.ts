/**
 * The active liveness challenge as a pure state machine over face samples, so it is tested without a
 * camera. What it detects, plainly:
 *   - blink: at one head pose (yaw bucket of half a turn), the eye openness from the mesh lids falls
 *     below `blinkClosedRatio` × the open-eye reference of that pose, OR the eye-region contrast
 *     (dark iris on white sclera; a closed lid is uniform skin) falls below `blinkContrastRatio` ×
 *     its reference — and then both come back (≥ 0.9 × reference) at the same pose;
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
  /** Open-eye reference per head-pose bucket, and the bucket in which the eyes were seen shut. */
  private readonly openEyes = new Map<number, { openness: number; eyeContrast: number }>();
  private closedAt: number | null = null;

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

  private bucket(yaw: number): number {
    return Math.round(yaw / (this.o.turnRadians / 2));
  }

  /** Aligning frames (eyes open, facing the screen) give the open-eye reference of their pose. */
  private seedOpenEyes(f: { yaw: number; openness: number; eyeContrast: number }): void {
    const k = this.bucket(f.yaw);
    const cur = this.openEyes.get(k);
    this.openEyes.set(k, {
      openness: Math.max(cur?.openness ?? 0, f.openness),
      eyeContrast: Math.max(cur?.eyeContrast ?? 0, f.eyeContrast),
    });
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
        this.seedOpenEyes(f);
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
      // Eyes are compared only with the same head pose (yaw buckets of half a turn): a turned head
      // changes how open the eyes look, and the resident may have been turned while aligning.
      const bucket = this.bucket(f.yaw);
      const open0 = this.openEyes.get(bucket);
      if (!open0) this.seedOpenEyes(f);
      else {
        const shut =
          f.openness < this.o.blinkClosedRatio * open0.openness ||
          f.eyeContrast < this.o.blinkContrastRatio * open0.eyeContrast;
        const open = f.openness >= 0.9 * open0.openness && f.eyeContrast >= 0.9 * open0.eyeContrast;
        if (shut) this.closedAt = bucket;
        else if (this.closedAt === bucket && open) complete = true;
        else if (open && this.closedAt === null) {
          // The open-eye reference follows the widest recent opening, so a resident who squinted
          // at first is not asked for an impossible blink.
          open0.openness = Math.max(open0.openness, f.openness);
          open0.eyeContrast = Math.max(open0.eyeContrast, f.eyeContrast);
        }
      }
    } else if (Math.abs(f.yaw - b.yaw) >= this.o.turnRadians) complete = true;
    if (complete) {
      this.passed.push(current);
      this.closedAt = null;
      if (this.passed.length === this.order.length) {
        this.phase = 'done';
        this.guidance = 'done';
      } else this.guidance = this.order[this.passed.length]!;
    } else this.guidance = current;
    return this.state();
  }
}
