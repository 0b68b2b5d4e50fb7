import fs from 'node:fs';
import tty from 'node:tty';
import type { SamSimulator } from './simulator.ts';

export interface SimServer {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serves a simulator on the far end of a pseudo-terminal (normally end b of a socat pty pair), so the
 * kiosk's serial transport talks to it exactly as to a USB-serial reader. The simulator side uses
 * Node's tty streams (libuv stream handles, two fds: one read, one write) rather than serialport, so
 * its own I/O adds as little latency as possible to what the benchmark measures on the kiosk side.
 * The pty is already raw (socat `raw,echo=0`); baud pacing is the simulator's job, not the line's.
 */
export function serveOnSerial(sim: SamSimulator, path: string): Promise<SimServer> {
  return new Promise((resolve, reject) => {
    let fdR: number;
    let fdW: number;
    try {
      const flags = fs.constants.O_RDWR | fs.constants.O_NOCTTY;
      fdR = fs.openSync(path, flags);
      fdW = fs.openSync(path, flags);
    } catch (e) {
      reject(new Error(`simulator cannot open ${path}: ${(e as Error).message}`, { cause: e }));
      return;
    }
    if (!tty.isatty(fdR)) {
      fs.closeSync(fdR);
      fs.closeSync(fdW);
      reject(new Error(`simulator needs a pty or tty, ${path} is not one`));
      return;
    }
    const rs = new tty.ReadStream(fdR);
    const ws = new tty.WriteStream(fdW);
    let open = true;
    // EIO when socat goes away: the pair is gone, as when a cable is pulled.
    rs.on('error', () => undefined);
    ws.on('error', () => undefined);
    const receive = sim.attach((bytes) => {
      if (open) ws.write(Buffer.from(bytes));
    });
    rs.on('data', (chunk: Buffer) => receive(chunk));
    resolve({
      path,
      async close() {
        if (!open) return;
        open = false;
        sim.detach();
        rs.destroy();
        ws.destroy();
      },
    });
  });
}
