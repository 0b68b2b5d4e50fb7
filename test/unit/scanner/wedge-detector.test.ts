import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeStep } from '../../../renderer/src/app/wedge-detector.ts';

const RECEIPT =
  'https://zwfw.example.gov.cn/banjian/chaxun?no=R20261121-0001&k=DEMO-0001&s=Zk3mQ0pX7uY2bT9wLc4vHg';

/**
 * Plays key strokes with the given gaps through the detector the way the DOM wiring does: a held key
 * is typed when the gap timer (maxInterKeyMs) fires before the next key.
 */
function play(
  keys: string[],
  gaps: number[],
  opts = { maxInterKeyMs: 35, minLength: 6, stallToleranceMs: 150 },
) {
  const d = new WedgeDetector(opts);
  let t = 1000;
  let typed = '';
  const scans: string[] = [];
  const passed: string[] = [];
  keys.forEach((key, i) => {
    const gap = gaps[i % gaps.length]!;
    if (d.holding && gap > d.holdMs) typed += d.idle(); // the hold timer fired in the pause
    t += gap;
    const step: WedgeStep = d.key({ key, time: t, special: false });
    if (step.kind === 'scan') scans.push(step.text);
    else {
      typed += step.flush;
      if (step.kind === 'pass') passed.push(key);
    }
  });
  typed += d.idle();
  return { typed, scans, passed };
}

const chars = (s: string): string[] => [...s];

describe('keyboard-wedge detection', () => {
  it('a scanner burst (1–10 ms a key) ending in Enter is a scan, and nothing is typed', () => {
    const r = play([...chars(RECEIPT), 'Enter'], [1, 4, 10, 2]);
    expect(r.scans).toEqual([RECEIPT]);
    expect(r.typed).toBe('');
    expect(r.passed).toEqual([]);
  });

  it('Shift presses inside a burst (capitals) neither break it nor get typed', () => {
    const keys = chars('ESSC01AbCdEf').flatMap((c) => (c >= 'A' && c <= 'Z' ? ['Shift', c] : [c]));
    const r = play([...keys, 'Enter'], [2]);
    expect(r.scans).toEqual(['ESSC01AbCdEf']);
  });

  it('a person typing the same characters — even a fast typist — gets every character typed, never a scan', () => {
    for (const gaps of [[120], [60, 45, 80, 50], [36, 90, 40]]) {
      const r = play([...chars(RECEIPT), 'Enter'], gaps);
      expect(r.scans, `gaps ${gaps.join(',')}`).toEqual([]);
      expect(r.typed).toBe(RECEIPT);
      expect(r.passed).toEqual(['Enter']);
    }
  });

  it('a key roll-over (two keys 10 ms apart) inside slow typing is still typed', () => {
    const r = play([...chars('R2026112'), 'Enter'], [150, 10, 150, 8]);
    expect(r.scans).toEqual([]);
    expect(r.typed).toBe('R2026112');
  });

  it('a fast burst shorter than minLength is typed, not scanned', () => {
    const r = play([...chars('12345'), 'Enter'], [2]);
    expect(r.scans).toEqual([]);
    expect(r.typed).toBe('12345');
  });

  it('Enter arriving after a pause does not make the burst a scan', () => {
    const d = new WedgeDetector({ maxInterKeyMs: 35, minLength: 6 });
    let t = 0; // Enter after 200 ms: longer than any stall tolerance
    for (const c of chars('ABCDEFGH')) d.key({ key: c, time: (t += 2), special: false });
    const step = d.key({ key: 'Enter', time: t + 200, special: false });
    expect(step).toEqual({ kind: 'pass', flush: 'ABCDEFGH' });
  });

  it('two scans back to back are two scans', () => {
    const r = play([...chars('ESSC01ABCDEFGH'), 'Enter', ...chars('6901234567892'), 'Enter'], [3]);
    expect(r.scans).toEqual(['ESSC01ABCDEFGH', '6901234567892']);
    expect(r.typed).toBe('');
  });

  it('Ctrl shortcuts and Backspace pass through and end any held burst', () => {
    const d = new WedgeDetector({ maxInterKeyMs: 35, minLength: 6 });
    d.key({ key: 'a', time: 0, special: false });
    expect(d.key({ key: 'Backspace', time: 5, special: false })).toEqual({ kind: 'pass', flush: 'a' });
    d.key({ key: 'b', time: 10, special: false });
    expect(d.key({ key: 'c', time: 12, special: true })).toEqual({ kind: 'pass', flush: 'b' });
  });

  it('a scanner burst held back once or twice by a busy kiosk (up to 150 ms) is still one scan', () => {
    const gaps = chars(RECEIPT).map((_, i) => (i === 30 || i === 80 ? 120 : 2));
    expect(play([...chars(RECEIPT), 'Enter'], gaps).scans).toEqual([RECEIPT]);
    // A third stall ends it: what was held so far is typed (never silently dropped) and the rest is a
    // separate burst, which the core then refuses as an unknown code.
    const three = chars(RECEIPT).map((_, i) => (i === 20 || i === 40 || i === 60 ? 120 : 2));
    const r = play([...chars(RECEIPT), 'Enter'], three);
    expect(r.typed).toBe(RECEIPT.slice(0, 60));
    expect(r.scans).toEqual([RECEIPT.slice(60)]);
  });

  it('stall tolerance never applies to a person: three quick keys then a pause are typed', () => {
    const r = play([...chars('abcdefgh'), 'Enter'], [20, 20, 120]);
    expect(r.scans).toEqual([]);
    expect(r.typed).toBe('abcdefgh');
  });

  it('thresholds are configuration: a slow scanner (50 ms a key) is caught with maxInterKeyMs 60', () => {
    expect(play([...chars(RECEIPT), 'Enter'], [50]).scans).toEqual([]);
    expect(
      play([...chars(RECEIPT), 'Enter'], [50], { maxInterKeyMs: 60, minLength: 6, stallToleranceMs: 150 })
        .scans,
    ).toEqual([RECEIPT]);
  });
});

describe('hold times', () => {
  it('a person waits at most 100 ms to see a key; a scanner-rhythm burst waits longer for its Enter', () => {
    const d = new WedgeDetector({ maxInterKeyMs: 35, minLength: 6 });
    d.key({ key: 'a', time: 0, special: false });
    expect(d.holdMs).toBe(100);
    d.key({ key: 'b', time: 10, special: false });
    d.key({ key: 'c', time: 20, special: false });
    expect(d.holdMs).toBe(100);
    d.key({ key: 'd', time: 30, special: false });
    expect(d.holdMs).toBe(1000);
    expect(d.idle()).toBe('abcd');
    expect(d.holdMs).toBe(100);
  });
});
