import { test, expect } from './fixtures.ts';
import { axeFindings, layoutFindings, textSpacingFindings, type Finding } from './a11y-checks.ts';
import { MODES, SCREEN_STATES, startIn } from './screen-states.ts';

/**
 * K19 gate: every screen state (screen-states.ts) in zh-CN, elder mode, en, ug and bo has 0 axe
 * violations (WCAG 2.0–2.2 A/AA), text and target sizes within the design system's numbers, and
 * survives the WCAG 1.4.12 text-spacing overrides without clipping.
 */
// The modes are independent (each its own kiosk) and mostly wait on the page: both workers take them.
test.describe.configure({ mode: 'parallel' });

for (const mode of MODES) {
  test(`accessibility gate: every screen state in ${mode}`, async ({ page, kiosk }) => {
    // 16 states, each with axe, layout and text-spacing checks: ~1.5 min quiet, ~3 under load.
    test.setTimeout(360_000);
    const elder = mode === 'elder';
    const failures: string[] = [];
    await page.clock.install();
    for (const state of SCREEN_STATES) {
      if (state.zhOnly && mode !== 'zh-CN' && mode !== 'elder') continue;
      // A real reload per state: going to the same URL again would only change the hash.
      await page.goto('about:blank');
      await page.goto(kiosk.appUrl);
      await page.locator('html[data-ready="true"]').waitFor();
      if (state.name !== 'attract') {
        await startIn(page, mode);
        await state.reach(page);
      } else if (mode !== 'zh-CN') {
        continue; // The attract screen shows the configured default language only.
      }
      await page.waitForTimeout(150);
      const findings: Finding[] = [
        ...(await axeFindings(page, elder)),
        ...(await layoutFindings(page, {
          minFont: elder ? 32 : 24,
          minHeading: elder ? 40 : 24,
          minTarget: 60,
          minGap: 8,
        })),
        ...(await textSpacingFindings(page)),
      ];
      for (const f of findings)
        failures.push(`[${mode}] ${state.name}: ${f.rule} at ${f.where} — ${f.detail}`);
      if (mode === 'ug') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
}

test('pseudo-locale (+50 % text) overflows nothing on the home screen and the services', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(180_000);
  const url = kiosk.appUrl.replace('/#', '/?pseudo#');
  const failures: string[] = [];
  for (const state of SCREEN_STATES.filter((s) => !s.name.includes('idle') && s.name !== 'attract')) {
    await test.step(state.name, async () => {
      await page.goto('about:blank');
      await page.goto(url);
      await startIn(page, 'zh-CN');
      await state.reach(page);
      await expect(page.locator('.global-bar')).toContainText('］');
      for (const f of await textSpacingFindings(page))
        failures.push(`${state.name}: ${f.where} — ${f.detail}`);
    });
  }
  expect(failures, failures.join('\n')).toEqual([]);
});
