import { describe, expect, it } from 'vitest';
import {
  HIGH_KBPS,
  LOW_KBPS,
  SAMPLES,
  initialBandwidth,
  nextBandwidth,
} from '../../../renderer/src/video/bandwidth.ts';

const run = (samples: (number | null)[]) => samples.reduce(nextBandwidth, initialBandwidth);

describe('audio-only fallback', () => {
  it('drops to voice only after a sustained low uplink, not on one dip', () => {
    expect(run([800, LOW_KBPS - 1, 800]).audioOnly).toBe(false);
    expect(run(Array(SAMPLES).fill(LOW_KBPS - 1)).audioOnly).toBe(true);
  });

  it('comes back only after the link stayed well above the threshold', () => {
    const low = run(Array(SAMPLES).fill(80));
    expect(nextBandwidth(nextBandwidth(low, LOW_KBPS + 10), LOW_KBPS + 10).audioOnly).toBe(true);
    expect([...Array(SAMPLES)].reduce((s) => nextBandwidth(s, HIGH_KBPS + 1), low).audioOnly).toBe(false);
  });

  it('a missing estimate changes nothing', () => {
    const low = run(Array(SAMPLES).fill(80));
    expect(nextBandwidth(low, null)).toBe(low);
  });
});
