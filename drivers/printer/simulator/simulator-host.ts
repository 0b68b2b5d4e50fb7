import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SerialPort } from 'serialport';
import type { ByteLink, LinkState } from '../printer-link.ts';
import type { PaperWidth } from '../text-width.ts';
import { EscPosSimulator, type SimFault, type SimReceipt } from './escpos-simulator.ts';
import { createPtyPair, type PtyPair } from '../../transport/pty-pair.ts';

export interface SimulatorHostOptions {
  paper?: PaperWidth;
  fault?: SimFault;
  /** Where each finished receipt is written as receipt-NNN.png; none when unset. */
  pngDir?: string;
  /**
   * Consume bytes at this serial speed (10 bits a byte), as a real printer's UART receives them.
   * A pty moves bytes at memory speed, so without this a benchmark would measure nothing real.
   */
  baud?: number;
}

/**
 * Puts an EscPosSimulator at the far end of a pty (serial / device-file tests, `kioskctl printer
 * simulate`), a TCP port (9100 tests) or an in-memory link (demo mode without socat).
 */
export class PrinterSimulatorHost {
  readonly sim: EscPosSimulator;
  readonly pngFiles: string[] = [];
  private readonly pngDir: string | undefined;
  private readonly baud: number | undefined;
  private queue: { chunk: Buffer; due: number }[] = [];
  private due = 0;
  private timer: NodeJS.Timeout | null = null;
  private send: (reply: Buffer) => void = () => {};
  private closers: (() => Promise<void>)[] = [];
  private pngSeq = 0;
  /** Drops the connected kiosk, as a printer being power-cycled does (TCP host only). */
  dropClients: () => void = () => {};

  constructor(opts: SimulatorHostOptions = {}) {
    this.sim = new EscPosSimulator({ paper: opts.paper ?? 80, ...(opts.fault ? { fault: opts.fault } : {}) });
    this.pngDir = opts.pngDir;
    this.baud = opts.baud;
    if (this.pngDir) {
      fs.mkdirSync(this.pngDir, { recursive: true });
      this.sim.onReceipt((r) => this.writePng(r));
    }
  }

  private pngChain: Promise<void> = Promise.resolve();

  /**
   * The renderer (and its native canvas module) is loaded only when PNGs are wanted, so a kiosk
   * core running the demo simulator without PNG output never loads @napi-rs/canvas. Files are
   * written in receipt order; `pngFiles` lists each once it is on disk.
   */
  private writePng(r: SimReceipt): void {
    const file = path.join(this.pngDir!, `receipt-${String(++this.pngSeq).padStart(3, '0')}.png`);
    this.pngChain = this.pngChain.then(async () => {
      const { renderReceiptPng } = await import('./receipt-renderer.ts');
      fs.writeFileSync(file, renderReceiptPng(r, this.sim.paper));
      this.pngFiles.push(file);
    });
    this.pngChain.catch(() => {});
  }

  /** Resolves once every receipt so far is written as PNG; rejects if rendering failed. */
  pngsWritten(): Promise<void> {
    return this.pngChain;
  }

  /** Bytes from the kiosk: processed now, or paced at the configured baud rate. */
  feed(chunk: Buffer): void {
    if (!this.baud) {
      this.reply(this.sim.receive(chunk));
      return;
    }
    const now = performance.now();
    this.due = Math.max(this.due, now) + (chunk.length * 10 * 1000) / this.baud;
    this.queue.push({ chunk, due: this.due });
    this.pump();
  }

  private pump(): void {
    if (this.timer) return;
    const now = performance.now();
    while (this.queue.length && this.queue[0]!.due <= now)
      this.reply(this.sim.receive(this.queue.shift()!.chunk));
    if (this.queue.length) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.max(0, this.queue[0]!.due - now),
      );
    }
  }

  private reply(bytes: Buffer): void {
    if (bytes.length) this.send(bytes);
  }

  /** Creates a socat pty pair; the kiosk side is `link`, the simulator holds the other end. */
  static async onPty(
    link: string,
    opts: SimulatorHostOptions = {},
  ): Promise<PrinterSimulatorHost & { pty: PtyPair }> {
    const host = new PrinterSimulatorHost(opts);
    const pty = await createPtyPair({ a: link, b: `${link}.sim` });
    const port = new SerialPort({ path: pty.b, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    port.on('data', (chunk: Buffer) => host.feed(chunk));
    port.on('error', () => {});
    host.send = (b) => void port.write(b);
    host.closers.push(
      () => new Promise<void>((res) => (port.isOpen ? port.close(() => res()) : res())),
      () => pty.close(),
    );
    return Object.assign(host, { pty });
  }

  /** A network printer on 127.0.0.1:port (0 picks a free port; read it from `.port`). */
  static async onTcp(
    port = 0,
    opts: SimulatorHostOptions = {},
  ): Promise<PrinterSimulatorHost & { port: number }> {
    const host = new PrinterSimulatorHost(opts);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((sock) => {
      sockets.add(sock);
      sock.setNoDelay(true);
      host.send = (b) => void sock.write(b);
      sock.on('data', (chunk) => host.feed(chunk));
      sock.on('error', () => {});
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise<void>((res) => server.listen(port, '127.0.0.1', () => res()));
    host.dropClients = () => {
      for (const s of sockets) s.destroy();
    };
    host.closers.push(
      () =>
        new Promise<void>((res) => {
          for (const s of sockets) s.destroy();
          server.close(() => res());
        }),
    );
    return Object.assign(host, { port: (server.address() as net.AddressInfo).port });
  }

  /** A ByteLink wired straight to the simulator, for demo mode where socat may be missing. */
  static inMemory(opts: SimulatorHostOptions = {}): { host: PrinterSimulatorHost; link: ByteLink } {
    const host = new PrinterSimulatorHost(opts);
    const data = new Set<(c: Buffer) => void>();
    let state: LinkState = 'open';
    const stateL = new Set<(s: LinkState) => void>();
    host.send = (b) => queueMicrotask(() => data.forEach((l) => l(b)));
    const link: ByteLink = {
      get state() {
        return state;
      },
      write: async (d) => {
        if (state !== 'open') throw new Error('simulated printer link closed');
        host.feed(Buffer.from(d));
      },
      onData: (l) => (data.add(l), () => data.delete(l)),
      onState: (l) => (stateL.add(l), () => stateL.delete(l)),
      close: async () => {
        state = 'closed';
        stateL.forEach((l) => l(state));
      },
    };
    return { host, link };
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.closers.reverse()) await c();
    this.closers = [];
  }
}
