/**
 * What a benchmark file (test/bench/*.bench.ts) exports as default. Figures are measured in the run
 * that prints them; a ratio is measured side by side with its baseline in the same run.
 */
export interface Figure {
  /** Stable name, as the issues give it (e.g. startup.cold_ms). */
  name: string;
  value: number;
  unit: string;
  /** Target as "<= N" or ">= N"; null when the figure is informational. */
  target: string | null;
}

export interface Benchmark {
  /** Short name of the area, for --only filtering and progress lines. */
  area: string;
  run(log: (line: string) => void): Promise<Figure[]>;
}

export function meetsTarget(value: number, target: string | null): boolean | null {
  if (!target) return null;
  const m = /^(<=|>=|==)\s*(-?[\d.]+)$/.exec(target.trim());
  if (!m) return null;
  const t = Number(m[2]);
  if (m[1] === '<=') return value <= t;
  if (m[1] === '>=') return value >= t;
  return value === t;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}
