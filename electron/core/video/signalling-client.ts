import WebSocket from 'ws';
import { PlatformToKioskSchema, type KioskToPlatform, type PlatformToKiosk } from './wire.ts';

/**
 * The kiosk's signalling socket to the platform for one call. It reconnects by itself after a cut
 * and presents the call token again (with a fresh device signature), so the platform resumes the
 * same call; messages sent while the socket is down wait in a bounded queue and go out on resume
 * (an ICE-restart offer made during a cut still reaches the agent).
 */
export interface SignallingClientOptions {
  /** ws(s)://platform/video/ws?call=<id> */
  url: string;
  /** Fresh headers per attempt: device signature (new nonce, timestamp) and the call token. */
  headers: (pathWithQuery: string) => Record<string, string>;
  ca?: Buffer | undefined;
  onMessage(m: PlatformToKiosk): void;
  onLink(up: boolean): void;
  /** The platform says the call is over (410) or not ours (403): stop retrying. */
  onGone(status: number): void;
  /** Delays between attempts; the last one repeats. Short: a 3 s cut must be over in well under 3 s. */
  retryMs?: number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const MAX_QUEUED = 500;

export class SignallingClient {
  private ws: WebSocket | null = null;
  private queue: string[] = [];
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  private up = false;
  private readonly o: SignallingClientOptions;

  constructor(o: SignallingClientOptions) {
    this.o = o;
    this.connect();
  }

  get connected(): boolean {
    return this.up;
  }

  send(m: KioskToPlatform): void {
    const s = JSON.stringify(m);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(s);
    else if (this.queue.length < MAX_QUEUED) this.queue.push(s);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) (this.o.clearTimer ?? clearTimeout)(this.timer as NodeJS.Timeout);
    this.ws?.close(1000, 'bye');
    this.ws = null;
  }

  private connect(): void {
    if (this.closed) return;
    const u = new URL(this.o.url);
    const ws = new WebSocket(this.o.url, {
      headers: this.o.headers(`${u.pathname}${u.search}`),
      handshakeTimeout: 5000,
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    });
    this.ws = ws;
    let gone = false;
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      if (status === 410 || status === 403) {
        gone = true;
        this.closed = true;
        this.o.onGone(status);
      }
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      this.attempt = 0;
      this.up = true;
      this.o.onLink(true);
      const q = this.queue;
      this.queue = [];
      for (const s of q) ws.send(s);
    });
    ws.on('message', (raw) => {
      let parsed;
      try {
        parsed = PlatformToKioskSchema.safeParse(JSON.parse(raw.toString()));
      } catch {
        return;
      }
      // A message we do not understand is dropped, not fatal: the platform may be newer.
      if (parsed.success) this.o.onMessage(parsed.data);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.up) {
        this.up = false;
        this.o.onLink(false);
      }
      if (this.closed || gone) return;
      const delays = this.o.retryMs ?? [100, 250, 400, 500];
      const d = delays[Math.min(this.attempt++, delays.length - 1)]!;
      this.timer = (this.o.setTimer ?? setTimeout)(() => {
        this.timer = null;
        this.connect();
      }, d);
    });
  }
}
