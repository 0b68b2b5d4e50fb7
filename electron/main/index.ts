import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
  type WebContents,
} from 'electron';
import { loadConfig, ConfigError } from '../core/config/config.ts';
import { createCore, type Core } from '../core/core.ts';
import { systemClock } from '../core/clock/clock.ts';
import { StoreError } from '../core/store/errors.ts';
import { fileModeSealer, KeyFileError, safeStorageSealer } from '../core/secure/key-sealer.ts';
import { APP_ENTRY, handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { guardWebContents, hardenSession } from './security.ts';
import { createKioskWindow } from './kiosk-window.ts';
import { limitDisplayMediaToKiosk } from './display-media.ts';
import { registerIpc } from './ipc.ts';
import { printToPdfRenderer } from './print-to-pdf.ts';
import { startDemoPlatform, type DemoPlatform } from '../core/demo/demo-platform.ts';
import { createLogger } from '../core/log/logger.ts';
import { RELAUNCH_ARG, RecoveryLadder, relaunchAttemptFromArgv } from './recovery.ts';
import { startShellServices } from './shell-services.ts';
import { purgeGpuCaches } from './gpu-caches.ts';

/**
 * Electron entry: thin glue in a fixed order. Everything with logic lives in modules that take their
 * Electron objects as arguments (tested with a fake electron) or in the Electron-free core.
 * Bundled to dist/electron/main.mjs; the renderer is in dist/renderer, the preload beside this file.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(HERE, '..', 'renderer');
const PRELOAD = path.join(HERE, 'preload.cjs');
const locked = process.env.KIOSK_UNLOCKED !== '1';

function setupSingleInstance(getWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = getWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  return true;
}

function setupRecovery(win: BrowserWindow, core: Core): RecoveryLadder {
  const ladder = new RecoveryLadder(
    systemClock,
    {
      reload: (kind) => {
        // A hung renderer may never finish a plain reload: crash it first so a fresh process starts.
        if (kind === 'unresponsive') win.webContents.forcefullyCrashRenderer();
        core.sessions.end('backstop');
        win.webContents.reload();
      },
      relaunch: (attempt) => {
        const args = process.argv.slice(1).filter((a) => !a.startsWith(RELAUNCH_ARG));
        app.relaunch({ args: [...args, `${RELAUNCH_ARG}${attempt}`] });
        app.exit(0);
      },
      pause: () => void win.loadURL(`${APP_ENTRY}#paused`),
      log: (step, detail) => core.log.warn({ step, ...detail }, 'renderer recovery'),
    },
    undefined,
    relaunchAttemptFromArgv(process.argv),
  );
  win.webContents.on('render-process-gone', (_e, details) => {
    if (details.reason !== 'clean-exit') ladder.failure('render-process-gone');
  });
  win.on('unresponsive', () => ladder.failure('unresponsive'));
  // The page itself failed to load: the same ladder (retry, then relaunch with backoff), never a dead
  // Chromium error page waiting for a technician. -3 (ERR_ABORTED) is a navigation replaced by another.
  win.webContents.on('did-fail-load', (_e, code, _desc, _url, isMainFrame) => {
    if (isMainFrame && code !== -3) ladder.failure('load-failed');
  });
  win.on('responsive', () => ladder.recovered());
  win.webContents.on('did-finish-load', () => ladder.recovered());
  return ladder;
}

async function start(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  if (!setupSingleInstance(() => mainWindow)) return;
  registerAppScheme(protocol);
  app.on('web-contents-created', (_e, contents: WebContents) => guardWebContents(contents));
  await app.whenReady();

  let core: Core;
  let demoPlatform: DemoPlatform | null = null;
  try {
    const config = loadConfig({ KIOSK_DATA_DIR: app.getPath('userData'), ...process.env });
    // Only after 'ready' does safeStorage know its keyring. None (or Linux basic_text): 0600 file.
    const sealer = safeStorageSealer(safeStorage) ?? fileModeSealer;
    demoPlatform = await startDemoPlatform(
      config,
      createLogger({ level: config.log.level }),
      process.env,
      sealer,
    );
    core = await createCore({
      config,
      shell: 'electron',
      sealer,
      version: app.getVersion(),
      printing: { pdfRenderer: printToPdfRenderer(BrowserWindow) },
    });
  } catch (e) {
    // A restart cannot fix these; the message tells the technician what to do.
    if (e instanceof ConfigError || e instanceof StoreError || e instanceof KeyFileError) {
      process.stderr.write(`${e.message}\n`);
      app.exit(2);
      return;
    }
    throw e;
  }
  // Recovery ladder, last rung before pausing: a crash loop may come from corrupt GPU/shader caches.
  const purged = purgeGpuCaches(app.getPath('userData'), relaunchAttemptFromArgv(process.argv));
  if (purged.length) core.log.warn({ purged }, 'GPU and shader caches purged after repeated relaunches');
  Menu.setApplicationMenu(null);
  hardenSession(session.defaultSession);
  handleAppProtocol(protocol, RENDERER_DIR);
  registerIpc(ipcMain, core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  mainWindow = createKioskWindow(BrowserWindow, { preload: PRELOAD, locked });
  limitDisplayMediaToKiosk(session.defaultSession, () => mainWindow?.webContents ?? null);
  const ladder = setupRecovery(mainWindow, core);
  const shell = startShellServices({
    app,
    win: mainWindow,
    core,
    powerSaveBlocker,
    powerMonitor,
    clock: systemClock,
    locked,
    relaunchArgs: () => process.argv.slice(1).filter((a) => !a.startsWith(RELAUNCH_ARG)),
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    ladder.dispose();
    shell.dispose();
    void core.close().then(() => demoPlatform?.close());
  });
}

start().catch((e: unknown) => {
  // Nothing to show a resident yet; exit non-zero so the supervisor (systemd, Shell Launcher) restarts us.
  process.stderr.write(`kiosk failed to start: ${(e as Error).stack ?? String(e)}\n`);
  app.exit(1);
});
