/**
 * Handwriting recognition by stroke matching against Make Me a Hanzi stroke medians (index built at
 * build time). Both the drawing and each template are scaled into a unit box, every stroke is
 * resampled to a fixed number of points, and strokes are aligned in writing order with a small
 * cost for a missing or extra stroke, which is how the elderly most often deviate.
 */
export type Point = readonly [number, number];
export type Stroke = readonly Point[];

export interface HandwritingIndex {
  grid: number;
  chars: string;
  strokes: string[];
}

const SAMPLES = 8;
const SKIP_COST = 0.45;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function resample(stroke: Stroke, n = SAMPLES): Point[] {
  if (stroke.length === 0) return [];
  if (stroke.length === 1) return Array.from({ length: n }, () => stroke[0]!);
  const lens = [0];
  for (let i = 1; i < stroke.length; i++) {
    const [x0, y0] = stroke[i - 1]!;
    const [x1, y1] = stroke[i]!;
    lens.push(lens[i - 1]! + Math.hypot(x1 - x0, y1 - y0));
  }
  const total = lens.at(-1)!;
  if (total === 0) return Array.from({ length: n }, () => stroke[0]!);
  const out: Point[] = [];
  let seg = 1;
  for (let k = 0; k < n; k++) {
    const target = (total * k) / (n - 1);
    while (seg < stroke.length - 1 && lens[seg]! < target) seg++;
    const a = stroke[seg - 1]!;
    const b = stroke[seg]!;
    const span = lens[seg]! - lens[seg - 1]!;
    const t = span === 0 ? 0 : (target - lens[seg - 1]!) / span;
    out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
  }
  return out;
}

/** Scales all strokes together into the unit box (aspect kept, centred) and resamples each. */
export function normalise(strokes: readonly Stroke[]): Point[][] {
  const pts = strokes.flat();
  if (pts.length === 0) return [];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX;
  const h = Math.max(...ys) - minY;
  const size = Math.max(w, h, 1e-6);
  const ox = (size - w) / 2;
  const oy = (size - h) / 2;
  return strokes.map((s) =>
    resample(s.map(([x, y]) => [(x - minX + ox) / size, (y - minY + oy) / size] as Point)),
  );
}

function strokeDistance(a: Point[], b: Point[]): number {
  let d = 0;
  for (let i = 0; i < SAMPLES; i++) d += Math.hypot(a[i]![0] - b[i]![0], a[i]![1] - b[i]![1]);
  return d / SAMPLES;
}

/** Alignment cost of two stroke sequences in writing order, allowing skipped strokes. */
function sequenceDistance(a: Point[][], b: Point[][]): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j * SKIP_COST);
  for (let i = 1; i <= m; i++) {
    const cur = [i * SKIP_COST];
    for (let j = 1; j <= n; j++) {
      cur.push(
        Math.min(
          prev[j - 1]! + strokeDistance(a[i - 1]!, b[j - 1]!),
          prev[j]! + SKIP_COST,
          cur[j - 1]! + SKIP_COST,
        ),
      );
    }
    prev = cur;
  }
  return prev[n]! / Math.max(m, n);
}

function decodeStroke(s: string, grid: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < s.length; i += 2)
    out.push([B64.indexOf(s[i]!) / grid, B64.indexOf(s[i + 1]!) / grid]);
  return out;
}

export class HandwritingEngine {
  private readonly templates: { char: string; strokes: Point[][] }[];

  constructor(index: HandwritingIndex) {
    const chars = [...index.chars];
    this.templates = chars.map((char, i) => ({
      char,
      strokes: normalise((index.strokes[i] ?? '').split(' ').map((s) => decodeStroke(s, index.grid))),
    }));
  }

  /** The stroke medians of a character as the index holds them (unit box), for tests and demos. */
  template(char: string): Point[][] | undefined {
    return this.templates.find((t) => t.char === char)?.strokes;
  }

  /** Best matches for a drawing (points in any coordinate system, y downwards), best first. */
  recognise(strokes: readonly Stroke[], limit = 10): string[] {
    const input = normalise(strokes.filter((s) => s.length > 0));
    const m = input.length;
    if (m === 0) return [];
    const slack = Math.max(2, Math.round(m * 0.25));
    const scored: { char: string; d: number }[] = [];
    for (const t of this.templates) {
      if (Math.abs(t.strokes.length - m) > slack) continue;
      scored.push({ char: t.char, d: sequenceDistance(input, t.strokes) });
    }
    return scored
      .sort((a, b) => a.d - b.d)
      .slice(0, limit)
      .map((s) => s.char);
  }
}
