import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableCompileCache } from '../electron/web/compile-cache.ts';
import { buildElectron, buildRenderer } from './build.ts';

/**
 * npm start: the kiosk in Electron when an Electron binary is present (node_modules/electron/dist or
 * ELECTRON_OVERRIDE_DIST_PATH); otherwise one line says so and browser mode starts instead.
 * npm run start:web: browser mode directly.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  const rel = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : 'electron';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel)
    : path.join(pkg, 'dist', rel);
  return fs.existsSync(candidate) ? candidate : null;
}

enableCompileCache();
const web = process.argv.includes('--web');
await buildRenderer();
const electron = web ? null : electronBinary();
if (!web && !electron) {
  process.stdout.write(
    '未找到 Electron 可执行文件，改用浏览器模式启动 (Electron binary not found: starting browser mode)\n',
  );
}
if (electron) {
  await buildElectron();
  const child = spawn(electron, [ROOT], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { runBrowserMode } = await import('../electron/web/browser-mode.ts');
  await runBrowserMode(process.argv.slice(2).filter((a) => a !== '--web'));
}
