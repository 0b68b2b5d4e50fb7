import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../../transport/index.ts';

/**
 * A virtual-COM scanner on the far end of a socat pty pair: the kiosk (or `kioskctl scanner listen
 * --port`) opens `port`, and `scan()` writes a code plus the terminator as the scanner would.
 */
export class SerialScannerSim {
  readonly port: string;
  private readonly pair: PtyPair;
  private readonly far: SerialPort;
  private readonly terminator: Buffer;

  private constructor(pair: PtyPair, far: SerialPort, terminator: Buffer) {
    this.pair = pair;
    this.port = pair.a;
    this.far = far;
    this.terminator = terminator;
  }

  static async start(opts: { terminator?: Buffer; a?: string; b?: string } = {}): Promise<SerialScannerSim> {
    const pair = await createPtyPair({ ...(opts.a ? { a: opts.a } : {}), ...(opts.b ? { b: opts.b } : {}) });
    const far = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false, hupcl: false });
    await new Promise<void>((res, rej) => far.open((e) => (e ? rej(e) : res())));
    return new SerialScannerSim(pair, far, opts.terminator ?? Buffer.from('\r'));
  }

  /** Writes raw bytes (e.g. a code split over several writes, or garbage). */
  async write(bytes: Uint8Array): Promise<void> {
    await new Promise<void>((res, rej) => this.far.write(Buffer.from(bytes), (e) => (e ? rej(e) : res())));
    await new Promise<void>((res, rej) => this.far.drain((e) => (e ? rej(e) : res())));
  }

  async scan(code: string): Promise<void> {
    await this.write(Buffer.concat([Buffer.from(code, 'utf8'), this.terminator]));
  }

  async close(): Promise<void> {
    await new Promise<void>((res) => (this.far.isOpen ? this.far.close(() => res()) : res()));
    await this.pair.close();
  }
}
