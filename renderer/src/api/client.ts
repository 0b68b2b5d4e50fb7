import { createClient } from '../../../electron/contract/client.ts';
import type { KioskBridge, KioskClient } from '../../../electron/contract/index.ts';
import { createWebBridge } from './web-bridge.ts';

declare global {
  interface Window {
    /** Present in the Electron shell (exposed by the preload); absent in browser mode. */
    kiosk?: KioskBridge;
  }
}

/** The one client of the core, whichever shell the renderer runs in. */
export function connectClient(): KioskClient {
  return createClient(window.kiosk ?? createWebBridge());
}
