import { realClock, type DriverClock } from '../transport/clock.ts';
import { TransportError, type ByteTransport } from '../transport/link.ts';
import { commands, type CommandName } from './commands.ts';
import { FrameDecoder } from './decoder.ts';
import { decodeCardText, type IdCard } from './card-text.ts';
import { IdCardError } from './errors.ts';
import { encodeRequest, wireMs, type ResponseFrame } from './frame.ts';
import { parseReadData, ReadReplyError, type ReadBlocks } from './read-reply.ts';
import { decodeSamId } from './sam-id.ts';
import { SW3, isSuccess, statusError } from './status.ts';

/** Per-step budgets in ms before wire time is added (client timeouts seen in the wild: §1.3). */
export interface SamTimeouts {
  status: number;
  samId: number;
  reset: number;
  find: number;
  select: number;
  read: number;
}
export const defaultTimeouts: SamTimeouts = {
  status: 500,
  samId: 500,
  reset: 1500,
  find: 800,
  select: 300,
  read: 1100,
};

export interface SamClientOptions {
  transport: ByteTransport;
  clock?: DriverClock;
  /** UART baud, so each step's timeout covers the reply's time on the wire; null for USB/HID. */
  baudRate?: number | null;
  timeouts?: Partial<SamTimeouts>;
}

export interface CardRead {
  card: IdCard;
  /** Opaque WLT bytes (see photo.ts); kept in memory only. */
  photo: Uint8Array;
  fingerprints: Uint8Array | null;
}

export interface WireStats {
  bytesOut: number;
  bytesIn: number;
  garbageBytes: number;
  badFrames: number;
  /** Well-formed replies that could not answer the command waiting (late replies to a timed-out one). */
  staleReplies: number;
}

/**
 * Could this success reply answer this command? Error replies carry no data and are taken as they
 * come; a success reply of the wrong shape (9F to a SAM-id request, a 16-byte SAM id to a find) is a
 * late answer to an earlier, timed-out command and must not be taken for this one.
 */
export function plausibleReply(name: CommandName, f: ResponseFrame): boolean {
  if (!isSuccess(f.sw3)) return true;
  switch (name) {
    case 'find':
      return f.sw3 === SW3.FIND_OK;
    case 'samId':
      return f.sw3 === SW3.OK && f.data.length === 16;
    case 'readText':
      return f.sw3 === SW3.OK && f.data.length >= 4 + 256;
    case 'readWithFingerprints':
      return f.sw3 === SW3.OK && f.data.length >= 6 + 256;
    case 'readAppendedAddress':
      return f.sw3 === SW3.OK && f.data.length <= 4 * 70;
    case 'samStatus':
    case 'reset':
    case 'select':
      return f.sw3 === SW3.OK && f.data.length < 16;
  }
}

/** Longest reply per command, for the wire-time part of its timeout. */
const maxReply: Record<CommandName, number> = {
  reset: 64,
  samStatus: 11,
  samId: 27,
  find: 15,
  select: 19,
  readText: 1295,
  readWithFingerprints: 2321,
  readAppendedAddress: 300,
};

interface Pending {
  name: CommandName;
  resolve: (f: ResponseFrame) => void;
  reject: (e: Error) => void;
  timer: { readonly id: number };
  sawBadFrame: string | null;
}

/**
 * Speaks the SAM protocol over a byte transport: strictly one command in flight (a chain serialises
 * callers), one reply per command, typed errors for every failure. After a timeout or a bad frame the
 * next command first waits for the line to go quiet and drops whatever was buffered, so a late reply
 * is never taken as the answer to the next command.
 */
export class SamClient {
  readonly stats: WireStats = { bytesOut: 0, bytesIn: 0, garbageBytes: 0, badFrames: 0, staleReplies: 0 };
  private readonly transport: ByteTransport;
  private readonly clock: DriverClock;
  private readonly baud: number | null;
  private readonly timeouts: SamTimeouts;
  private readonly decoder = new FrameDecoder('response');
  private chain: Promise<unknown> = Promise.resolve();
  private pending: Pending | null = null;
  private dirty = false;
  private lastByteAt = 0;
  private inFlight = 0;
  private readonly off: () => void;
  private readonly offState: () => void;

  constructor(opts: SamClientOptions) {
    this.transport = opts.transport;
    this.clock = opts.clock ?? realClock;
    this.baud = opts.baudRate ?? null;
    this.timeouts = { ...defaultTimeouts, ...opts.timeouts };
    this.off = this.transport.onData((chunk) => this.onData(chunk));
    // An unplug fails the command on the wire at once instead of letting it run into its timeout.
    this.offState = this.transport.onState((ev) => {
      const p = this.pending;
      if (ev.state === 'open' || !p) return;
      this.pending = null;
      this.dirty = true;
      this.clock.clearTimeout(p.timer);
      p.reject(
        new IdCardError('disconnected', 'idcard.disconnected', `${p.name}: ${ev.state} (${ev.detail})`),
      );
    });
  }

  dispose(): void {
    this.off();
    this.offState();
    const p = this.pending;
    this.pending = null;
    if (p) {
      this.clock.clearTimeout(p.timer);
      p.reject(new IdCardError('disconnected', 'idcard.disconnected', 'client disposed'));
    }
  }

  /** Commands currently on the wire (never more than 1; tests assert it). */
  get commandsInFlight(): number {
    return this.inFlight;
  }

  async samStatus(): Promise<void> {
    const r = await this.command('samStatus', this.timeouts.status);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'SAM status');
  }

  async samId(): Promise<string> {
    const r = await this.command('samId', this.timeouts.samId);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'SAM id');
    if (r.data.length < 16)
      throw new IdCardError('bad-frame', 'idcard.badFrame', `SAM id reply has ${r.data.length} bytes`);
    return decodeSamId(r.data);
  }

  async reset(): Promise<void> {
    const r = await this.command('reset', this.timeouts.reset);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'reset');
  }

  /** true when a card is in the field (9F), false for 80; anything else is an error. */
  async find(): Promise<boolean> {
    const r = await this.command('find', this.timeouts.find);
    if (r.sw3 === SW3.FIND_OK) return true;
    if (r.sw3 === SW3.FIND_FAILED) return false;
    throw statusError(r.sw3, r.sw1, r.sw2, 'find');
  }

  async select(): Promise<void> {
    const r = await this.command('select', this.timeouts.select);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'select');
  }

  async read(withFingerprints = false): Promise<ReadBlocks> {
    const name = withFingerprints ? 'readWithFingerprints' : 'readText';
    const r = await this.command(name, this.timeouts.read);
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'read');
    try {
      return parseReadData(r.data, withFingerprints);
    } catch (e) {
      if (e instanceof ReadReplyError)
        throw new IdCardError('bad-frame', 'idcard.badFrame', `read: ${e.message}`);
      throw e;
    }
  }

  /**
   * Latest appended address (30 03). Unconfirmed command without a documented reply layout: the
   * DATA is taken as UCS-2LE text (the card file is 4 × 70 bytes) and 91 means "none".
   */
  async readAppendedAddress(): Promise<string | null> {
    const r = await this.command('readAppendedAddress', this.timeouts.read);
    if (r.sw3 === SW3.NO_CONTENT) return null;
    if (r.sw3 !== SW3.OK) throw statusError(r.sw3, r.sw1, r.sw2, 'appended address');
    const text = Buffer.from(r.data).toString('utf16le').replaceAll('\u0000', ' ').trim();
    return text || null;
  }

  /** find → select → read, as every client does; find and select are repeated for every read. */
  async readCard(withFingerprints = false): Promise<CardRead> {
    if (!(await this.find())) throw statusError(SW3.FIND_FAILED, 0, 0, 'find');
    await this.select();
    const blocks = await this.read(withFingerprints);
    return { card: decodeCardText(blocks.text), photo: blocks.photo, fingerprints: blocks.fingerprints };
  }

  /** Sends one command and waits for its reply; callers are queued, never interleaved. */
  command(name: CommandName, budgetMs: number): Promise<ResponseFrame> {
    const run = this.chain.then(() => this.exchange(name, budgetMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async exchange(name: CommandName, budgetMs: number): Promise<ResponseFrame> {
    if (this.dirty) await this.settle();
    const c = commands[name];
    const bytes = encodeRequest(c.cmd, c.para);
    const timeoutMs =
      budgetMs + (this.baud ? Math.ceil(wireMs(bytes.length + maxReply[name], this.baud)) : 0);
    this.inFlight++;
    try {
      return await new Promise<ResponseFrame>((resolve, reject) => {
        const timer = this.clock.setTimeout(() => {
          const p = this.pending;
          this.pending = null;
          this.dirty = true;
          reject(
            p?.sawBadFrame
              ? new IdCardError('bad-frame', 'idcard.badFrame', `${name}: ${p.sawBadFrame}`)
              : new IdCardError('timeout', 'idcard.timeout', `${name}: no reply within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        this.pending = { name, resolve, reject, timer, sawBadFrame: null };
        this.stats.bytesOut += bytes.length;
        this.transport.write(bytes).catch((e: unknown) => {
          if (this.pending?.timer !== timer) return;
          this.clock.clearTimeout(timer);
          this.pending = null;
          // A write that fails (EIO, port closed, transport not open) means the device went away.
          const why = e instanceof TransportError ? e.message : `write failed: ${String(e)}`;
          reject(new IdCardError('disconnected', 'idcard.disconnected', `${name}: ${why}`));
        });
      });
    } finally {
      this.inFlight--;
    }
  }

  /** Waits until no byte arrived for 30 ms (at most 500 ms), then drops the decoder's buffer. */
  private async settle(): Promise<void> {
    const start = this.clock.now();
    while (this.clock.now() - this.lastByteAt < 30 && this.clock.now() - start < 500) {
      await new Promise<void>((r) => this.clock.setTimeout(r, 10));
    }
    this.decoder.reset();
    this.dirty = false;
  }

  private onData(chunk: Buffer): void {
    this.lastByteAt = this.clock.now();
    this.stats.bytesIn += chunk.length;
    for (const r of this.decoder.push(chunk)) {
      if (r.ok) {
        const p = this.pending;
        if (!p || r.frame.direction !== 'response') continue; // unsolicited: nobody asked, dropped
        if (!plausibleReply(p.name, r.frame)) {
          this.stats.staleReplies++;
          continue;
        }
        this.pending = null;
        this.clock.clearTimeout(p.timer);
        if (!isSuccess(r.frame.sw3) && (r.frame.sw3 === SW3.CHECKSUM || r.frame.sw3 === SW3.LENGTH))
          this.dirty = true;
        p.resolve(r.frame);
      } else if (r.error.kind === 'garbage') {
        this.stats.garbageBytes += r.error.skipped;
      } else {
        this.stats.badFrames++;
        const p = this.pending;
        if (!p) continue;
        if (r.error.kind === 'checksum') {
          // A complete frame whose XOR fails: the reply to this command is corrupt; fail now and retry.
          this.pending = null;
          this.dirty = true;
          this.clock.clearTimeout(p.timer);
          p.reject(new IdCardError('bad-frame', 'idcard.badFrame', `${p.name}: ${r.error.detail}`));
        } else p.sawBadFrame = r.error.detail;
      }
    }
  }
}
