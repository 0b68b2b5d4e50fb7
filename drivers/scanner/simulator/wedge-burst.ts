/**
 * A keyboard-wedge scanner for browser tests: the key events such a scanner produces for a code
 * (each character as keyDown with text + keyUp, then Enter), as Chrome DevTools Protocol
 * `Input.dispatchKeyEvent` parameters. They are trusted key events: a field that is not protected by
 * the wedge detector really would receive the characters.
 *
 * Sent pipelined (not awaited one by one) they arrive back to back, as from a real scanner, instead
 * of at the mercy of one test-runner round trip per key on a loaded machine.
 */
export interface CdpKeyEvent {
  type: 'keyDown' | 'keyUp' | 'rawKeyDown' | 'char';
  key: string;
  code?: string;
  text?: string;
  unmodifiedText?: string;
  windowsVirtualKeyCode?: number;
  modifiers?: number;
  /** Seconds since the epoch: when the scanner "pressed" the key; becomes KeyboardEvent.timeStamp. */
  timestamp?: number;
}

export interface BurstTiming {
  /** ms since the epoch of the first key (default: now). */
  startMs?: number;
  /** Gap between key strokes; 2 ms is a typical wedge scanner's pace. */
  gapMs?: number;
}

function codeFor(ch: string): { code: string; vk: number } {
  if (/^[a-z]$/i.test(ch)) return { code: `Key${ch.toUpperCase()}`, vk: ch.toUpperCase().charCodeAt(0) };
  if (/^[0-9]$/.test(ch)) return { code: `Digit${ch}`, vk: ch.charCodeAt(0) };
  return { code: '', vk: 0 };
}

export function wedgeKeyEvents(
  code: string,
  terminator: 'Enter' | 'Tab' = 'Enter',
  timing: BurstTiming = {},
): CdpKeyEvent[] {
  const out: CdpKeyEvent[] = [];
  for (const ch of code) {
    const { code: c, vk } = codeFor(ch);
    const down: CdpKeyEvent = { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch };
    if (c) {
      down.code = c;
      down.windowsVirtualKeyCode = vk;
    }
    out.push(down, { type: 'keyUp', key: ch, ...(c ? { code: c, windowsVirtualKeyCode: vk } : {}) });
  }
  if (terminator === 'Enter') {
    out.push(
      {
        type: 'keyDown',
        key: 'Enter',
        code: 'Enter',
        text: '\r',
        unmodifiedText: '\r',
        windowsVirtualKeyCode: 13,
      },
      { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 },
    );
  } else {
    out.push(
      { type: 'rawKeyDown', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 },
      { type: 'keyUp', key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 },
    );
  }
  // Stamp each stroke with the scanner's own timing, so a test runner that delivers events late on a
  // busy machine does not make the scanner look slow (the detector judges by event time).
  const start = timing.startMs ?? Date.now();
  const gap = timing.gapMs ?? 2;
  let stroke = 0;
  for (const e of out) {
    if (e.type !== 'keyUp') stroke++;
    e.timestamp = (start + stroke * gap + (e.type === 'keyUp' ? gap / 2 : 0)) / 1000;
  }
  return out;
}

/** Sends a burst through any CDP `send` (Playwright: `(await context.newCDPSession(page)).send`). */
export async function sendWedgeBurst(
  send: (method: 'Input.dispatchKeyEvent', params: CdpKeyEvent) => Promise<unknown>,
  code: string,
): Promise<void> {
  await Promise.all(wedgeKeyEvents(code).map((e) => send('Input.dispatchKeyEvent', e)));
}
