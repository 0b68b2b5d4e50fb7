import { realClock, type DriverClock } from '../transport/clock.ts';
import type { Link, LinkOpener } from '../transport/link.ts';
import { encodeCardText, type IdCard } from './card-text.ts';
import { FrameDecoder } from './decoder.ts';
import { PREAMBLE, encodeResponse, wireMs, type RequestFrame } from './frame.ts';
import { buildReadData } from './read-reply.ts';
import { encodeSamId } from './sam-id.ts';
import { buildDeck, type SimCard } from './sim-deck.ts';
import { SW3 } from './status.ts';

export const simFaults = [
  'none',
  'no-card',
  'removed-mid-read',
  'sam-fail',
  'bad-checksum',
  'garbage',
  'slow',
  'mute',
  'bad-check-digit',
] as const;
export type SimFault = (typeof simFaults)[number];

export interface SimulatorOptions {
  deck?: SimCard[];
  /** UART speed whose byte timing the simulator honours when byteTiming (or the 'slow' fault) is on. */
  baudRate?: number;
  /** Pace every byte in and out at the baud rate, as a real UART does. */
  byteTiming?: boolean;
  /** Extra processing time per step (RF work on a real reader; 0 for a pure-wire benchmark). */
  processingMs?: Partial<Record<'find' | 'select' | 'read' | 'other', number>>;
  clock?: DriverClock;
  random?: () => number;
  samId?: string;
  /**
   * How byte timing waits between slices. 'timer' sleeps (fine in-process: demo mode, tests).
   * 'spin' busy-waits while a reply is on the wire, for a simulator in its own process standing in
   * for a device with its own CPU: a sleeping process is woken late on a loaded machine, which
   * would stretch the wire time the benchmark compares against.
   */
  pacing?: 'timer' | 'spin';
}

/** Processing times of a real reader (find/select/read budgets of §1.3), used by the 'slow' fault. */
const slowProcessing = { find: 60, select: 40, read: 700, other: 10 };

/**
 * The SAM reader as a protocol engine: it decodes requests exactly as a reader would (bad XOR → 10,
 * bad Len → 11, unknown command → 21), keeps the find → select → read state (a card must be found and
 * selected again before every read), and plays scripted faults. Bytes go out through `send`, paced at
 * the baud rate when byte timing is on. It runs behind a pty (serveOnSerial) or in-process (opener).
 */
export class SamSimulator {
  readonly deck: SimCard[];
  fault: SimFault = 'none';
  /** Requests that arrived while a reply was still going out: a host bug (two commands in flight). */
  overlaps = 0;
  requests = 0;
  private readonly opts: SimulatorOptions;
  private readonly clock: DriverClock;
  private readonly random: () => number;
  private readonly decoder = new FrameDecoder('request');
  private present: number | null = null;
  private found = false;
  private selected = false;
  private busyUntil = 0;
  private send: ((bytes: Buffer) => void) | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: SimulatorOptions = {}) {
    this.opts = opts;
    this.deck = opts.deck ?? buildDeck();
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
  }

  get baudRate(): number {
    return this.opts.baudRate ?? 115200;
  }

  get cardIndex(): number | null {
    return this.present;
  }

  insert(index: number): SimCard {
    const c = this.deck[index];
    if (!c) throw new RangeError(`no card ${index} in the deck (0..${this.deck.length - 1})`);
    this.present = index;
    this.found = false;
    this.selected = false;
    return c;
  }

  remove(): void {
    this.present = null;
    this.found = false;
    this.selected = false;
  }

  setFault(f: SimFault): void {
    this.fault = f;
  }

  /** Connects the output side; returns the function that takes bytes from the host. */
  attach(send: (bytes: Buffer) => void): (chunk: Uint8Array) => void {
    this.send = send;
    this.decoder.reset();
    return (chunk) => this.receive(chunk);
  }

  detach(): void {
    this.send = null;
  }

  private get timing(): boolean {
    return this.fault === 'slow' || (this.opts.byteTiming ?? false);
  }

  private receive(chunk: Uint8Array): void {
    for (const r of this.decoder.push(chunk)) {
      if (!r.ok) {
        if (r.error.kind === 'checksum') this.enqueue(10, encodeResponse(0, 0, SW3.CHECKSUM));
        else if (r.error.kind === 'length') this.enqueue(10, encodeResponse(0, 0, SW3.LENGTH));
        continue;
      }
      const req = r.frame as RequestFrame;
      this.requests++;
      if (this.clock.now() < this.busyUntil) this.overlaps++;
      this.handle(req, r.size);
    }
  }

  private handle(req: RequestFrame, size: number): void {
    const proc =
      this.fault === 'slow'
        ? slowProcessing
        : { find: 0, select: 0, read: 0, other: 0, ...this.opts.processingMs };
    const inMs = this.timing ? wireMs(size, this.baudRate) : 0;
    if (this.fault === 'mute') return;
    if (this.fault === 'sam-fail')
      return this.enqueue(inMs + proc.other, encodeResponse(0, 0, SW3.SELF_TEST));
    const key = `${req.cmd.toString(16)}:${req.para.toString(16)}`;
    switch (key) {
      case '10:ff':
      case '11:ff':
        return this.enqueue(inMs + proc.other, encodeResponse(0, 0, SW3.OK));
      case '12:ff':
        return this.enqueue(
          inMs + proc.other,
          encodeResponse(
            0,
            0,
            SW3.OK,
            encodeSamId(this.opts.samId ?? '05.01-20101129-0001228293-0296863149'),
          ),
        );
      case '20:1':
        if (this.present === null || this.fault === 'no-card') {
          this.found = false;
          return this.enqueue(inMs + proc.find, encodeResponse(0, 0, SW3.FIND_FAILED));
        }
        this.found = true;
        this.selected = false;
        return this.enqueue(inMs + proc.find, encodeResponse(0, 0, SW3.FIND_OK, new Uint8Array(4)));
      case '20:2':
        if (!this.found || this.present === null)
          return this.enqueue(inMs + proc.select, encodeResponse(0, 0, SW3.SELECT_FAILED));
        this.selected = true;
        return this.enqueue(inMs + proc.select, encodeResponse(0, 0, SW3.OK, new Uint8Array(8)));
      case '30:1':
      case '30:10':
        return this.read(req.para === 0x10, inMs + proc.read);
      case '30:3':
        // The deck carries no appended addresses: 91 "no content", as a card without one answers.
        this.found = false;
        this.selected = false;
        return this.enqueue(inMs + proc.read, encodeResponse(0, 0, SW3.NO_CONTENT));
      default:
        return this.enqueue(inMs + proc.other, encodeResponse(0, 0, SW3.BAD_COMMAND));
    }
  }

  private read(withFp: boolean, delayMs: number): void {
    const c = this.present === null ? undefined : this.deck[this.present];
    if (!this.selected || !c) {
      this.found = false;
      this.selected = false;
      return this.enqueue(delayMs, encodeResponse(0x64, 0x01, SW3.READ_FAILED));
    }
    // A card must be found and selected again before the next read (spec §3).
    this.found = false;
    this.selected = false;
    let card: IdCard = c.card;
    if (this.fault === 'bad-check-digit') {
      const last = card.idNumber.at(-1)!;
      card = { ...card, idNumber: card.idNumber.slice(0, -1) + (last === '1' ? '2' : '1') };
    }
    const data = buildReadData({
      text: encodeCardText(card),
      photo: c.photo,
      fingerprints: withFp ? (c.fingerprints ?? new Uint8Array()) : null,
    });
    const frame = encodeResponse(0, 0, SW3.OK, data);
    if (this.fault === 'removed-mid-read') {
      // The resident lifts the card while the reply is streaming: part of it, then silence.
      this.remove();
      return this.enqueue(delayMs, frame.subarray(0, Math.floor(frame.length * 0.4)));
    }
    this.enqueue(delayMs, frame);
  }

  /** Replies go out one after another, each after its delay, paced at the baud rate when timed. */
  private enqueue(delayMs: number, frame: Buffer): void {
    let out = frame;
    if (this.fault === 'bad-checksum' && out.length > 7) {
      out = Buffer.from(out);
      out[out.length - 1] = out[out.length - 1]! ^ 0x5a;
    }
    if (this.fault === 'garbage') out = Buffer.concat([this.noise(), out]);
    const wire = this.timing ? wireMs(out.length, this.baudRate) : 0;
    // Earliest moment the reply may start: the request's last byte is in and processing is done.
    const earliest = this.clock.now() + delayMs;
    this.busyUntil = Math.max(this.busyUntil, earliest) + wire;
    this.queue = this.queue.then(async () => {
      if (!this.timing) {
        if (delayMs > 0) await this.sleep(delayMs);
        this.send?.(out);
        return;
      }
      await this.emitPaced(out, Math.max(earliest, this.clock.now()));
    });
  }

  /** Noise that a bad cable or a reader booting produces, including near-miss preambles. */
  private noise(): Buffer {
    const n = 1 + Math.floor(this.random() * 40);
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.random() * 256);
    const trap = Buffer.from([...PREAMBLE.subarray(0, 4), 0x00, 0xaa, 0xaa, 0x96]);
    return Buffer.concat([b, trap]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => this.clock.setTimeout(r, ms));
  }

  /**
   * Writes bytes as they leave a UART: byte k (1-based) is complete at start + k·(10 bits / baud) and
   * is handed over then, in slices of up to 24 bytes. For the final slice a timer wakes us a little
   * early and the last stretch is awaited with setImmediate, so timer lateness does not stretch the
   * wire time (and only ~1.5 ms per frame is spent spinning).
   */
  private async emitPaced(bytes: Buffer, start: number): Promise<void> {
    const perByte = wireMs(1, this.baudRate);
    let sent = 0;
    while (sent < bytes.length) {
      const due = Math.min(bytes.length, Math.floor((this.clock.now() - start) / perByte));
      if (due > sent) {
        this.send?.(bytes.subarray(sent, due));
        sent = due;
      }
      if (sent >= bytes.length) break;
      const finalSlice = sent + 24 >= bytes.length;
      const target = start + Math.min(bytes.length, sent + 24) * perByte;
      const wait = target - this.clock.now();
      if (this.opts.pacing === 'spin') {
        // Sleep through processing delays; spin while bytes are due within a few milliseconds.
        if (wait > 5) await this.sleep(wait - 3);
        else await new Promise<void>((r) => setImmediate(r));
      } else if (!finalSlice) {
        // Only the last byte's arrival decides when the host has the frame: earlier slices may be late.
        await this.sleep(Math.max(1, wait));
      } else if (wait > 2) await this.sleep(wait - 1.5);
      else await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/**
 * An in-process link to a simulator (demo mode, fast tests): host writes reach the simulator, its
 * replies come back asynchronously like bytes from a port. `unplug()` ends the link as a pulled cable.
 */
export function simulatorOpener(sim: SamSimulator): LinkOpener & { unplug(): void; plugged: boolean } {
  let current: { onClose: (err?: Error) => void } | null = null;
  const opener = (async (handlers) => {
    if (!opener.plugged) throw new Error('simulated reader unplugged');
    let open = true;
    const receive = sim.attach((bytes) => {
      const copy = Buffer.from(bytes);
      setImmediate(() => {
        if (open) handlers.onData(copy);
      });
    });
    current = {
      onClose: (err) => {
        open = false;
        handlers.onClose(err);
      },
    };
    const link: Link = {
      async write(data) {
        if (!open) throw new Error('simulated link closed');
        const copy = Uint8Array.from(data);
        setImmediate(() => receive(copy));
      },
      async close() {
        open = false;
        sim.detach();
      },
    };
    return link;
  }) as LinkOpener & { unplug(): void; plugged: boolean };
  opener.plugged = true;
  opener.unplug = () => {
    opener.plugged = false;
    sim.detach();
    current?.onClose(new Error('simulated reader unplugged'));
    current = null;
  };
  return opener;
}
