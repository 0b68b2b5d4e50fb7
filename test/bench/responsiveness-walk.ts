import type { Page } from '@playwright/test';
import { tapper, type TapTiming } from './tap-probe.ts';

/**
 * K14 in ../shared/specs/inclusion.md, walked as a resident on a touch screen (real touch events):
 * - feedback: tap → the pressed look painted, on home tiles, the global bar, keyboard keys and
 *   下一步/返回 in a matter's steps;
 * - local: tap → the next screen's heading visible and stable, when no core call is needed for it
 *   (home tiles, 首页, 返回列表);
 * - backend: the same, when the screen waits on the core (open a 办事指南, 开始办理, 下一步 and 返回
 *   between steps, which save the draft).
 */
export interface Responsiveness {
  /** pointerdown → the frame after the one whose style shows the pressed look (rAF, in the page). */
  feedback: number[];
  /**
   * Chromium's Event Timing duration of the same pointerdowns, logged as a cross-check only
   * (0 = under 16 ms). It agrees with `feedback` except for the first touch after a tap that
   * changed screen, where Chromium reports the touch's pointerdown up to the paint after the
   * finger lifts; a CDP screencast of those taps showed the pressed look presented ~25 ms after
   * touchStart, so that entry measures something else.
   */
  eventTiming: number[];
  local: number[];
  backend: number[];
}

const ROUNDS = 8;
const HOME = { selector: 'main h1', text: '您好' };
const TILES = [
  { tile: '.tile-personal', heading: '个人办事' },
  { tile: '.tile-legal', heading: '法人办事' },
  { tile: '.tile-query', heading: '办件查询' },
];
const GLOBAL_HOME = '.global-bar button:has-text("首页")';
const KEYS = 'shebaoyiliaoxian';

function take(into: number[], what: string, t: TapTiming): void {
  if (t.how === 'timeout') throw new Error(`${what}: no answer within the probe's time limit`);
  into.push(t.ms);
}

export async function walkResponsiveness(page: Page): Promise<Responsiveness> {
  const r: Responsiveness = { feedback: [], eventTiming: [], local: [], backend: [] };
  const probe = await tapper(page);
  const tap = {
    ready: probe.ready,
    async feedback(selector: string): Promise<TapTiming> {
      const t = await probe.feedback(selector);
      if (t.how === 'timeout') return t;
      if (typeof t.eventTiming === 'number') r.eventTiming.push(t.eventTiming);
      return t;
    },
  };
  const visible = (selector: string, text: string) =>
    page.locator(selector, { hasText: text }).first().waitFor();

  await page.locator('html[data-ready="true"]').waitFor();
  take(r.backend, 'attract', await tap.ready('[data-testid="attract"]', HOME));

  // Home and back, alternating which tap is timed for feedback and which for the screen.
  for (let i = 0; i < ROUNDS; i++) {
    const { tile, heading } = TILES[i % TILES.length]!;
    if (i % 2 === 0) {
      take(r.feedback, tile, await tap.feedback(tile));
      await visible('main h1', heading);
      take(r.local, '首页', await tap.ready(GLOBAL_HOME, HOME));
    } else {
      take(r.local, tile, await tap.ready(tile, { selector: 'main h1', text: heading }));
      take(r.feedback, '首页', await tap.feedback(GLOBAL_HOME));
      await visible('main h1', HOME.text);
    }
  }

  // The kiosk keyboard in the catalogue search.
  take(r.local, '个人办事', await tap.ready('.tile-personal', { selector: 'main h1', text: '个人办事' }));
  await page.locator('#cat-query').click();
  await page.getByTestId('key-a').waitFor();
  for (const c of KEYS) take(r.feedback, `key-${c}`, await tap.feedback(`[data-testid="key-${c}"]`));
  await page.getByTestId('key-clear').click();
  await page.getByTestId('key-done').click();

  // A 办事指南 (catalogue.matter) and back to the list, a few times.
  await page.getByLabel('搜索事项').fill('慢特病');
  const hit = '[data-testid="catalogue-hit"]:has-text("门诊慢特病待遇认定")';
  for (let i = 0; i < 3; i++) {
    await page.locator(hit).first().waitFor();
    take(r.backend, '办事指南', await tap.ready(hit, { selector: 'main h1', text: '门诊慢特病待遇认定' }));
    take(r.local, '返回列表', await tap.ready('.cat-back', { selector: 'main h1', text: '个人办事' }));
  }
  await page.locator(hit).first().click();
  take(
    r.backend,
    '开始办理',
    await tap.ready('[data-testid="start-flow"]', {
      selector: '[data-testid="flow"][data-step="identify"] .flow-progress',
    }),
  );

  // Steps: 下一步 (identify → form) and 返回, each a save or a step change in the core.
  await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
  await page.getByLabel('姓名').fill('王五');
  await page.getByLabel('身份证号码').fill('11010519491231002X');
  await page.getByRole('button', { name: '确认' }).click();
  await page.getByTestId('identity-applicant').filter({ hasText: '王五' }).waitFor();
  const stepChanged = async (): Promise<{ selector: string }> => {
    const before = await page.getByTestId('flow').getAttribute('data-step-id');
    return { selector: `[data-testid="flow"]:not([data-step-id="${before}"]) .flow-progress` };
  };
  const next = '[data-testid="flow-next"]';
  const back = '.flow-footer button:has-text("返回")';
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      take(r.backend, '下一步', await tap.ready(next, await stepChanged()));
      take(r.feedback, '返回', await tap.feedback(back));
    } else {
      const to = await stepChanged();
      take(r.feedback, '下一步', await tap.feedback(next));
      await page.locator(to.selector).waitFor();
      take(r.backend, '返回', await tap.ready(back, await stepChanged()));
    }
    await page.getByTestId('flow').and(page.locator('[data-step="identify"]')).waitFor();
  }
  return r;
}
