import './press-feedback.css';

/**
 * Marks the button under a finger as pressed (data-pressed="true") on pointerdown, so it changes
 * look within a frame of the touch (K14: visual feedback ≤ 100 ms).
 *
 * Why not `:active`: on a touch screen Chromium sets :active only once it is sure the touch is a
 * tap and not a scroll. Measured with test/bench/inclusion.bench.ts, a finger held 400 ms on a home
 * tile got no :active look at all before it lifted, so an elderly resident who presses slowly sees
 * nothing and presses again.
 *
 * The look changes colour only, never size or place: a button that moves under a finger between
 * pointerdown and pointerup loses the tap (see the save-on-blur note in flows/FlowScreen.tsx).
 */

const TARGETS = 'button, [role="button"], [role="tab"], [role="option"]';
/** A quick tap still shows: the look stays at least this long (Chromium keeps :active 150 ms too). */
export const MIN_PRESSED_MS = 120;

export function installPressFeedback(doc: Document = document): () => void {
  const held = new Map<number, { el: HTMLElement; at: number }>();

  const down = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const el = e.target instanceof Element ? e.target.closest<HTMLElement>(TARGETS) : null;
    if (!el || el.matches(':disabled, [aria-disabled="true"]')) return;
    el.dataset.pressed = 'true';
    held.set(e.pointerId, { el, at: e.timeStamp });
  };
  const up = (e: PointerEvent): void => {
    const h = held.get(e.pointerId);
    if (!h) return;
    held.delete(e.pointerId);
    const release = (): void => {
      // Another finger may have pressed the same button meanwhile.
      if (![...held.values()].some((o) => o.el === h.el)) delete h.el.dataset.pressed;
    };
    const left = MIN_PRESSED_MS - (e.timeStamp - h.at);
    if (left > 0) setTimeout(release, left);
    else release();
  };

  // Capture: a control that stops propagation (the keyboard keeps focus in its field) still shows.
  const opts = { capture: true, passive: true } as const;
  doc.addEventListener('pointerdown', down, opts);
  doc.addEventListener('pointerup', up, opts);
  doc.addEventListener('pointercancel', up, opts);
  return () => {
    doc.removeEventListener('pointerdown', down, opts);
    doc.removeEventListener('pointerup', up, opts);
    doc.removeEventListener('pointercancel', up, opts);
  };
}
