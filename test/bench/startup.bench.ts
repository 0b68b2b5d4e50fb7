import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { startKiosk } from '../e2e/kiosk-process.ts';
import { median, type Benchmark } from './bench.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = 5;

/** Gzip size of the JavaScript the attract screen needs before it can be touched (entry + preloads). */
function initialJsGzipKb(): number {
  const dir = path.join(ROOT, 'dist', 'renderer');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const srcs = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  let bytes = 0;
  for (const src of new Set(srcs)) bytes += zlib.gzipSync(fs.readFileSync(path.join(dir, src))).length;
  return bytes / 1024;
}

const bench: Benchmark = {
  area: 'startup',
  async run(log) {
    await buildRenderer();
    const browser = await chromium.launch(chromiumLaunchOptions());
    const times: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const page = await browser.newPage();
        // Cold: a new core process with an empty data folder (fresh database, migrations, demo setup).
        const t0 = performance.now();
        const kiosk = await startKiosk();
        await page.goto(kiosk.appUrl);
        await page.locator('html[data-ready="true"]').waitFor();
        await page.getByTestId('attract').waitFor({ state: 'visible' });
        const ms = performance.now() - t0;
        times.push(ms);
        log(`run ${i + 1}: ${ms.toFixed(0)} ms`);
        await page.close();
        await kiosk.stop();
      }
    } finally {
      await browser.close();
    }
    return [
      { name: 'startup.cold_ms', value: Math.round(median(times)), unit: 'ms', target: '<= 1000' },
      {
        name: 'renderer.initial_js_gzip_kb',
        value: Number(initialJsGzipKb().toFixed(1)),
        unit: 'KB',
        target: '<= 200',
      },
    ];
  },
};
export default bench;
