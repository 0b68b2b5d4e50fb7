import type { ByteTransport } from '../transport/link.ts';

/**
 * The byte pipe between the kiosk and a receipt printer, as the printer client needs it: write,
 * receive, and whether it is connected. Real printers are reached through drivers/transport's
 * ReconnectingTransport (serial, raw TCP 9100, or the USB printer-class device file opener here);
 * demo mode and tests can also wire a simulator straight in. Writes while disconnected fail at
 * once: a job must never sit in an OS buffer unaccounted for.
 */

export type LinkState = 'connecting' | 'open' | 'closed';

export interface ByteLink {
  readonly state: LinkState;
  /** Resolves once the bytes are handed to the OS (drained); rejects when not open. */
  write(data: Buffer): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  onState(listener: (state: LinkState) => void): () => void;
  close(): Promise<void>;
}

/** 'reconnecting' means the printer went away (unplugged, switched off): for printing, that is closed. */
function linkState(s: ByteTransport['state']): LinkState {
  if (s === 'open') return 'open';
  if (s === 'idle' || s === 'connecting') return 'connecting';
  return 'closed';
}

/** Adapts a shared ByteTransport (already started or not) to the printer's ByteLink. */
export function transportLink(t: ByteTransport): ByteLink & { transport: ByteTransport } {
  return {
    transport: t,
    get state() {
      return linkState(t.state);
    },
    write: (d) => t.write(d),
    onData: (l) => t.onData(l),
    onState: (l) => t.onState((ev) => l(linkState(ev.state))),
    close: () => t.stop(),
  };
}
