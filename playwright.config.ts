import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/browser.ts';

// End-to-end tests run in browser mode against Debian's Chromium (nothing is downloaded).
// The electron project runs only where ELECTRON_OVERRIDE_DIST_PATH gives a real Electron binary.
export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  // One retry in CI for known timing races under a loaded 2-core machine (a flow step racing the
  // draft save, listed in the closing note to fix); a retried pass is reported as flaky, not hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  // A subfolder: Playwright empties its output folder at start, and unit tests keep artifacts (receipt PNGs) in test-results/.
  outputDir: 'test-results/e2e',
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1080, height: 1920 },
    deviceScaleFactor: 0.5,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
