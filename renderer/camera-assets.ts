import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The face models (from the @vladmandic/human npm package) and the tfjs WASM binaries, copied into
 * the build so the renderer loads them from its own origin: nothing is fetched from a CDN at run
 * time, and the kiosk works offline. Only the models the face step uses are copied.
 */
export const FACE_MODELS = ['blazeface', 'facemesh', 'iris', 'faceres', 'antispoof', 'liveness'];
const WASM = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

export function cameraAssets(): Plugin {
  return {
    name: 'banshi-camera-assets',
    apply: 'build',
    writeBundle(options) {
      const out = options.dir!;
      const models = path.join(out, 'camera-models');
      const wasm = path.join(out, 'camera-wasm');
      fs.mkdirSync(models, { recursive: true });
      fs.mkdirSync(wasm, { recursive: true });
      const modelDir = path.join(root, 'node_modules/@vladmandic/human/models');
      for (const m of FACE_MODELS)
        for (const ext of ['.json', '.bin'])
          fs.copyFileSync(path.join(modelDir, m + ext), path.join(models, m + ext));
      const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
      for (const w of WASM) fs.copyFileSync(path.join(wasmDir, w), path.join(wasm, w));
    },
  };
}
