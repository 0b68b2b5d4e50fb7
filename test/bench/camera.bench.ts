import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { startKiosk, type KioskProcess } from '../e2e/kiosk-process.ts';
import { documentY4m, fakeCameraArgs, liveFaceY4m } from '../e2e/fixtures/camera-y4m.ts';
import { median, type Benchmark } from './bench.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Cameras in headless Debian Chromium with the WASM backend and a fake camera (Y4M built from an npm
 * sample photo):
 *   - face.model_load_ms: a fresh face worker (the app's own bundle) from init to ready: fetching
 *     the models from the kiosk's origin, compiling the WASM, loading every model the step uses;
 *   - face.fps: the per-frame pass the face step runs during the challenge (detector + mesh + iris on
 *     camera frames, one frame in flight, as the step does), frames per second over 6 s;
 *   - document.autocapture_ms: in the real materials step, from the first frame of the still page
 *     to the JPEG ready (the stillness window, 400 ms by default, is part of it), median of 3.
 */
async function faceFigures(page: Page): Promise<{ loadMs: number; fps: number; frameMs: number }> {
  const worker = fs
    .readdirSync(path.join(ROOT, 'dist/renderer/assets'))
    .find((f) => /^face-worker-.*\.js$/.test(f));
  if (!worker) throw new Error('face worker bundle not found in dist/renderer/assets');
  return page.evaluate(async (workerFile) => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    const w = new Worker(new URL(`assets/${workerFile}`, document.baseURI), { type: 'module' });
    const next = (): Promise<{ type: string; loadMs?: number; message?: string }> =>
      new Promise((r) => (w.onmessage = (e) => r(e.data)));
    const t0 = performance.now();
    const readyP = next();
    w.postMessage({
      type: 'init',
      modelBase: new URL('camera-models/', document.baseURI).href,
      wasmBase: new URL('camera-wasm/', document.baseURI).href,
    });
    const ready = await readyP;
    if (ready.type !== 'ready') throw new Error(`face worker: ${ready.message}`);
    const loadMs = performance.now() - t0;
    const detect = async (): Promise<void> => {
      const b = await createImageBitmap(video);
      const p = next();
      w.postMessage({ type: 'detect', id: 1, bitmap: b, full: false }, [b]);
      const r = await p;
      if (r.type !== 'face') throw new Error(`face worker: ${r.message}`);
    };
    for (let i = 0; i < 5; i++) await detect(); // warm-up: first inferences compile kernels
    let frames = 0;
    const start = performance.now();
    while (performance.now() - start < 6000) {
      await detect();
      frames++;
    }
    const elapsed = performance.now() - start;
    w.terminate();
    stream.getTracks().forEach((t) => t.stop());
    return { loadMs, fps: (frames * 1000) / elapsed, frameMs: elapsed / frames };
  }, worker);
}

async function toMaterials(page: Page, kiosk: KioskProcess): Promise<void> {
  await page.goto(kiosk.appUrl);
  await page.locator('html[data-ready="true"]').waitFor();
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '个人办事' }).click();
  await page.getByLabel('搜索事项').fill('慢特病');
  await page.getByTestId('catalogue-hit').filter({ hasText: '门诊慢特病待遇认定' }).first().click();
  await page.getByTestId('start-flow').click();
  await kiosk.call('idcard.simulate.insert', { card: 0 });
  await page.getByTestId('identity-applicant').filter({ hasText: '已读取' }).waitFor();
  const flow = page.getByTestId('flow');
  await page.getByRole('button', { name: '下一步' }).click();
  for (let i = 0; i < 10 && (await flow.getAttribute('data-step')) !== 'materials'; i++) {
    const stepId = await flow.getAttribute('data-step-id');
    const phone = page.locator('[data-field="applicant.phone"] input');
    if (await phone.count()) await phone.fill('13800001234');
    const reason = page.locator('[data-field="matter.reason"] input');
    if (await reason.count()) await reason.fill('高血压三级');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.waitForFunction(
      (prev) => document.querySelector('[data-testid="flow"]')?.getAttribute('data-step-id') !== prev,
      stepId,
    );
  }
}

const bench: Benchmark = {
  area: 'camera',
  async run(log) {
    await buildRenderer();
    const figures = [];
    {
      const browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(await liveFaceY4m())));
      const kiosk = await startKiosk();
      try {
        const page = await browser.newPage();
        await page.goto(kiosk.appUrl);
        await page.locator('html[data-ready="true"]').waitFor();
        const f = await faceFigures(page);
        log(
          `face: models loaded in ${f.loadMs.toFixed(0)} ms; ${f.fps.toFixed(1)} fps (${f.frameMs.toFixed(0)} ms/frame)`,
        );
        figures.push(
          { name: 'face.fps', value: Number(f.fps.toFixed(1)), unit: 'fps', target: '>= 10' },
          { name: 'face.model_load_ms', value: Math.round(f.loadMs), unit: 'ms', target: null },
        );
      } finally {
        await browser.close();
        await kiosk.stop();
      }
    }
    {
      const browser = await chromium.launch(chromiumLaunchOptions(fakeCameraArgs(documentY4m())));
      const kiosk = await startKiosk();
      const times: number[] = [];
      try {
        const page = await browser.newPage({
          viewport: { width: 1080, height: 1920 },
          deviceScaleFactor: 0.5,
        });
        await toMaterials(page, kiosk);
        const rec = page.locator('[data-material="medical-record"]');
        for (let i = 0; i < 3; i++) {
          await rec.getByTestId('material-camera').click();
          const panel = page.getByTestId('document-capture');
          await page.waitForFunction(
            () =>
              document.querySelector('[data-testid="document-capture"]')?.getAttribute('data-pages') === '1',
            undefined,
            { timeout: 30_000 },
          );
          const ms = Number(await panel.getAttribute('data-autocapture-ms'));
          times.push(ms);
          log(`document run ${i + 1}: still → captured in ${ms.toFixed(0)} ms`);
          await panel.getByRole('button', { name: '取消' }).click();
        }
      } finally {
        await browser.close();
        await kiosk.stop();
      }
      figures.push({
        name: 'document.autocapture_ms',
        value: Math.round(median(times)),
        unit: 'ms',
        target: '<= 800',
      });
    }
    return figures;
  },
};
export default bench;
