import {
  KioskError,
  isEventName,
  type CallName,
  type Envelope,
  type EventName,
  type KioskBridge,
} from '../../../electron/contract/index.ts';

/** Reads the per-launch bridge token from the URL fragment the core printed (never sent to a server). */
export function tokenFromLocation(loc: Pick<Location, 'hash'>): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  return m ? m[1]! : null;
}

/**
 * Browser mode's stand-in for the Electron preload: the same KioskBridge over HTTP for calls and a
 * WebSocket for events, reconnecting with backoff when the core restarts.
 */
export function createWebBridge(
  loc: Pick<Location, 'protocol' | 'host' | 'hash'> = window.location,
): KioskBridge {
  const token = tokenFromLocation(loc) ?? '';
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let retry = 0;

  const connect = (): void => {
    const ws = new WebSocket(
      `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/events?token=${token}`,
    );
    ws.onopen = () => {
      retry = 0;
    };
    ws.onmessage = (msg) => {
      let data: { event?: unknown; payload?: unknown };
      try {
        data = JSON.parse(String(msg.data)) as typeof data;
      } catch {
        return;
      }
      if (!isEventName(data.event)) return;
      for (const l of listeners.get(data.event) ?? []) l(data.payload);
    };
    ws.onclose = () => {
      const delay = Math.min(10_000, 250 * 2 ** retry++);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    shell: 'web',
    async invoke(channel: CallName, payload: unknown): Promise<Envelope> {
      try {
        const res = await fetch(`${loc.protocol}//${loc.host}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(payload ?? {}),
        });
        return (await res.json()) as Envelope;
      } catch {
        return {
          ok: false,
          error: new KioskError('disconnected', 'bridge unreachable', 'errors.bridge').toData(),
        };
      }
    },
    on(event: EventName, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
