/**
 * IPC channel names used by the Electron shell (main ↔ preload). Kept apart from the schemas so the
 * sandboxed preload bundle stays small: the preload checks shapes, the main process validates fully.
 */
export const IPC_INVOKE = 'kiosk:invoke';
export const IPC_EVENT = 'kiosk:event';
/** Longest call or event name the preload forwards. */
export const MAX_NAME_LENGTH = 80;
