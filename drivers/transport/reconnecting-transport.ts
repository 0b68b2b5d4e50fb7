import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.ts';
import { realClock, type DriverClock } from './clock.ts';
import {
  TransportError,
  type ByteTransport,
  type Link,
  type LinkOpener,
  type TransportState,
  type TransportStateEvent,
} from './link.ts';

export interface ReconnectingTransportOptions {
  open: LinkOpener;
  /** Shown in state details and logs, e.g. "serial /dev/ttyUSB0". */
  description: string;
  backoff?: Partial<BackoffOptions>;
  clock?: DriverClock;
  random?: () => number;
}

/**
 * Keeps one link open for as long as it is started: opens it, and after an unplug or a failed open
 * retries with backoff, reporting each state change. Writes while not open fail at once with
 * TransportError('disconnected') rather than queueing, because a stale command sent to a device
 * that just came back would be answered out of context.
 */
export class ReconnectingTransport implements ByteTransport {
  readonly description: string;
  private readonly opts: ReconnectingTransportOptions;
  private readonly backoff: BackoffOptions;
  private readonly clock: DriverClock;
  private link: Link | null = null;
  private current: TransportState = 'idle';
  private attempt = 0;
  private timer: { readonly id: number } | null = null;
  private generation = 0;
  private everOpened = false;
  private readonly dataFns = new Set<(chunk: Buffer) => void>();
  private readonly stateFns = new Set<(ev: TransportStateEvent) => void>();

  constructor(opts: ReconnectingTransportOptions) {
    this.opts = opts;
    this.description = opts.description;
    this.backoff = { ...defaultBackoff, ...opts.backoff };
    this.clock = opts.clock ?? realClock;
  }

  get state(): TransportState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'idle' && this.current !== 'closed') return;
    this.attempt = 0;
    this.everOpened = false;
    this.connect(++this.generation);
  }

  async stop(): Promise<void> {
    this.generation++;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const link = this.link;
    this.link = null;
    if (link) await link.close().catch(() => undefined);
    this.setState('closed', 'stopped');
  }

  async write(data: Uint8Array): Promise<void> {
    const link = this.link;
    if (!link || this.current !== 'open') {
      throw new TransportError('disconnected', `${this.description} is ${this.current}`);
    }
    await link.write(data);
  }

  onData(fn: (chunk: Buffer) => void): () => void {
    this.dataFns.add(fn);
    return () => this.dataFns.delete(fn);
  }

  onState(fn: (ev: TransportStateEvent) => void): () => void {
    this.stateFns.add(fn);
    return () => this.stateFns.delete(fn);
  }

  waitOpen(timeoutMs: number): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = this.clock.setTimeout(() => {
        off();
        reject(new TransportError('timeout', `${this.description} not open after ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onState((ev) => {
        if (ev.state === 'open') {
          this.clock.clearTimeout(t);
          off();
          resolve();
        } else if (ev.state === 'closed') {
          this.clock.clearTimeout(t);
          off();
          reject(new TransportError('closed', `${this.description} stopped`));
        }
      });
    });
  }

  private setState(state: TransportState, detail: string): void {
    this.current = state;
    const ev = { state, detail, attempt: this.attempt };
    for (const fn of this.stateFns) fn(ev);
  }

  private connect(gen: number): void {
    this.setState(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting', this.description);
    this.opts
      .open({
        onData: (chunk) => {
          if (gen !== this.generation) return;
          for (const fn of this.dataFns) fn(chunk);
        },
        onClose: (err) => {
          if (gen !== this.generation) return;
          this.link = null;
          this.generation++;
          this.attempt = 0;
          this.scheduleRetry(this.generation, err?.message ?? 'link closed');
        },
      })
      .then(
        (link) => {
          if (gen !== this.generation) {
            void link.close().catch(() => undefined);
            return;
          }
          this.link = link;
          this.attempt = 0;
          this.everOpened = true;
          this.setState('open', this.description);
        },
        (err: unknown) => {
          if (gen !== this.generation) return;
          this.attempt++;
          this.scheduleRetry(gen, err instanceof Error ? err.message : String(err));
        },
      );
  }

  private scheduleRetry(gen: number, detail: string): void {
    this.setState('reconnecting', detail);
    const delay = backoffDelay(this.backoff, Math.max(0, this.attempt - 1), this.opts.random);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (gen === this.generation) this.connect(gen);
    }, delay);
  }
}
