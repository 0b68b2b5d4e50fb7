import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { cameraAssets } from './camera-assets.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// The renderer is served from app:// in Electron and from the loopback bridge in browser mode:
// relative asset paths work in both, and no inline script is emitted (strict CSP).
export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // input-lab.html: the technician's keyboard self-check page (issue 8); not loaded by the app.
    rollupOptions: {
      input: { main: path.join(here, 'index.html'), 'input-lab': path.join(here, 'input-lab.html') },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [cameraAssets()],
});
