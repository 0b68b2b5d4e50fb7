/**
 * Pure image measures for the document camera, run in a worker on a downscaled grey frame:
 * sharpness (variance of the Laplacian), motion against the previous frame, and the page outline
 * (the four corners of the bright paper on a darker desk). Plain arrays, no DOM, so unit tests and
 * the worker share them.
 */
export interface Grey {
  width: number;
  height: number;
  /** 0..255, row-major */
  data: Uint8ClampedArray | Uint8Array;
}

export type Point = { x: number; y: number };
/** Corners in order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

export function toGrey(rgba: Uint8ClampedArray, width: number, height: number): Grey {
  const data = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++)
    data[j] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  return { width, height, data };
}

/** Variance of the 4-neighbour Laplacian: high for crisp text edges, low for blur or motion smear. */
export function laplacianVariance(g: Grey): number {
  const { width: w, height: h, data: d } = g;
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = d[i - w]! + d[i + w]! + d[i - 1]! + d[i + 1]! - 4 * d[i]!;
      sum += v;
      sq += v * v;
      n++;
    }
  }
  if (!n) return 0;
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** Mean absolute difference per pixel between two frames of the same size (0..255). */
export function motion(a: Grey, b: Grey): number {
  if (a.width !== b.width || a.height !== b.height) return 255;
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i]! - b.data[i]!);
  return s / a.data.length;
}

/** Otsu's threshold over the grey histogram: splits paper from desk without a fixed level. */
export function otsu(g: Grey): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of g.data) hist[v]!++;
  const total = g.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let level = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}

/**
 * The page outline: the largest bright region's extreme points along the diagonals (x+y, x−y).
 * Text inside the page is dark but enclosed, so it does not move the extremes. Returns null when the
 * bright region is too small (no page) or touches nothing like a quadrilateral.
 */
export function findPage(g: Grey, minArea = 0.12): Quad | null {
  const t = otsu(g);
  const { width: w, height: h, data: d } = g;
  // Paper must stand out from a darker background: a uniform frame (a wall, an empty desk, the
  // lens covered) has no page, whatever Otsu's split says.
  let nb = 0;
  let sb = 0;
  let sd = 0;
  for (const v of d) {
    if (v > t) {
      nb++;
      sb += v;
    } else sd += v;
  }
  const nd = d.length - nb;
  if (nb === 0 || nd < 0.03 * d.length || sb / nb - sd / nd < 40) return null;
  // Largest 4-connected bright component (flood fill over a bitmap; frames are ~320 px wide).
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  let bestLabel = 0;
  let bestSize = 0;
  let next = 1;
  for (let start = 0; start < w * h; start++) {
    if (label[start] || d[start]! <= t) continue;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let size = 0;
    while (top) {
      const i = stack[--top]!;
      size++;
      const x = i % w;
      const nb = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w];
      for (const j of nb) {
        if (j < 0 || j >= w * h || label[j] || d[j]! <= t) continue;
        label[j] = next;
        stack[top++] = j;
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = next;
    }
    next++;
  }
  if (bestSize < minArea * w * h) return null;
  let tl = { v: Infinity, p: { x: 0, y: 0 } };
  let br = { v: -Infinity, p: { x: 0, y: 0 } };
  let tr = { v: -Infinity, p: { x: 0, y: 0 } };
  let bl = { v: Infinity, p: { x: 0, y: 0 } };
  for (let i = 0; i < w * h; i++) {
    if (label[i] !== bestLabel) continue;
    const x = i % w;
    const y = (i - x) / w;
    if (x + y < tl.v) tl = { v: x + y, p: { x, y } };
    if (x + y > br.v) br = { v: x + y, p: { x, y } };
    if (x - y > tr.v) tr = { v: x - y, p: { x, y } };
    if (x - y < bl.v) bl = { v: x - y, p: { x, y } };
  }
  const q: Quad = [tl.p, tr.p, br.p, bl.p];
  return quadArea(q) >= minArea * w * h ? q : null;
}

export function quadArea(q: Quad): number {
  let a = 0;
  for (let i = 0; i < 4; i++) {
    const p = q[i]!;
    const n = q[(i + 1) % 4]!;
    a += p.x * n.y - n.x * p.y;
  }
  return Math.abs(a) / 2;
}

/**
 * Homography mapping the unit square's corners (0,0),(1,0),(1,1),(0,1) to the quad: used to sample
 * the source for each output pixel of the flattened page (perspective crop).
 */
export function unitSquareToQuad(q: Quad): (u: number, v: number) => Point {
  const [p0, p1, p2, p3] = q;
  const dx1 = p1.x - p2.x;
  const dx2 = p3.x - p2.x;
  const dy1 = p1.y - p2.y;
  const dy2 = p3.y - p2.y;
  const sx = p0.x - p1.x + p2.x - p3.x;
  const sy = p0.y - p1.y + p2.y - p3.y;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = den ? (sx * dy2 - dx2 * sy) / den : 0;
  const h = den ? (dx1 * sy - sx * dy1) / den : 0;
  const a = p1.x - p0.x + g * p1.x;
  const b = p3.x - p0.x + h * p3.x;
  const c = p0.x;
  const d = p1.y - p0.y + g * p1.y;
  const e = p3.y - p0.y + h * p3.y;
  const f = p0.y;
  return (u, v) => {
    const z = g * u + h * v + 1;
    return { x: (a * u + b * v + c) / z, y: (d * u + e * v + f) / z };
  };
}

/** Flattens the quad of an RGBA image into an out-w × out-h RGBA image (bilinear sampling). */
export function warpQuad(
  src: { width: number; height: number; data: Uint8ClampedArray },
  q: Quad,
  outW: number,
  outH: number,
): Uint8ClampedArray<ArrayBuffer> {
  const map = unitSquareToQuad(q);
  const out = new Uint8ClampedArray(outW * outH * 4);
  const { width: w, height: h, data: s } = src;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const p = map((x + 0.5) / outW, (y + 0.5) / outH);
      const fx = Math.min(Math.max(p.x - 0.5, 0), w - 1.001);
      const fy = Math.min(Math.max(p.y - 0.5, 0), h - 1.001);
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      const i00 = (y0 * w + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + w * 4;
      const i11 = i01 + 4;
      const o = (y * outW + x) * 4;
      for (let c = 0; c < 3; c++) {
        const top = s[i00 + c]! * (1 - ax) + s[i10 + c]! * ax;
        const bot = s[i01 + c]! * (1 - ax) + s[i11 + c]! * ax;
        out[o + c] = top * (1 - ay) + bot * ay;
      }
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Portrait or landscape page size for the crop, A4's 1:√2 at about 150 dpi (text stays readable). */
export function pageSize(q: Quad, longSide = 1600): { width: number; height: number } {
  const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const wq = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
  const hq = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
  const ratio = Math.SQRT2;
  return hq >= wq
    ? { width: Math.round(longSide / ratio), height: longSide }
    : { width: longSide, height: Math.round(longSide / ratio) };
}

/** Auto-capture gate: still (low motion) and sharp for `stillMs` in a row. */
export class StillnessGate {
  private since: number | null = null;
  private readonly o: { stillMs: number; minSharpness: number; maxMotion: number };
  constructor(o: { stillMs: number; minSharpness: number; maxMotion?: number }) {
    this.o = { maxMotion: 2.5, ...o };
  }
  /** Returns the time the page became still when it has been still and sharp long enough, else null. */
  push(t: number, m: { motion: number; sharpness: number; page: boolean }): number | null {
    const ok = m.page && m.motion <= this.o.maxMotion && m.sharpness >= this.o.minSharpness;
    if (!ok) {
      this.since = null;
      return null;
    }
    if (this.since === null) this.since = t;
    return t - this.since >= this.o.stillMs ? this.since : null;
  }
  reset(): void {
    this.since = null;
  }
}
