import { test as base } from '@playwright/test';
import { startKiosk, type KioskProcess } from './kiosk-process.ts';

/**
 * `kiosk`: a browser-mode kiosk process with its own data folder, demo devices, and the settings a
 * test passes through `kioskEnv` (e.g. short idle times). Stopped and wiped after the test.
 */
export const test = base.extend<{ kioskEnv: Record<string, string>; kiosk: KioskProcess }>({
  kioskEnv: [{}, { option: true }],
  kiosk: async ({ kioskEnv }, use) => {
    const k = await startKiosk(kioskEnv);
    await use(k);
    await k.stop();
  },
});
export { expect } from '@playwright/test';
