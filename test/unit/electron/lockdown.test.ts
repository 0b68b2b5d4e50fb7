import { describe, expect, it, vi } from 'vitest';
import { electronModule, FakeBrowserWindow } from './fake-electron.ts';

vi.mock('electron', () => electronModule());

const { isBlockedInput, applyLockdown, QuitGate } = await import('../../../electron/main/lockdown.ts');

type K = { key: string; control?: boolean; shift?: boolean; alt?: boolean; meta?: boolean; type?: string };
const down = (k: K) => ({
  type: k.type ?? 'keyDown',
  key: k.key,
  control: k.control ?? false,
  shift: k.shift ?? false,
  alt: k.alt ?? false,
  meta: k.meta ?? false,
});

describe('lockdown keys', () => {
  it('drops reload, devtools, zoom, close, fullscreen, print and history shortcuts', () => {
    const blocked: K[] = [
      { key: 'F5' },
      { key: 'F11' },
      { key: 'F12' },
      { key: 'r', control: true },
      { key: 'R', control: true, shift: true },
      { key: 'I', control: true, shift: true },
      { key: 'J', control: true, shift: true },
      { key: 'C', control: true, shift: true },
      { key: 'w', control: true },
      { key: 'q', control: true },
      { key: 'F4', alt: true },
      { key: 'F4', control: true },
      { key: '+', control: true },
      { key: '=', control: true },
      { key: '-', control: true },
      { key: '0', control: true },
      { key: 'p', control: true },
      { key: 'u', control: true },
      { key: 'n', control: true },
      { key: 't', control: true },
      { key: 'T', control: true, shift: true },
      { key: 'ArrowLeft', alt: true },
      { key: 'BrowserBack' },
      { key: 'r', meta: true },
    ];
    for (const k of blocked) expect(isBlockedInput(down(k)), JSON.stringify(k)).toBe(true);
  });

  it('lets residents type: letters, digits, Chinese IME keys, Enter, Backspace, and copy/paste', () => {
    const allowed: K[] = [
      { key: 'a' },
      { key: 'R', shift: true },
      { key: '7' },
      { key: 'Enter' },
      { key: 'Backspace' },
      { key: 'Process' },
      { key: 'Escape' },
      { key: 'ArrowLeft' },
      { key: 'c', control: true },
      { key: 'v', control: true },
      { key: 'a', control: true },
      { key: 'F5', type: 'keyUp' },
    ];
    for (const k of allowed) expect(isBlockedInput(down(k)), JSON.stringify(k)).toBe(false);
  });

  it('prevents blocked keys on the window, closes devtools the moment they open, and refuses to close until quitting is allowed', () => {
    const win = new FakeBrowserWindow({});
    const gate = new QuitGate();
    applyLockdown(win as never, { locked: true, canQuit: () => gate.allowed });
    const press = (k: K): boolean => {
      let prevented = false;
      win.webContents.emit('before-input-event', { preventDefault: () => (prevented = true) }, down(k));
      return prevented;
    };
    expect(press({ key: 'F5' })).toBe(true);
    expect(press({ key: 'I', control: true, shift: true })).toBe(true);
    expect(press({ key: 'x' })).toBe(false);
    win.webContents.emit('devtools-opened');
    expect(win.webContents.devtoolsClosed).toBe(1);
    expect(win.tryClose()).toBe(false);
    gate.allow('technician');
    expect(win.tryClose()).toBe(true);
  });

  it('leaves a technician development run (unlocked) alone', () => {
    const win = new FakeBrowserWindow({});
    applyLockdown(win as never, { locked: false, canQuit: () => false });
    expect(win.webContents.listenerCount('before-input-event')).toBe(0);
    expect(win.tryClose()).toBe(true);
  });
});
