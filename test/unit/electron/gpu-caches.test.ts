import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeGpuCaches } from '../../../electron/main/gpu-caches.ts';

describe('GPU and shader cache purge on repeated relaunches', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-userdata-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const make = (name: string) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'data_0'), 'x');
  };

  it('leaves caches alone on a normal start and the first relaunch, purges them from the second relaunch on', () => {
    for (const n of ['GPUCache', 'ShaderCache', 'Cache', 'Local Storage']) make(n);
    fs.writeFileSync(path.join(dir, 'kiosk.db'), 'db');
    expect(purgeGpuCaches(dir, 0)).toEqual([]);
    expect(purgeGpuCaches(dir, 1)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'GPUCache'))).toBe(true);
    expect(purgeGpuCaches(dir, 2).sort()).toEqual(['Cache', 'GPUCache', 'ShaderCache']);
    expect(fs.existsSync(path.join(dir, 'GPUCache'))).toBe(false);
    // Never the database or anything that is not a cache.
    expect(fs.existsSync(path.join(dir, 'kiosk.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'Local Storage'))).toBe(true);
  });
});
