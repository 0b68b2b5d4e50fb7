import type { CDPSession, Page } from '@playwright/test';

/**
 * Times taps inside the page, from the pointerdown the browser dispatched for a real touch to the
 * frame that shows the answer, so Playwright's own round trips never count.
 *
 * A finger is a touchStart, a hold, then a touchEnd sent over CDP (the same input path as
 * `touchscreen.tap`, which cannot hold): a resident's finger rests on the glass for ~100 ms, and
 * the pressed look must show while it is still down, not after it lifts.
 */

/** What the page resolves for one tap: ms from pointerdown, and how the answer showed. */
export interface TapTiming {
  ms: number;
  how: 'pressed' | 'replaced' | 'ready' | 'timeout';
  /**
   * Chromium's own figure for the same pointerdown (Event Timing: event time to the next paint,
   * 8 ms steps), as a cross-check; 0 when under the API's 16 ms floor, null when not reported.
   */
  eventTiming?: number | null;
}

type Want =
  | { kind: 'feedback' }
  /** A heading (or other element) matching selector, containing text, visible and not moving. */
  | { kind: 'ready'; selector: string; text?: string };

declare global {
  interface Window {
    __tapProbe?: Promise<TapTiming>;
    __pointerdowns?: PerformanceEventTiming[];
    __tapDown?: number;
  }
}

const TIMEOUT_MS = 10_000;

/** Arms the probe for the element under (x, y); the next pointerdown anywhere starts the clock. */
function arm(page: Page, x: number, y: number, want: Want): Promise<void> {
  return page.evaluate(
    ({ x, y, want, timeoutMs }) => {
      const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('button, [role="button"], input');
      if (!el) throw new Error(`nothing to tap at ${x},${y}`);
      // The properties a pressed look may change; layout ones are left out on purpose (a pressed
      // button that moved would lose the tap).
      const look = (e: HTMLElement): string => {
        const s = getComputedStyle(e);
        return [s.backgroundColor, s.borderColor, s.boxShadow, s.filter, s.color, s.opacity, s.outline].join(
          '|',
        );
      };
      const rest = look(el);
      const armed = performance.now();
      let down: number | null = null;
      document.addEventListener(
        'pointerdown',
        (e) => {
          down = e.timeStamp;
          window.__tapDown = e.timeStamp;
        },
        { capture: true, once: true },
      );
      window.__tapProbe = new Promise<TapTiming>((resolve) => {
        let lastRect = '';
        const frame = (): void => {
          if (down !== null) {
            const t0 = down;
            if (want.kind === 'feedback') {
              const how = !el.isConnected ? 'replaced' : look(el) !== rest ? 'pressed' : null;
              if (how) {
                // Style read in this frame's callback is what this frame paints: the next
                // callback comes after that paint.
                requestAnimationFrame(() => resolve({ ms: performance.now() - t0, how }));
                return;
              }
            } else {
              const hit = [...document.querySelectorAll<HTMLElement>(want.selector)].find(
                (h) => !want.text || (h.textContent ?? '').includes(want.text),
              );
              const r = hit?.getBoundingClientRect();
              const rect =
                r && r.width > 0 && r.height > 0 && r.top < innerHeight
                  ? `${r.x},${r.y},${r.width},${r.height}`
                  : '';
              // Painted in the previous frame and not moved since: visible and stable.
              if (rect && rect === lastRect && document.fonts.status === 'loaded') {
                resolve({ ms: performance.now() - t0, how: 'ready' });
                return;
              }
              lastRect = rect;
            }
          }
          if (performance.now() - armed > timeoutMs) {
            resolve({ ms: NaN, how: 'timeout' });
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    { x, y, want, timeoutMs: TIMEOUT_MS },
  );
}

/** A finger on the glass: down, held until `holdUntil` settles (or maxHoldMs), then lifted. */
async function finger(cdp: CDPSession, x: number, y: number, holdUntil: Promise<unknown>, maxHoldMs: number) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await Promise.race([holdUntil, new Promise((r) => setTimeout(r, maxHoldMs))]);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
}

export interface Tapper {
  /** Touch feedback for one tap on `selector` (the finger lifts once the pressed look is painted). */
  feedback(selector: string): Promise<TapTiming>;
  /** One tap on `selector`, timed to the next screen's `ready` element visible and stable. */
  ready(selector: string, ready: { selector: string; text?: string }): Promise<TapTiming>;
}

/** Keeps the Event Timing entries of pointerdowns (those of 16 ms or more, the API's floor). */
function observeEventTiming(page: Page): Promise<void> {
  return page.evaluate(() => {
    if (window.__pointerdowns) return;
    const seen: PerformanceEventTiming[] = (window.__pointerdowns = []);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[])
        if (e.name === 'pointerdown') seen.push(e);
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  });
}

export async function tapper(page: Page): Promise<Tapper> {
  const cdp = await page.context().newCDPSession(page);
  await observeEventTiming(page);
  const result = (): Promise<TapTiming> => page.evaluate(() => window.__tapProbe!);
  return {
    async feedback(selector) {
      const { x, y } = await centre(page, selector);
      await arm(page, x, y, { kind: 'feedback' });
      const timing = result();
      // A real finger stays down ~100 ms; held longer only while we wait for the answer (capped
      // short of a long press).
      await finger(cdp, x, y, timing, 400);
      const t = await timing;
      // Entries are queued after the paint: give the observer a moment before reading.
      await page.waitForTimeout(50);
      t.eventTiming = await page.evaluate(() => {
        if (typeof PerformanceEventTiming === 'undefined') return null;
        const last = window.__pointerdowns?.at(-1);
        // Only an entry for this tap's pointerdown counts; none means it took under 16 ms.
        return last && last.startTime === window.__tapDown ? last.duration : 0;
      });
      return t;
    },
    async ready(selector, ready) {
      const { x, y } = await centre(page, selector);
      await arm(page, x, y, { kind: 'ready', ...ready });
      await finger(cdp, x, y, new Promise((r) => setTimeout(r, 80)), 80);
      return result();
    },
  };
}
