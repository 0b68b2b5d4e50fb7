import type { CallName, CallRequest, CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { isMessageKey, type MessageKey } from '../i18n/i18n.tsx';

/** What every step gets: the client, and a way to run a flow call that updates the screen's view. */
export interface StepProps<V> {
  client: KioskClient;
  view: V;
  /** Runs a flow call whose answer is the new view; errors become a plain message, never a crash. */
  run: <K extends CallName>(name: K, req: CallRequest<K>) => Promise<CallResponse<K> | null>;
}

export function messageOf(e: unknown): MessageKey {
  return e instanceof KioskError && isMessageKey(e.messageKey) ? e.messageKey : 'errors.internal';
}

/** Reads a key the core sent (flows.err.*) as a message key, falling back to a generic one. */
export function errorKey(k: string | undefined): MessageKey | null {
  if (!k) return null;
  return isMessageKey(k) ? k : 'errors.internal';
}

/** Canvas → base64 PNG without the data-URL prefix (what flow.sign / flow.material take). */
export function canvasBase64(c: HTMLCanvasElement, mime: 'image/png' | 'image/jpeg' = 'image/png'): string {
  return c.toDataURL(mime, 0.8).replace(/^data:image\/\w+;base64,/, '');
}
