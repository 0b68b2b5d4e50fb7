import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { recordPrompts, visibleInstruction, type SpokenPrompt } from './voice-helpers.ts';

/**
 * K8: every screen speaks its instruction within 1 s of appearing, once, with exactly the text
 * shown; replay, stop, volume and headphone controls act on the core's speech port.
 */
async function expectOnePrompt(
  page: Page,
  prompts: SpokenPrompt[],
  since: number,
  what: string,
  shown: () => Promise<string> = () => visibleInstruction(page),
): Promise<void> {
  await page.waitForTimeout(1_400);
  const fresh = prompts.filter((p) => p.at >= since);
  expect(
    fresh.map((p) => p.text),
    `${what}: exactly one prompt`,
  ).toHaveLength(1);
  const p = fresh[0]!;
  expect(p.at - since, `${what}: prompt requested within 1 s`).toBeLessThanOrEqual(1_000);
  expect(p.text, `${what}: spoken text equals the visible instruction`).toBe(await shown());
}

test('one prompt per route change, within 1 s, identical to the visible instruction', async ({
  page,
  kiosk,
}) => {
  const prompts = await recordPrompts(page);
  await page.clock.install();
  await page.goto(kiosk.appUrl);
  await page.locator('html[data-ready="true"]').waitFor();
  await page.waitForTimeout(800);
  expect(prompts, 'the attract screen stays silent (an idle hall is not talked at)').toHaveLength(0);

  const steps: [string, () => Promise<void>][] = [
    ['home', () => page.getByTestId('attract').click()],
    ['personal services', () => page.locator('.tile').nth(0).click()],
    ['back to home', () => page.getByRole('button', { name: '返回' }).click()],
    ['query', () => page.locator('.tile').nth(2).click()],
    ['home button', () => page.getByRole('button', { name: '首页' }).click()],
  ];
  for (const [what, act] of steps) {
    const since = Date.now();
    await act();
    await expectOnePrompt(page, prompts, since, what);
  }
  // 呼叫帮办 opens no new screen but the call panel (here: no platform, so it says it cannot call);
  // what it shows is said too.
  const beforeCall = Date.now();
  await page.getByRole('button', { name: '呼叫帮办', exact: true }).click();
  const panel = page.getByTestId('video-error').or(page.getByTestId('video-status'));
  await expectOnePrompt(page, prompts, beforeCall, 'call for help', async () =>
    (await panel.first().innerText()).replace(/\s+/g, ' ').trim(),
  );
  // The core really synthesised them (espeak-ng, Debian package) and reported the audio length.
  const last = prompts.at(-1)!;
  expect(last.result).toMatchObject({ spoken: true, engine: 'espeak-ng', reason: 'ok' });
  expect(last.result!.durationMs).toBeGreaterThan(300);

  // The idle warning is spoken too (K7: shown and spoken).
  const since = Date.now();
  await page.clock.runFor(61_000);
  await page.getByRole('alertdialog').waitFor();
  await expectOnePrompt(page, prompts, since, 'idle warning');
  expect(prompts.at(-1)!.text).toBe('还在吗？');
});

test('replay repeats the prompt; volume, headphones and mute reach the core and reset for the next resident', async ({
  page,
  kiosk,
}) => {
  const prompts = await recordPrompts(page);
  await page.goto(kiosk.appUrl);
  await page.getByTestId('attract').click();
  await expect.poll(() => prompts.length).toBe(1);
  await page.getByTestId('voice-replay').click();
  await expect.poll(() => prompts.length).toBe(2);
  expect(prompts[1]!.text).toBe(prompts[0]!.text);

  await page.getByTestId('voice-quieter').click();
  await expect(page.getByTestId('voice-status')).toContainText('60%');
  await page.getByTestId('voice-headphones').click();
  await expect(page.getByTestId('voice-headphones')).toHaveAttribute('aria-pressed', 'true');
  expect((await kiosk.call('speech.status')).value).toMatchObject({
    settings: { volume: 0.6, headphones: true },
  });
  await page.getByTestId('voice-mute').click();
  await expect(page.getByTestId('voice-status')).toHaveText('语音已关闭');
  await page.getByTestId('voice-stop').click();

  await kiosk.call('session.end', { reason: 'resident' });
  expect((await kiosk.call('speech.status')).value).toMatchObject({
    settings: { volume: 0.8, headphones: false, muted: false },
  });
});

test('a language without a voice says so and keeps the prompt on screen', async ({ page, kiosk }) => {
  const prompts = await recordPrompts(page);
  await page.goto(kiosk.appUrl);
  await page.getByTestId('attract').click();
  await page.getByTestId('lang-menu').click();
  await page.getByTestId('lang-bo').click();
  await expect(page.getByTestId('voice-status')).toHaveText('སྐད་ཡིག་འདིའི་སྒྲ་གནས་སྐབས་མེད། བརྙན་ཡོལ་གྱི་ཡི་གེ་ལ་ལྟ་རོགས།');
  // No Tibetan voice in the core: the renderer does not ask it to speak Tibetan.
  expect(prompts.filter((p) => p.locale === 'bo')).toHaveLength(0);
  await page.getByTestId('lang-menu').click();
  await page.getByTestId('lang-en').click();
  await expect
    .poll(() => prompts.filter((p) => p.locale === 'en').map((p) => p.text))
    .toEqual(['Hello, please choose a service']);
});
