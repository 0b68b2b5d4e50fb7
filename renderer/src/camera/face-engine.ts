import type { FaceRequest, FaceResponse, FaceResult } from './face-protocol.ts';

/**
 * The one face worker of the renderer. `preloadFaceEngine()` starts the model load in the
 * background at start-up (only where a camera exists); the face step then finds it ready.
 */
export interface FaceEngine {
  ready: Promise<{ loadMs: number; backend: string }>;
  detect(bitmap: ImageBitmap, full: boolean): Promise<{ ms: number; face: FaceResult | null }>;
}

let engine: FaceEngine | null = null;

export function assetUrl(dir: string): string {
  return new URL(dir, document.baseURI).href;
}

export function faceEngine(): FaceEngine {
  if (engine) return engine;
  const worker = new Worker(new URL('./face-worker.ts', import.meta.url), { type: 'module', name: 'face' });
  const waiting = new Map<
    number,
    { resolve: (v: { ms: number; face: FaceResult | null }) => void; reject: (e: Error) => void }
  >();
  let seq = 0;
  let onReady: ((v: { loadMs: number; backend: string }) => void) | null = null;
  let onFail: ((e: Error) => void) | null = null;
  const ready = new Promise<{ loadMs: number; backend: string }>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  worker.onmessage = (ev: MessageEvent<FaceResponse>) => {
    const m = ev.data;
    if (m.type === 'ready') onReady?.({ loadMs: m.loadMs, backend: m.backend });
    else if (m.type === 'face') {
      waiting.get(m.id)?.resolve({ ms: m.ms, face: m.face });
      waiting.delete(m.id);
    } else if (m.id === null) {
      onFail?.(new Error(m.message));
      engine = null;
    } else {
      waiting.get(m.id)?.reject(new Error(m.message));
      waiting.delete(m.id);
    }
  };
  worker.onerror = (e) => {
    onFail?.(new Error(e.message || 'face worker failed'));
    for (const w of waiting.values()) w.reject(new Error('face worker failed'));
    waiting.clear();
    engine = null;
  };
  const init: FaceRequest = {
    type: 'init',
    modelBase: assetUrl('camera-models/'),
    wasmBase: assetUrl('camera-wasm/'),
  };
  worker.postMessage(init);
  engine = {
    ready,
    detect(bitmap, full) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const req: FaceRequest = { type: 'detect', id, bitmap, full };
        worker.postMessage(req, [bitmap]);
      });
    },
  };
  return engine;
}

/** Start-up: load the models in the background when the kiosk has a camera at all. */
export function preloadFaceEngine(): void {
  if (!navigator.mediaDevices?.enumerateDevices) return;
  void navigator.mediaDevices
    .enumerateDevices()
    .then((ds) => {
      if (ds.some((d) => d.kind === 'videoinput')) void faceEngine().ready.catch(() => undefined);
    })
    .catch(() => undefined);
}
