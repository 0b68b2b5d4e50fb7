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
  // Cached results would hide a blink: every frame is measured.
  cacheSensitivity: 0,
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
    iris: { enabled: true },
    emotion: { enabled: false },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
});

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
      const r = await human.detect(
        m.bitmap,
        m.full
          ? ({
              face: { description: { enabled: true }, antispoof: { enabled: true }, liveness: { enabled: true } },
            } as Partial<Config>)
          : undefined,
      );
      m.bitmap.close();
      const f = r.face[0];
      let face: FaceResult | null = null;
      if (f && f.mesh.length > 450) {
        face = {
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
      post({ type: 'face', id: m.id, ms: performance.now() - t0, face });
    } catch (e) {
      post({ type: 'error', id: m.type === 'detect' ? m.id : null, message: e instanceof Error ? e.message : String(e) });
    }
  })();
};
