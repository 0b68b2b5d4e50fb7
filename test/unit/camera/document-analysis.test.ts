import { describe, expect, it } from 'vitest';
import {
  findPage,
  laplacianVariance,
  motion,
  pageSize,
  StillnessGate,
  warpQuad,
  type Grey,
  type Quad,
} from '../../../renderer/src/camera/document-analysis.ts';

/** A dark desk with a bright page (a rotated rectangle) carrying dark "text" lines. */
function desk(w: number, h: number, corners: Quad, text = true): Grey {
  const data = new Uint8ClampedArray(w * h).fill(45);
  const inside = (x: number, y: number): boolean => {
    let sign = 0;
    for (let i = 0; i < 4; i++) {
      const a = corners[i]!;
      const b = corners[(i + 1) % 4]!;
      const c = Math.sign((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x));
      if (c === 0) continue;
      if (sign === 0) sign = c;
      else if (c !== sign) return false;
    }
    return true;
  };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (inside(x, y))
        data[y * w + x] = text && y % 8 < 2 && x % 40 < 30 && y > corners[0].y + 15 ? 30 : 240;
  return { width: w, height: h, data };
}

function blur(g: Grey): Grey {
  const { width: w, height: h, data: d } = g;
  const out = new Uint8ClampedArray(d.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const yy = Math.min(h - 1, Math.max(0, y + dy));
          const xx = Math.min(w - 1, Math.max(0, x + dx));
          s += d[yy * w + xx]!;
          n++;
        }
      out[y * w + x] = s / n;
    }
  return { width: w, height: h, data: out };
}

const PAGE: Quad = [
  { x: 110, y: 20 },
  { x: 220, y: 28 },
  { x: 210, y: 175 },
  { x: 100, y: 168 },
];

describe('document analysis', () => {
  it('finds the page corners on a dark desk (within 3 px), text inside does not move them', () => {
    const q = findPage(desk(320, 180, PAGE))!;
    expect(q).not.toBeNull();
    q.forEach((p, i) => {
      expect(Math.abs(p.x - PAGE[i]!.x)).toBeLessThanOrEqual(3);
      expect(Math.abs(p.y - PAGE[i]!.y)).toBeLessThanOrEqual(3);
    });
  });

  it('finds no page when there is none (empty desk, a white wall, a scrap too small to be a page)', () => {
    expect(findPage({ width: 320, height: 180, data: new Uint8ClampedArray(320 * 180).fill(45) })).toBeNull();
    expect(
      findPage({ width: 320, height: 180, data: new Uint8ClampedArray(320 * 180).fill(235) }),
    ).toBeNull();
    const scrap: Quad = [
      { x: 10, y: 10 },
      { x: 40, y: 10 },
      { x: 40, y: 40 },
      { x: 10, y: 40 },
    ];
    expect(findPage(desk(320, 180, scrap))).toBeNull();
  });

  it('sharpness (variance of Laplacian) drops when the page is blurred', () => {
    const sharp = desk(320, 180, PAGE);
    expect(laplacianVariance(sharp)).toBeGreaterThan(4 * laplacianVariance(blur(sharp)));
  });

  it('motion is zero for the same frame and large when the page moves', () => {
    const a = desk(320, 180, PAGE);
    const moved = desk(320, 180, PAGE.map((p) => ({ x: p.x + 25, y: p.y })) as Quad);
    expect(motion(a, a)).toBe(0);
    expect(motion(a, moved)).toBeGreaterThan(10);
  });

  it('the perspective crop flattens the page: no desk left at the edges', () => {
    const g = desk(320, 180, PAGE, false);
    const rgba = new Uint8ClampedArray(g.data.length * 4);
    g.data.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const q = findPage(g)!;
    const size = pageSize(q, 200);
    expect(size.height).toBeGreaterThan(size.width); // portrait page
    const out = warpQuad({ width: 320, height: 180, data: rgba }, q, size.width, size.height);
    let dark = 0;
    for (let i = 0; i < out.length; i += 4) if (out[i]! < 120) dark++;
    expect(dark / (out.length / 4)).toBeLessThan(0.02);
  });

  it('auto-capture fires only after the page was still and sharp for the whole window', () => {
    const gate = new StillnessGate({ stillMs: 400, minSharpness: 40 });
    const ok = { motion: 0.5, sharpness: 120, page: true };
    expect(gate.push(0, ok)).toBeNull();
    expect(gate.push(200, ok)).toBeNull();
    expect(gate.push(300, { ...ok, motion: 9 })).toBeNull(); // moved: start again
    expect(gate.push(400, ok)).toBeNull();
    expect(gate.push(700, { ...ok, sharpness: 10 })).toBeNull(); // blurred: start again
    expect(gate.push(800, ok)).toBeNull();
    expect(gate.push(1250, ok)).toBe(800);
    expect(gate.push(1300, { ...ok, page: false })).toBeNull();
  });
});
