import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInputIndexes } from './build-input-index.ts';

/**
 * npm run build: the renderer (Vite) and the Electron bundles (esbuild). The main bundle keeps
 * node_modules external (native modules are unpacked from asar by electron-builder); the preload is
 * one self-contained CommonJS file, because a sandboxed preload can require nothing but electron.
 *   --renderer   only the renderer, and only when its sources changed since the last build
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export async function buildRenderer(force = false): Promise<void> {
  const index = path.join(OUT, 'renderer', 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'renderer')),
    newestMtime(path.join(ROOT, 'electron', 'contract')),
  );
  // The keyboard's pinyin and handwriting indexes are inputs of the renderer build (fetched lazily).
  buildInputIndexes();
  if (!force && fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  // Imported here, not at the top: `npm start` with an up-to-date build should not pay for Vite.
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

export async function buildElectron(): Promise<void> {
  const { build: esbuild } = await import('esbuild');
  const outdir = path.join(OUT, 'electron');
  fs.mkdirSync(outdir, { recursive: true });
  await esbuild({
    entryPoints: { main: path.join(ROOT, 'electron/main/index.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await esbuild({
    entryPoints: { preload: path.join(ROOT, 'electron/preload/index.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
    minify: true,
    logLevel: 'warning',
  });
  // Migrations are read at run time next to the bundle (dist/electron/migrations).
  fs.cpSync(path.join(ROOT, 'electron/core/store/migrations'), path.join(outdir, 'migrations'), {
    recursive: true,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const onlyRenderer = process.argv.includes('--renderer');
  await buildRenderer(!onlyRenderer);
  if (!onlyRenderer) await buildElectron();
}
