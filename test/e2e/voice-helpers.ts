import type { Page } from '@playwright/test';

export interface SpokenPrompt {
  text: string;
  locale: string;
  /** Date.now() when the renderer asked the core to speak. */
  at: number;
  /** What the core answered (spoken by which engine, or why not). */
  result?: { spoken: boolean; engine: string; reason: string; durationMs: number };
}

/**
 * Listens to the speech port where it crosses into the core (the renderer's speech.speak calls):
 * the "screen off" view of a journey. Requests still reach the real core, which synthesises with
 * espeak-ng.
 */
export async function recordPrompts(page: Page): Promise<SpokenPrompt[]> {
  const prompts: SpokenPrompt[] = [];
  await page.route('**/api/invoke/speech.speak', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { text: string; locale: string };
    const entry: SpokenPrompt = { text: body.text, locale: body.locale, at: Date.now() };
    prompts.push(entry);
    // The kiosk may already be stopping when the last screen's prompt is in flight (test teardown):
    // that request is dropped, it is not a failure of what the test checks.
    let response;
    try {
      response = await route.fetch();
    } catch {
      await route.abort().catch(() => undefined);
      return;
    }
    const json = (await response.json()) as { ok: boolean; value?: SpokenPrompt['result'] };
    if (json.ok) entry.result = json.value;
    await route.fulfill({ response, json }).catch(() => undefined);
  });
  return prompts;
}

/** The instruction a resident sees: the marked prompt, the dialog title, or the screen heading. */
export async function visibleInstruction(page: Page): Promise<string> {
  const dialog = page.locator('[role="alertdialog"] h2');
  if (await dialog.count()) return (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  const marked = page.locator('[data-screen-prompt]');
  if (await marked.count()) return (await marked.first().innerText()).replace(/\s+/g, ' ').trim();
  return (await page.locator('main h1').first().innerText()).replace(/\s+/g, ' ').trim();
}
