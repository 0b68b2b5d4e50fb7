import { describe, expect, it } from 'vitest';
import { runCrashTrials } from './crash-harness.ts';

// CI runs 200 trials (about a minute on two idle cores); npm run bench runs 1000+.
const TRIALS = Number(process.env.SYNC_CRASH_TRIALS ?? 200);

describe('crash trials: SIGKILL at random points of submit and sync', () => {
  it(`after ${TRIALS} kills every committed application is on the platform exactly once with matching materials`, async () => {
    const r = await runCrashTrials({ trials: TRIALS, log: (l) => console.log(l) });
    console.log(
      `crash trials: ${r.trials} trials, ${r.killed} killed, ${r.committed} committed, ${r.onPlatform} on platform, ` +
        `lost ${r.lost}, duplicated ${r.duplicated}, bad digests ${r.badDigests}, stuck ${r.stuckRows}, ` +
        `integrity kiosk=${r.integrityKiosk} platform=${r.integrityPlatform}`,
    );
    // The kills must really have landed mid-work, or the trial proves nothing.
    expect(r.killed).toBeGreaterThan(TRIALS * 0.8);
    expect(r.committed).toBeGreaterThan(0);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.badDigests).toBe(0);
    expect(r.stuckRows).toBe(0);
    expect(r.onPlatform).toBe(r.committed);
    expect(r.integrityKiosk).toBe('ok');
    expect(r.integrityPlatform).toBe('ok');
  }, 600_000);
});
