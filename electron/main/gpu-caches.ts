import fs from 'node:fs';
import path from 'node:path';

/**
 * Chromium's on-disk GPU, shader and HTTP caches can be left corrupt by a power cut or a full disk,
 * and then every start shows a white window (pain point 10: element-desktop#1713). They are caches:
 * after the second relaunch in a row we delete them before creating the window. Nothing of a
 * resident's is in them (the UI is local and sessions are in-memory).
 */
export const GPU_CACHE_DIRS = [
  'GPUCache',
  'ShaderCache',
  'GrShaderCache',
  'DawnGraphiteCache',
  'DawnWebGPUCache',
  'Cache',
  'Code Cache',
];

/** From this relaunch attempt on, the caches are purged at start. */
export const PURGE_FROM_ATTEMPT = 2;

export function purgeGpuCaches(userDataDir: string, relaunchAttempt: number): string[] {
  if (relaunchAttempt < PURGE_FROM_ATTEMPT) return [];
  const removed: string[] = [];
  for (const name of GPU_CACHE_DIRS) {
    const dir = path.join(userDataDir, name);
    if (!fs.existsSync(dir)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
