import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT, IPC_INVOKE, MAX_NAME_LENGTH } from '../contract/ipc.ts';
import type { Envelope, KioskBridge } from '../contract/index.ts';

const isName = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME_LENGTH;

/**
 * Exactly the contract, nothing else: two named functions. No raw ipcRenderer and no event objects
 * cross into the page. The main process validates every call against the full schemas; this side
 * only refuses what is not even shaped like a call. Bundled into one small CommonJS file, because a
 * sandboxed preload can only require electron.
 */
export const kioskBridge = {
  shell: 'electron',
  invoke(channel: unknown, payload: unknown): Promise<Envelope> {
    if (!isName(channel)) {
      return Promise.resolve({
        ok: false,
        error: {
          kind: 'unknown-channel',
          messageKey: 'errors.unknown-channel',
          detail: 'channel is not a name',
        },
      });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, payload) as Promise<Envelope>;
  },
  on(event: unknown, listener: (payload: unknown) => void): () => void {
    if (!isName(event) || typeof listener !== 'function') return () => undefined;
    const handler = (_e: unknown, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => void ipcRenderer.removeListener(IPC_EVENT, handler);
  },
} satisfies KioskBridge;

contextBridge.exposeInMainWorld('kiosk', kioskBridge);
