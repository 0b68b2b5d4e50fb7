/**
 * The byte pipe between the kiosk and a receipt printer. Kept deliberately small (write, receive,
 * state) so the printer client works the same over serial, a USB printer-class device file and raw
 * TCP 9100, and so it can be backed by drivers/transport's generic reconnecting stream when that is
 * used. Writes while disconnected fail at once: a job must never sit in an OS buffer unaccounted for.
 */

export type LinkState = 'connecting' | 'open' | 'closed';

export interface ByteLink {
  readonly state: LinkState;
  /** Resolves once the bytes are handed to the OS (drained); rejects with LinkError when not open. */
  write(data: Buffer): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  onState(listener: (state: LinkState) => void): () => void;
  close(): Promise<void>;
}

export class LinkError extends Error {
  readonly code: 'not-open' | 'write-failed' | 'open-failed';
  constructor(code: LinkError['code'], message: string) {
    super(message);
    this.name = 'LinkError';
    this.code = code;
  }
}

/** One opened connection; ReconnectingLink re-creates it after the device goes away. */
export interface RawConnection {
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}
export interface ConnectionHandlers {
  onData(chunk: Buffer): void;
  /** Called once when the connection is lost (unplugged, reset, remote closed). */
  onClose(reason: string): void;
}
export type Connector = (handlers: ConnectionHandlers) => Promise<RawConnection>;

export interface ReconnectOptions {
  /** First retry delay; doubles up to maxDelayMs. A printer being re-plugged is back within seconds. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Keeps a connection open: reconnects with exponential backoff after a failed open or a lost link. */
export class ReconnectingLink implements ByteLink {
  private conn: RawConnection | null = null;
  private current: LinkState = 'connecting';
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly stateListeners = new Set<(s: LinkState) => void>();
  private delay: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly connector: Connector;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly firstOpen: Promise<void>;

  constructor(connector: Connector, opts: ReconnectOptions = {}) {
    this.connector = connector;
    this.minDelay = opts.minDelayMs ?? 250;
    this.maxDelay = opts.maxDelayMs ?? 10_000;
    this.delay = this.minDelay;
    this.firstOpen = this.connect();
  }

  get state(): LinkState {
    return this.current;
  }

  /** Resolves after the first open attempt (succeeded or not), so callers can report a first state. */
  ready(): Promise<void> {
    return this.firstOpen;
  }

  private setState(s: LinkState): void {
    if (s === this.current) return;
    this.current = s;
    for (const l of this.stateListeners) l(s);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.setState('connecting');
    let lost = false;
    try {
      const conn = await this.connector({
        onData: (chunk) => {
          for (const l of this.dataListeners) l(chunk);
        },
        onClose: () => {
          if (lost) return;
          lost = true;
          if (this.conn === conn) this.conn = null;
          if (!this.closed) {
            this.setState('closed');
            this.schedule();
          }
        },
      });
      if (this.closed) {
        await conn.close().catch(() => {});
        return;
      }
      this.conn = conn;
      this.delay = this.minDelay;
      this.setState('open');
    } catch {
      if (this.closed) return;
      this.setState('closed');
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.delay);
    this.timer.unref();
    this.delay = Math.min(this.maxDelay, this.delay * 2);
  }

  async write(data: Buffer): Promise<void> {
    const conn = this.conn;
    if (!conn || this.current !== 'open') throw new LinkError('not-open', 'printer link is not open');
    try {
      await conn.write(data);
    } catch (e) {
      throw new LinkError('write-failed', `write to printer failed: ${(e as Error).message}`);
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const conn = this.conn;
    this.conn = null;
    this.setState('closed');
    if (conn) await conn.close().catch(() => {});
  }
}
