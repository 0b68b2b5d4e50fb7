import { chromium } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { startKiosk } from '../e2e/kiosk-process.ts';
import { median, percentile, type Benchmark } from './bench.ts';

/**
 * input.candidates_ms: from a tap on a pinyin key to the new candidates painted, measured inside
 * the page (click dispatched → candidate bar mutated → next animation frame), over the letters of
 * several names and words, with the index already loaded (it loads when the keyboard opens).
 * voice.prompt_start_ms: from a tap that changes the screen to the core answering speech.speak,
 * which it does once espeak-ng has produced the audio and playback has started.
 */
const WORDS = ['zhangsan', 'shenfenzheng', 'yinhang', 'wangxiaoming', 'shehuibaoxian'];

const bench: Benchmark = {
  area: 'inclusion',
  async run(log) {
    await buildRenderer();
    const browser = await chromium.launch(chromiumLaunchOptions());
    const kiosk = await startKiosk();
    const taps: number[] = [];
    const prompts: number[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      await page.goto(`${kiosk.baseUrl}/input-lab.html`);
      await page.getByTestId('field-name').click();
      await page.getByTestId('key-a').waitFor();
      // Warm-up: the index loads on first use.
      await page.getByTestId('key-a').click();
      await page.getByTestId('cand-0').waitFor();
      await page.getByTestId('key-clear').click();
      for (const word of WORDS) {
        for (const letter of word) {
          const ms = await page.evaluate(
            (id) =>
              new Promise<number>((resolve) => {
                // The typed letters and the candidates render in one commit; the bar always changes.
                const bar = document.querySelector('[data-testid="candidates"]')!.parentElement!;
                const key = document.querySelector<HTMLButtonElement>(`[data-testid="key-${id}"]`)!;
                const t0 = performance.now();
                const obs = new MutationObserver(() => {
                  obs.disconnect();
                  requestAnimationFrame(() => resolve(performance.now() - t0));
                });
                obs.observe(bar, { childList: true, subtree: true, characterData: true });
                key.click();
              }),
            letter,
          );
          taps.push(ms);
        }
        await page.getByTestId('key-clear').click();
      }
      log(
        `candidates: ${taps.length} taps, median ${median(taps).toFixed(1)} ms, p95 ${percentile(taps, 95).toFixed(1)} ms`,
      );

      const app = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      let asked = 0;
      const answered: number[] = [];
      await app.route('**/api/invoke/speech.speak', async (route) => {
        const response = await route.fetch();
        answered.push(Date.now());
        await route.fulfill({ response });
      });
      await app.goto(kiosk.appUrl);
      await app.locator('html[data-ready="true"]').waitFor();
      const steps = [
        () => app.getByTestId('attract').click(),
        () => app.locator('.tile').nth(2).click(),
        () => app.getByRole('button', { name: '返回' }).click(),
        () => app.locator('.tile').nth(3).click(),
        () => app.getByRole('button', { name: '首页' }).click(),
        () => app.locator('.tile').nth(0).click(),
        () => app.getByRole('button', { name: '首页' }).click(),
      ];
      for (const step of steps) {
        const t0 = Date.now();
        await step();
        asked++;
        while (answered.length < asked) await app.waitForTimeout(5);
        prompts.push(answered[asked - 1]! - t0);
        await app.waitForTimeout(300);
      }
      log(`prompts: ${prompts.map((p) => p.toFixed(0)).join(', ')} ms`);
    } finally {
      await browser.close();
      await kiosk.stop();
    }
    return [
      {
        name: 'input.candidates_ms',
        value: Number(percentile(taps, 95).toFixed(1)),
        unit: 'ms (p95)',
        target: '<= 50',
      },
      {
        name: 'voice.prompt_start_ms',
        value: Math.round(percentile(prompts, 95)),
        unit: 'ms (p95)',
        target: '<= 1000',
      },
    ];
  },
};
export default bench;
