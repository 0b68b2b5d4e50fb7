import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, KioskError, type Envelope } from '../contract/index.ts';
import type { Core } from '../core/core.ts';
import { isTrustedUrl } from './security.ts';

/**
 * The Electron transport of the contract: one invoke channel into the core's dispatcher, one event
 * channel out. A call from any frame not served by app://kiosk is refused before the core sees it.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Core, 'dispatch' | 'subscribe'>,
  targets: () => WebContents[],
): () => void {
  ipcMain.handle(
    IPC_INVOKE,
    async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown): Promise<Envelope> => {
      if (!isTrustedUrl(event.senderFrame?.url)) {
        return { ok: false, error: new KioskError('unauthorized', 'IPC from an untrusted frame').toData() };
      }
      return core.dispatch(channel, payload, { shell: 'electron' });
    },
  );
  const unsubscribe = core.subscribe((name, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(IPC_EVENT, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
