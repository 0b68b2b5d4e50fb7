import type { Page } from '@playwright/test';

/**
 * Every screen and state a resident can reach, and how to reach it from the home screen. The
 * accessibility gate (accessibility.spec.ts) and the voice test run over this list in every
 * language and in elder mode: a new screen is covered by adding one line here.
 */
export interface ScreenState {
  name: string;
  /** From the home screen of a fresh session (attract: from a fresh page load). */
  reach: (page: Page) => Promise<void>;
  /** States that only exist in zh-CN data (e.g. a catalogue entry found by its Chinese name). */
  zhOnly?: boolean;
}

const tile = (n: number) => async (page: Page) => {
  await page.locator('.tile').nth(n).click();
  await page.locator('main h1').waitFor();
};

export const SCREEN_STATES: ScreenState[] = [
  { name: 'attract', reach: async () => undefined },
  { name: 'home', reach: async (page) => void (await page.locator('.tile').first().waitFor()) },
  {
    name: 'home, language menu open',
    reach: async (page) => void (await page.getByTestId('lang-menu').click()),
  },
  { name: 'personal services (catalogue)', reach: tile(0) },
  { name: 'business services (catalogue)', reach: tile(1) },
  {
    name: 'matter guide (办事指南)',
    reach: async (page) => {
      await tile(0)(page);
      await page.getByTestId('catalogue-hit').first().click();
      await page.getByTestId('matter-guide').or(page.getByTestId('bundle-guide')).first().waitFor();
    },
  },
  {
    name: '智能导办 (finder) first question',
    reach: async (page) => {
      await tile(0)(page);
      await page.getByTestId('finder-start').click();
      await page.getByTestId('finder').waitFor();
    },
  },
  {
    name: 'flow: identify step',
    reach: async (page) => {
      await tile(0)(page);
      // Catalogue data is Chinese in every UI language.
      await page.locator('main input').first().fill('养老金认证');
      await page.getByTestId('catalogue-hit').first().click();
      await page.getByTestId('start-flow').click();
      await page.getByTestId('step-identify').waitFor();
    },
  },
  {
    name: 'flow: face step without a camera (demo stand-in, staff check)',
    reach: async (page) => {
      await tile(0)(page);
      await page.locator('main input').first().fill('养老金认证');
      await page.getByTestId('catalogue-hit').first().click();
      await page.getByTestId('start-flow').click();
      await page.getByTestId('simulate-card').click();
      await page
        .getByTestId('identity-applicant')
        .filter({ hasText: /\d{6}\*+/ })
        .waitFor();
      await page.getByTestId('flow-next').click();
      await page.locator('[data-testid="step-face"][data-phase="no-camera"]').waitFor();
    },
  },
  { name: 'query (办件查询)', reach: tile(2) },
  { name: 'call for help', reach: tile(3) },
  {
    name: '呼叫帮办 with no platform reachable',
    reach: async (page) => {
      await page.locator('.global-bar .btn-help').click();
      await page.getByTestId('video-error').waitFor();
    },
  },
  {
    name: 'idle warning dialog',
    reach: async (page) => {
      await page.clock.runFor(61_000);
      await page.getByRole('alertdialog').waitFor();
    },
  },
];

export type Mode = 'zh-CN' | 'elder' | 'en' | 'ug' | 'bo';
export const MODES: Mode[] = ['zh-CN', 'elder', 'en', 'ug', 'bo'];

/** Starts a session from the attract screen and applies the language or elder mode. */
export async function startIn(page: Page, mode: Mode): Promise<void> {
  await page.getByTestId('attract').click();
  await page.locator('.tile').first().waitFor();
  if (mode === 'elder') {
    await page.getByTestId('elder-toggle').click();
    await page.locator('html[data-elder="true"]').waitFor();
  } else if (mode !== 'zh-CN') {
    await page.getByTestId('lang-menu').click();
    await page.getByTestId(`lang-${mode}`).click();
    await page.locator(`html[lang="${mode}"]`).waitFor();
  }
}
