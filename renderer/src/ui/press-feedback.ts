import './press-feedback.css';

/**
 * Marks the button under a finger as pressed (data-pressed="true") on pointerdown, so it changes
 * look within a frame of the touch (K14: visual feedback ≤ 100 ms).
 *
 * Why not `:active`: on a touch screen Chromium sets :active only once it is sure the touch is a
 * tap and not a scroll. Measured with the tap probe of the inclusion bench, a finger held 400 ms on a home
 * tile got no :active look at all before it lifted, so an elderly resident who presses slowly sees
 * nothing and presses again.
 *
 * The look changes colour only, never size or place: a button that moves under a finger between
 * pointerdown and pointerup loses the tap (see the save-on-blur note in flows/FlowScreen.tsx).
 */

const TARGETS = 'button, [role="button"], [role="tab"], [role="option"]';

export function installPressFeedback(doc: Document = document): () => void {
  // Released on lift with no minimum time: the look is there from the first frame of the touch, so
  // a finger (~100 ms) sees it, and no timer is left to keep a stale look under a paused clock.
  const held = new Map<number, HTMLElement>();

  const down = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const el = e.target instanceof Element ? e.target.closest<HTMLElement>(TARGETS) : null;
    if (!el || el.matches(':disabled, [aria-disabled="true"]')) return;
    el.dataset.pressed = 'true';
    held.set(e.pointerId, el);
  };
  const up = (e: PointerEvent): void => {
    const el = held.get(e.pointerId);
    if (!el) return;
    held.delete(e.pointerId);
    // Another finger may still be on the same button.
    if (![...held.values()].includes(el)) delete el.dataset.pressed;
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
