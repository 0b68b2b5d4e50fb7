import fs from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { startKiosk } from '../e2e/kiosk-process.ts';
import { percentile, type Benchmark } from './bench.ts';

/**
 * Matter flows in browser mode.
 * - flow.step_p95_ms: tap on 下一步/返回 to the next step rendered (the step id changed and a frame
 *   was painted), timed inside the page so Playwright's own round trips do not count.
 * - soak: resident sessions one after another (start a matter, identify, type, walk away; the idle
 *   timeout wipes), with Playwright's fake clock driving the idle timer. Heap and RSS are compared
 *   after a warm-up and after the last session, each after a forced GC.
 * Sessions: FLOWS_SOAK_SESSIONS (default 1000); step samples: FLOWS_STEP_SAMPLES (default 60).
 */
const SESSIONS = Number(process.env.FLOWS_SOAK_SESSIONS ?? 1000);
const STEP_SAMPLES = Number(process.env.FLOWS_STEP_SAMPLES ?? 60);
const WARMUP = Math.min(20, Math.max(1, Math.floor(SESSIONS / 10)));
const IDLE_S = 20;
const COUNTDOWN_S = 5;

async function openChronic(page: Page): Promise<void> {
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '个人办事' }).click();
  await page.getByLabel('搜索事项').fill('慢特病');
  await page.clock.runFor(300); // the search field's typing pause
  await page.getByTestId('catalogue-hit').filter({ hasText: '门诊慢特病待遇认定' }).first().click();
  await page.getByTestId('start-flow').click();
  await page.getByTestId('step-identify').waitFor();
  await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
  await page.getByLabel('姓名').fill('王五');
  await page.getByLabel('身份证号码').fill('11010519491231002X');
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByTestId('identity-applicant').filter({ hasText: '王五' }).waitFor();
}

/** Clicks a button by its text inside the page and resolves when the flow shows another step, painted. */
function timedStep(page: Page, label: string): Promise<number> {
  return page.evaluate(async (text) => {
    const flow = document.querySelector<HTMLElement>('[data-testid="flow"]')!;
    const before = flow.dataset.stepId;
    const button = [...flow.querySelectorAll<HTMLButtonElement>('.flow-footer button')].find(
      (b) => b.textContent === text,
    )!;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const obs = new MutationObserver(() => {
        const now = document.querySelector<HTMLElement>('[data-testid="flow"]');
        if (now && now.dataset.stepId !== before) {
          obs.disconnect();
          requestAnimationFrame(() => resolve());
        }
      });
      obs.observe(document.body, { attributes: true, subtree: true, childList: true });
      button.click();
    });
    return performance.now() - t0;
  }, label);
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1024 / 1024;
}

/**
 * The renderer wipes itself first and tells the core afterwards; a tap within milliseconds could
 * start the next session before the core has ended the last one. A person is never that fast.
 */
async function sessionGone(kiosk: { call: (c: string) => Promise<{ value?: unknown }> }): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = (await kiosk.call('session.current')).value as { session: unknown } | undefined;
    if (r && r.session === null) return;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error('the core did not end the session');
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const bench: Benchmark = {
  area: 'flows',
  async run(log) {
    await buildRenderer();
    const kiosk = await startKiosk({
      KIOSK_IDLE_SECONDS: String(IDLE_S),
      KIOSK_COUNTDOWN_SECONDS: String(COUNTDOWN_S),
    });
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 0.5 });
      await page.clock.install();
      await page.goto(kiosk.appUrl);
      await page.locator('html[data-ready="true"]').waitFor();

      // Step transitions: identify ⇄ form ⇄ 办理信息 ⇄ materials, forward and back.
      await openChronic(page);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.locator('[data-field="applicant.phone"] input').fill('13912345678');
      await page.getByRole('button', { name: '返回' }).first().click();
      const steps: number[] = [];
      while (steps.length < STEP_SAMPLES) {
        steps.push(await timedStep(page, '下一步'));
        const kind = await page.getByTestId('flow').getAttribute('data-step');
        if (kind === 'form' && (await page.locator('[data-field="matter.reason"] input').count())) {
          await page.locator('[data-field="matter.reason"] input').fill('高血压');
        }
        if (kind === 'materials') {
          while ((await page.getByTestId('flow').getAttribute('data-step')) !== 'identify') {
            steps.push(await timedStep(page, '返回'));
          }
        }
      }
      const p95 = percentile(steps, 95);
      log(
        `step transitions: ${steps.length}, p50 ${percentile(steps, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
      );
      await page.clock.runFor((IDLE_S + COUNTDOWN_S + 1) * 1000);
      await page.getByTestId('attract').waitFor();
      await sessionGone(kiosk);

      // Soak.
      const t0 = performance.now();
      let heap0 = 0;
      let rss0 = 0;
      for (let i = 1; i <= SESSIONS; i++) {
        await openChronic(page);
        await page.getByRole('button', { name: '下一步' }).click();
        await page.locator('[data-field="applicant.phone"] input').fill('13912345678');
        // The resident walks away: warning, countdown, wipe.
        await page.clock.runFor((IDLE_S + COUNTDOWN_S + 1) * 1000);
        await page.getByTestId('attract').waitFor();
        await sessionGone(kiosk);
        if (i === WARMUP) {
          heap0 = await heapMb(page);
          rss0 = rssMb(kiosk.child.pid!);
          log(
            `after warm-up (${WARMUP} sessions): heap ${heap0.toFixed(2)} MB, core RSS ${rss0.toFixed(1)} MB`,
          );
        }
        if (i % 100 === 0) log(`${i} sessions, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      const heap1 = await heapMb(page);
      const rss1 = rssMb(kiosk.child.pid!);
      const seconds = (performance.now() - t0) / 1000;
      log(
        `after ${SESSIONS} sessions (${seconds.toFixed(0)} s): heap ${heap1.toFixed(2)} MB, core RSS ${rss1.toFixed(1)} MB`,
      );
      return [
        { name: 'flow.step_p95_ms', value: Number(p95.toFixed(1)), unit: 'ms', target: '<= 100' },
        {
          name: 'soak.renderer_heap_growth_mb',
          value: Number((heap1 - heap0).toFixed(2)),
          unit: 'MB',
          target: '<= 2',
        },
        {
          name: 'soak.core_rss_growth_mb',
          value: Number((rss1 - rss0).toFixed(1)),
          unit: 'MB',
          target: '<= 10',
        },
        { name: 'soak.sessions', value: SESSIONS, unit: 'sessions', target: null },
        { name: 'soak.duration_s', value: Math.round(seconds), unit: 's', target: null },
      ];
    } catch (e) {
      if (process.env.FLOWS_BENCH_DEBUG)
        await browser.contexts()[0]?.pages()[0]?.screenshot({ path: '/tmp/flows-bench.png' });
      throw e;
    } finally {
      await browser.close();
      await kiosk.stop();
    }
  },
};
export default bench;
