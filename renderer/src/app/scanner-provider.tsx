import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { KioskClient } from '../../../electron/contract/index.ts';
import type { ScanResult, WedgeSettings } from '../../../electron/contract/scanner.ts';
import { WedgeDetector } from './wedge-detector.ts';

type ScanHandler = (scan: ScanResult) => void;
const ScanContext = createContext<{ current: ScanHandler | null }>({ current: null });

/** Types text held back by the wedge detector where the person aimed it (React sees a normal input). */
function typeInto(target: EventTarget | null, text: string): void {
  if (!text) return;
  const el = target as HTMLElement | null;
  if (
    !el ||
    !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) ||
    el.readOnly ||
    el.disabled
  ) {
    return;
  }
  if (document.activeElement !== el) el.focus();
  // insertText keeps the caret, selection and undo, and fires the input event React listens to.
  if (document.execCommand('insertText', false, text)) return;
  const start = el.selectionStart ?? el.value.length;
  el.setRangeText(text, start, el.selectionEnd ?? start, 'end');
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Where scans reach the screens: codes from the HID/serial scanner arrive as `scanner.scan` events;
 * a keyboard-wedge scanner is caught here from key strokes and classified by the core. The screen on
 * top registers its handler with useScan(); a scan with no handler is dropped (never typed anywhere).
 */
export function ScannerProvider({ client, children }: { client: KioskClient; children: ReactNode }) {
  const handler = useRef<ScanHandler | null>(null);

  useEffect(() => client.on('scanner.scan', (s) => handler.current?.(s)), [client]);

  useEffect(() => {
    let settings: WedgeSettings | null = null;
    let detector: WedgeDetector | null = null;
    let target: EventTarget | null = null;
    let timer: number | undefined;
    let disposed = false;
    client
      .call('scanner.settings', {})
      .then((s) => {
        if (disposed || !s.wedge.enabled) return;
        settings = s.wedge;
        detector = new WedgeDetector(s.wedge);
      })
      .catch(() => undefined);

    const onIdle = (): void => {
      timer = undefined;
      if (detector) typeInto(target, detector.idle());
    };
    const onKey = (e: KeyboardEvent): void => {
      if (!detector || !settings) return;
      const step = detector.key({
        key: e.key,
        // The event's own time (when the key arrived), not when this handler got to run: a busy
        // renderer must not turn a scanner's back-to-back keys into "slow" ones.
        time: e.timeStamp || performance.now(),
        // A key a field already consumed (e.g. pinyin typed into the candidate bar) is the app's.
        special: e.ctrlKey || e.altKey || e.metaKey || e.isComposing || e.defaultPrevented,
      });
      if (step.kind === 'scan') {
        e.preventDefault();
        e.stopImmediatePropagation();
        window.clearTimeout(timer);
        client
          .call('scanner.classify', { text: step.text, source: 'wedge' })
          .then((r) => handler.current?.(r))
          .catch(() => undefined);
        return;
      }
      if (step.flush) typeInto(target, step.flush);
      if (step.kind === 'hold') {
        e.preventDefault();
        target = e.target;
        window.clearTimeout(timer);
        // Membership of a burst is judged by event time (above); this timer only decides when held
        // keys are typed for a person (within 100 ms), or gives up on a stalled scanner burst.
        timer = window.setTimeout(onIdle, detector.holdMs);
      }
    };
    // Enter is judged in the capture phase, before any field or form handler: a scan's Enter must
    // reach none of them. Other keys in the bubble phase, after the app's own key handlers, so a
    // key the app consumed is left to it; holding a key back there still stops its default action.
    const onEnterCapture = (e: KeyboardEvent): void => {
      if (e.key === 'Enter') onKey(e);
    };
    const onKeyBubble = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter') onKey(e);
    };
    window.addEventListener('keydown', onEnterCapture, true);
    window.addEventListener('keydown', onKeyBubble);
    return () => {
      disposed = true;
      window.clearTimeout(timer);
      window.removeEventListener('keydown', onEnterCapture, true);
      window.removeEventListener('keydown', onKeyBubble);
    };
  }, [client]);

  return <ScanContext.Provider value={handler}>{children}</ScanContext.Provider>;
}

/** The calling screen receives scans while it is mounted (the most recently mounted screen wins). */
export function useScan(fn: ScanHandler): void {
  const ref = useContext(ScanContext);
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => {
    const h: ScanHandler = (s) => latest.current(s);
    ref.current = h;
    return () => {
      if (ref.current === h) ref.current = null;
    };
  }, [ref]);
}
