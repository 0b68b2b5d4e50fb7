import { realClock, type DriverClock } from '../transport/clock.ts';
import type { ByteTransport, TransportStateEvent } from '../transport/link.ts';
import { decodeCardText, type CardProblem } from './card-text.ts';
import { IdCardError, isIdCardError, type IdCardErrorKind } from './errors.ts';
import type { IdcardMessageKey } from '../../electron/contract/idcard-messages.ts';
import { SamClient, type CardRead, type SamTimeouts } from './sam-client.ts';

export type ReaderFaultKind = Exclude<IdCardErrorKind, 'no-card' | 'no-content'>;

export interface ReaderFault {
  kind: ReaderFaultKind;
  messageKey: IdcardMessageKey;
  /** Technical; never personal data. */
  detail: string;
  problems?: CardProblem[];
}

export type ReaderState = 'stopped' | 'connecting' | 'ready' | 'watching' | 'fault' | 'disconnected';

export interface ReaderEvents {
  'card-inserted': Record<string, never>;
  'card-read': CardRead;
  'card-removed': Record<string, never>;
  fault: ReaderFault;
  state: { state: ReaderState; detail: string };
}
type Listener<E extends keyof ReaderEvents> = (payload: ReaderEvents[E]) => void;

export interface ReaderServiceOptions {
  transport: ByteTransport;
  clock?: DriverClock;
  /** UART baud for wire-time-aware timeouts; null for USB/HID. */
  baudRate?: number | null;
  pollIntervalMs?: number;
  /** Consecutive empty finds before a card counts as removed (one miss can be RF noise). */
  absentPolls?: number;
  timeouts?: Partial<SamTimeouts>;
  withFingerprints?: boolean;
}

type CardState = 'absent' | 'present' | 'read' | 'rejected';

/**
 * Polls find → select → read while a flow needs a card (watch(true)), and only then; turns replies
 * into card-inserted (once per card), card-read, card-removed and fault events. The SamClient keeps
 * exactly one command in flight; this loop is the only caller while watching. Card data passes
 * through in the card-read event and is not retained here.
 */
export class IdCardReaderService {
  readonly client: SamClient;
  private readonly opts: ReaderServiceOptions;
  private readonly clock: DriverClock;
  private readonly listeners = new Map<keyof ReaderEvents, Set<(p: never) => void>>();
  private watching = false;
  private looping = false;
  private connected = false;
  private samOk = false;
  private cardState: CardState = 'absent';
  private absentCount = 0;
  private lastFault: ReaderFaultKind | null = null;
  private currentState: ReaderState = 'stopped';
  private offTransport: (() => void) | null = null;
  private wake: (() => void) | null = null;

  constructor(opts: ReaderServiceOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? realClock;
    this.client = new SamClient({
      transport: opts.transport,
      clock: this.clock,
      baudRate: opts.baudRate ?? null,
      timeouts: opts.timeouts ?? {},
    });
  }

  get state(): ReaderState {
    return this.currentState;
  }

  get isWatching(): boolean {
    return this.watching;
  }

  on<E extends keyof ReaderEvents>(event: E, fn: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as (p: never) => void);
    return () => set.delete(fn as (p: never) => void);
  }

  start(): void {
    this.offTransport = this.opts.transport.onState((ev) => this.onTransport(ev));
    this.setState('connecting', this.opts.transport.description);
    this.opts.transport.start();
  }

  async stop(): Promise<void> {
    this.watching = false;
    this.offTransport?.();
    this.offTransport = null;
    this.wake?.();
    await this.opts.transport.stop();
    this.client.dispose();
    this.setState('stopped', 'stopped');
  }

  /** A flow needs a card (true) or no longer does (false: polling stops after the current step). */
  watch(on: boolean): void {
    this.watching = on;
    if (on) {
      // A new watch starts fresh: the card on the reader now is reported even if it was read before.
      this.cardState = 'absent';
      this.absentCount = 0;
      this.ensureLoop();
    } else {
      this.wake?.();
      if (this.connected) this.setState(this.samOk ? 'ready' : 'fault', 'idle');
    }
  }

  private emit<E extends keyof ReaderEvents>(event: E, payload: ReaderEvents[E]): void {
    for (const fn of this.listeners.get(event) ?? []) (fn as Listener<E>)(payload);
  }

  private setState(state: ReaderState, detail: string): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', { state, detail });
  }

  private fault(f: ReaderFault): void {
    if (this.lastFault === f.kind) return;
    this.lastFault = f.kind;
    this.emit('fault', f);
  }

  private onTransport(ev: TransportStateEvent): void {
    if (ev.state === 'open') {
      this.connected = true;
      this.samOk = false;
      this.lastFault = null;
      this.setState('ready', ev.detail);
      void this.checkSam().then(() => this.ensureLoop());
    } else if (ev.state === 'reconnecting' || ev.state === 'closed') {
      const was = this.connected;
      this.connected = false;
      if (ev.state === 'closed') return;
      if (was || this.lastFault === null) {
        this.fault({ kind: 'disconnected', messageKey: 'idcard.disconnected', detail: ev.detail });
      }
      this.setState('disconnected', ev.detail);
      if (this.cardState !== 'absent') {
        this.cardState = 'absent';
        this.emit('card-removed', {});
      }
    }
  }

  private async checkSam(): Promise<void> {
    if (this.looping) return;
    try {
      await this.client.samStatus();
      this.samOk = true;
      this.lastFault = null;
      this.setState(this.watching ? 'watching' : 'ready', 'SAM ok');
    } catch (e) {
      this.onError(e);
    }
  }

  private ensureLoop(): void {
    if (this.looping || !this.watching || !this.connected) return;
    this.looping = true;
    void this.loop().finally(() => {
      this.looping = false;
      // watch(true) may have come back while the loop was winding down.
      if (this.watching && this.connected) this.ensureLoop();
    });
  }

  private async loop(): Promise<void> {
    while (this.watching && this.connected) {
      let pause = this.opts.pollIntervalMs ?? 250;
      try {
        if (!this.samOk) {
          await this.client.samStatus();
          this.samOk = true;
          this.lastFault = null;
        }
        this.setState('watching', 'polling');
        await this.step();
      } catch (e) {
        this.onError(e);
        if (!this.samOk) pause = Math.max(pause, 1000);
      }
      if (!this.watching || !this.connected) break;
      await new Promise<void>((resolve) => {
        const t = this.clock.setTimeout(() => {
          this.wake = null;
          resolve();
        }, pause);
        this.wake = () => {
          this.clock.clearTimeout(t);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  private async step(): Promise<void> {
    const present = await this.client.find();
    if (!present) {
      this.absentCount++;
      if (this.cardState !== 'absent' && this.absentCount >= (this.opts.absentPolls ?? 2)) {
        this.cardState = 'absent';
        this.emit('card-removed', {});
      }
      this.lastFault = null;
      return;
    }
    this.absentCount = 0;
    if (this.cardState === 'absent') {
      this.cardState = 'present';
      this.emit('card-inserted', {});
    }
    if (this.cardState !== 'present') {
      this.lastFault = null;
      return; // already read (or rejected): only presence is watched until it is lifted
    }
    try {
      await this.client.select();
      const blocks = await this.client.read(this.opts.withFingerprints ?? false);
      const card = decodeCardText(blocks.text);
      this.lastFault = null;
      if (card.problems.length > 0) {
        this.cardState = 'rejected';
        this.fault({
          kind: 'invalid-card',
          messageKey: 'idcard.invalidCard',
          detail: `card data failed checks: ${card.problems.join(', ')}`,
          problems: card.problems,
        });
        return;
      }
      this.cardState = 'read';
      this.emit('card-read', { card, photo: blocks.photo, fingerprints: blocks.fingerprints });
    } catch (e) {
      if (isIdCardError(e) && ['timeout', 'bad-frame', 'read-failed'].includes(e.kind)) {
        // Was the card lifted during the read? Ask once; a missing card explains the failure.
        const still = await this.client.find().catch(() => true);
        if (!still) {
          this.cardState = 'absent';
          this.absentCount = 0;
          this.lastFault = null;
          this.fault({ kind: 'removed-mid-read', messageKey: 'idcard.removedMidRead', detail: e.message });
          this.emit('card-removed', {});
          return;
        }
      }
      throw e;
    }
  }

  private onError(e: unknown): void {
    const err = isIdCardError(e)
      ? e
      : new IdCardError('device-fault', 'idcard.deviceFault', e instanceof Error ? e.message : String(e));
    if (err.kind === 'sam-fault') {
      this.samOk = false;
      this.setState('fault', err.message);
    }
    if (err.kind === 'no-card' || err.kind === 'no-content') return;
    if (err.kind === 'disconnected') return; // the transport's state event reports it
    this.fault({ kind: err.kind, messageKey: err.messageKey, detail: err.message });
  }
}
