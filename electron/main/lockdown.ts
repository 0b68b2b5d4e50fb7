import type { BrowserWindow, Input } from 'electron';

/**
 * Keyboard lockdown. Electron's `kiosk` is only fullscreen on Linux and Windows (electron#2272):
 * the page still gets reload, devtools, zoom, close and history keys unless we drop them. OS-level
 * keys (Ctrl+Alt+F1, Super) are the session's job: see resources/build/README.md.
 */
type Keys = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'> & { code?: string };

const ALWAYS_BLOCKED = new Set([
  'F1',
  'F3',
  'F5',
  'F6',
  'F7',
  'F10',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'Print',
  'ContextMenu',
  'Help',
  'Close',
  'New',
  'Open',
  'Save',
]);
// With Ctrl (or Cmd): reload, close, quit, new window/tab, devtools, view source, print, save, open,
// find bar, history, downloads, zoom.
const CTRL_BLOCKED = new Set([
  'r',
  'w',
  'q',
  'n',
  't',
  'i',
  'j',
  'c',
  'u',
  'p',
  's',
  'o',
  'f',
  'g',
  'h',
  'd',
  'l',
  'e',
  'k',
  'm',
  '+',
  '=',
  '-',
  '_',
  '0',
  'Add',
  'Subtract',
  'F4',
  'F5',
  'Tab',
  'PageUp',
  'PageDown',
  'Delete',
]);
// Plain copy/paste/select-all stay available: an on-screen keyboard and forms use them.
const CTRL_ALLOWED_UNSHIFTED = new Set(['c', 'x', 'v', 'a', 'z', 'y']);

export function isBlockedInput(input: Keys): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (ALWAYS_BLOCKED.has(key)) return true;
  if (
    input.alt &&
    (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === ' ')
  ) {
    return true;
  }
  if (input.alt && key === 'Alt') return false;
  if (input.control || input.meta) {
    if (!input.shift && CTRL_ALLOWED_UNSHIFTED.has(key)) return false;
    if (CTRL_BLOCKED.has(key)) return true;
    // Ctrl+Shift+anything (devtools variants, reopen tab, clear data): nothing of ours uses it.
    if (input.shift) return true;
  }
  return false;
}

export interface LockdownOptions {
  locked: boolean;
  /** True only while a technician (or the planned restart) has allowed the app to quit. */
  canQuit: () => boolean;
}

/**
 * Applies lockdown to the kiosk window: blocked keys, no closing (Alt+F4, the window manager) unless
 * quitting was allowed, devtools closed the moment they open in production.
 */
export function applyLockdown(win: BrowserWindow, opts: LockdownOptions): void {
  if (!opts.locked) return;
  const wc = win.webContents;
  wc.on('before-input-event', (event, input) => {
    if (isBlockedInput(input)) event.preventDefault();
  });
  wc.on('devtools-opened', () => wc.closeDevTools());
  win.on('close', (event) => {
    if (!opts.canQuit()) event.preventDefault();
  });
}

/** Quit is allowed from technician mode, a platform restart, or the planned restart: one switch. */
export class QuitGate {
  private reason: string | null = null;
  allow(reason: string): void {
    this.reason = reason;
  }
  get allowed(): boolean {
    return this.reason !== null;
  }
  get why(): string | null {
    return this.reason;
  }
}
