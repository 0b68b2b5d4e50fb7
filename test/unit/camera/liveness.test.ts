import { describe, expect, it } from 'vitest';
import {
  challengeOrder,
  LivenessChallenge,
  type Challenge,
  type FaceSample,
} from '../../../renderer/src/camera/liveness.ts';

const opts = { blinkClosedRatio: 0.6, blinkContrastRatio: 0.75, turnRadians: 0.35, challengeTimeoutMs: 5000 };
// Values measured on the e2e fixture: open eyes 0.29 / 38.8, painted-shut 0.26 / 24.3, mirrored
// (head turned) yaw −0.3 with 0.37 / 43.5.
const face = (o: Partial<NonNullable<FaceSample['face']>> = {}) => ({
  x: 0.3,
  y: 0.2,
  w: 0.45,
  h: 0.6,
  yaw: 0.26,
  openness: 0.29,
  eyeContrast: 38.8,
  ...o,
});
const open = face();
const shut = face({ openness: 0.26, eyeContrast: 24.3 });
const turned = face({ yaw: -0.3, openness: 0.37, eyeContrast: 43.5 });

function run(
  order: Challenge[],
  frames: NonNullable<FaceSample['face']>[] | (NonNullable<FaceSample['face']> | null)[],
  stepMs = 100,
) {
  const c = new LivenessChallenge(order, opts);
  let t = 0;
  let s = c.state();
  for (const f of frames) s = c.push({ t: (t += stepMs), face: f });
  return s;
}

describe('liveness challenge', () => {
  it('passes blink then turn for a live-like sequence', () => {
    const s = run(['blink', 'turn'], [open, open, open, open, shut, shut, open, open, turned]);
    expect(s.phase).toBe('done');
    expect(s.passed).toEqual(['blink', 'turn']);
  });

  it('passes in the other order too (the order is random per attempt)', () => {
    const s = run(['turn', 'blink'], [open, open, open, turned, open, shut, open]);
    expect(s.passed).toEqual(['turn', 'blink']);
    expect(s.phase).toBe('done');
  });

  it('fails a still photo by timeout, whatever the order', () => {
    for (const order of [
      ['blink', 'turn'],
      ['turn', 'blink'],
    ] as Challenge[][]) {
      const s = run(order, Array(80).fill(open));
      expect(s.phase).toBe('failed');
      expect(s.guidance).toBe('timeout');
      expect(s.passed).toEqual([]);
    }
  });

  it('does not count a head turn (eyes look different side-on) as a blink', () => {
    const s = run(['blink', 'turn'], [open, open, open, turned, open, turned, open, turned, open]);
    expect(s.passed).toEqual([]);
    expect(s.current).toBe('blink');
  });

  it('needs the eyes to open again: shut eyes alone are not a blink', () => {
    const s = run(['blink', 'turn'], [open, open, open, shut, shut, shut]);
    expect(s.passed).toEqual([]);
  });

  it('guides the resident closer and to the middle before the challenge starts', () => {
    expect(run(['blink', 'turn'], [face({ w: 0.15 })]).guidance).toBe('closer');
    expect(run(['blink', 'turn'], [face({ x: 0.0 })]).guidance).toBe('center');
    expect(run(['blink', 'turn'], [null]).guidance).toBe('no-face');
    expect(run(['blink', 'turn'], [open, open, open]).guidance).toBe('blink');
  });

  it('a real blink (lids close: openness near zero) passes without any contrast change', () => {
    const s = run(['blink', 'turn'], [open, open, open, face({ openness: 0.05 }), open, turned]);
    expect(s.phase).toBe('done');
  });

  it('draws the order from the random source', () => {
    expect(challengeOrder(() => 0.1)).toEqual(['blink', 'turn']);
    expect(challengeOrder(() => 0.9)).toEqual(['turn', 'blink']);
  });
});

describe('liveness challenge: pose at alignment', () => {
  it('a resident turned while aligning still has the blink seen when facing the screen', () => {
    const s = run(['blink', 'turn'], [turned, turned, turned, open, open, shut, open, open]);
    expect(s.passed).toEqual(['blink', 'turn']);
  });
});
