/// <reference lib="webworker" />
import { Human, type Config } from '@vladmandic/human';
import type { FaceRequest, FaceResponse, FaceResult } from './face-protocol.ts';

/**
 * @vladmandic/human in a worker with the WASM backend: models and wasm binaries come from our own
 * origin (copied into the build by renderer/camera-assets.ts), never from a CDN. The per-frame
 * pass runs detector + mesh + iris only; the template (faceres) and the passive anti-spoof and
 * liveness models run once, on the frame chosen after the challenge, to keep the loop ≥ 10 fps.
 */
let human: Human | null = null;
const post = (m: FaceResponse): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

const baseConfig = (modelBase: string, wasmBase: string): Partial<Config> => ({
  backend: 'wasm',
  wasmPath: wasmBase,
  modelBasePath: modelBase,
  debug: false,
  async: true,
  warmup: 'none',
  cacheModels: false,
  // Between similar frames human reuses the face box (the mesh, hence the blink, is still measured
  // every frame); the full pass below turns caching off.
  cacheSensitivity: 0.7,
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: true, maxDetected: 1, return: false },
    mesh: { enabled: true },
    // The iris model halves the frame rate on a 2-core kiosk and its eye contour is noisy; the blink
    // is read from the mesh lids and the eye-region contrast instead (see liveness.ts).
    iris: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
});

/**
 * Grey-level standard deviation inside both eye boxes (from the mesh's eye corners and lids): an open
 * eye shows dark iris against white sclera, a closed lid is nearly uniform skin.
 */
function eyeContrast(bitmap: ImageBitmap, mesh: number[][]): number {
  const boxes = [
    [33, 133, 159, 145],
    [263, 362, 386, 374],
  ].map((ids) => {
    const pts = ids.map((i) => mesh[i] ?? [0, 0]);
    const xs = pts.map((p) => p[0]!);
    const ys = pts.map((p) => p[1]!);
    const w = Math.max(...xs) - Math.min(...xs);
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    // A box as tall as half the eye width around the lids' middle: covers an open eye, not the brow.
    return {
      x: Math.round(Math.min(...xs)),
      y: Math.round(cy - w / 4),
      w: Math.max(2, Math.round(w)),
      h: Math.max(2, Math.round(w / 2)),
    };
  });
  let sum = 0;
  for (const b of boxes) {
    // Only the eye box is copied out of the frame: two small reads per frame, not a full one.
    const x = Math.max(0, Math.min(b.x, bitmap.width - 2));
    const y = Math.max(0, Math.min(b.y, bitmap.height - 2));
    const w = Math.min(b.w, bitmap.width - x);
    const h = Math.min(b.h, bitmap.height - y);
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(bitmap, x, y, w, h, 0, 0, w, h);
    const d = g.getImageData(0, 0, w, h).data;
    let s = 0;
    let sq = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i]! * 77 + d[i + 1]! * 150 + d[i + 2]! * 29) >> 8;
      s += v;
      sq += v * v;
    }
    sum += Math.sqrt(Math.max(0, sq / n - (s / n) ** 2));
  }
  return sum / boxes.length;
}

const FAST_PASS = {
  cacheSensitivity: 0.7,
  face: { description: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
} as Partial<Config>;
const FULL_PASS = {
  cacheSensitivity: 0,
  face: { description: { enabled: true }, antispoof: { enabled: true }, liveness: { enabled: true } },
} as Partial<Config>;

function openness(mesh: number[][]): number {
  const at = (i: number): number[] => mesh[i] ?? [0, 0, 0];
  const eye = (a: number, b: number, c: number, d: number): number =>
    Math.abs(at(a)[1]! - at(b)[1]!) / Math.max(1e-6, Math.abs(at(c)[1]! - at(d)[1]!));
  return (eye(374, 386, 443, 450) + eye(145, 159, 223, 230)) / 2;
}

self.onmessage = (ev: MessageEvent<FaceRequest>) => {
  const m = ev.data;
  void (async () => {
    try {
      if (m.type === 'init') {
        if (human) return;
        const t0 = performance.now();
        human = new Human(baseConfig(m.modelBase, m.wasmBase));
        // All models the step will use, loaded once now (the full pass enables them per call).
        await human.load({
          face: {
            enabled: true,
            description: { enabled: true },
            antispoof: { enabled: true },
            liveness: { enabled: true },
          },
        } as Partial<Config>);
        post({ type: 'ready', loadMs: performance.now() - t0, backend: human.tf.getBackend() as string });
        return;
      }
      if (!human) throw new Error('face engine not initialised');
      const t0 = performance.now();
      const { width, height } = m.bitmap;
      // human.detect merges the per-call config into its own, so both modes are spelled out each
      // time. The full pass runs uncached: the anti-spoof and liveness scores of an earlier frame
      // must never stand in for this one.
      const r = await human.detect(m.bitmap, m.full ? FULL_PASS : FAST_PASS);
      const f = r.face[0];
      let face: FaceResult | null = null;
      if (f && f.mesh.length > 450) {
        face = {
          eyeContrast: eyeContrast(m.bitmap, f.mesh as number[][]),
          x: f.box[0] / width,
          y: f.box[1] / height,
          w: f.box[2] / width,
          h: f.box[3] / height,
          score: f.score,
          yaw: f.rotation?.angle.yaw ?? 0,
          openness: openness(f.mesh as number[][]),
          real: m.full ? (f.real ?? null) : null,
          live: m.full ? (f.live ?? null) : null,
          embedding: m.full && f.embedding?.length ? Array.from(f.embedding) : null,
        };
      }
      m.bitmap.close();
      post({ type: 'face', id: m.id, ms: performance.now() - t0, face });
    } catch (e) {
      post({
        type: 'error',
        id: m.type === 'detect' ? m.id : null,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  })();
};
