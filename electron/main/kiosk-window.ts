import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY } from './app-protocol.ts';

export interface KioskWindowOptions {
  preload: string;
  /** Production kiosk: fullscreen, no frame, no devtools. Off for technicians' development runs. */
  locked: boolean;
}

/** Every security-relevant webPreference is spelled out, so a changed Electron default cannot loosen it. */
export function kioskWindowOptions(opts: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1080,
    height: 1920,
    show: false,
    backgroundColor: '#0b4f9c',
    kiosk: opts.locked,
    fullscreen: opts.locked,
    frame: !opts.locked,
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !opts.locked,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

export function createKioskWindow(
  BrowserWindowCtor: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  opts: KioskWindowOptions,
): BrowserWindow {
  const win = new BrowserWindowCtor(kioskWindowOptions(opts));
  win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
